// The local Engine: implements the contract in-process on top of the subsystems.
import type { Engine, EngineOptions } from '../types.ts';
import { LocalContext } from './context.ts';
import { LocalSystemEngine } from './system.ts';
import { createLocalImageEngine } from './images.ts';
import { LocalNetworkEngine } from './networks.ts';
import { LocalVolumeEngine } from './volumes.ts';

export function createLocalEngine(opts: EngineOptions): Engine {
  const ctx = new LocalContext(opts);
  const networks = new LocalNetworkEngine(ctx);
  return {
    system: new LocalSystemEngine(ctx),
    images: createLocalImageEngine(ctx),
    networks,
    volumes: new LocalVolumeEngine(ctx),
    async close() {
      networks.close();
      ctx.close();
    },
  };
}
