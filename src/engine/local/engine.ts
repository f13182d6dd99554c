// The local Engine: implements the contract in-process on top of the subsystems.
import type { Engine, EngineOptions } from '../types.ts';
import { LocalContext } from './context.ts';
import { LocalSystemEngine } from './system.ts';
import { createLocalImageEngine } from './images.ts';
import { LocalNetworkEngine } from './networks.ts';
import { LocalVolumeEngine } from './volumes.ts';
import { LocalContainerEngine } from './containers.ts';

export function createLocalEngine(opts: EngineOptions): Engine {
  const ctx = new LocalContext(opts);
  const networks = new LocalNetworkEngine(ctx);
  const images = createLocalImageEngine(ctx);
  const containers = new LocalContainerEngine(ctx, opts, images);
  const volumes = new LocalVolumeEngine(ctx, {
    removeContainer: async (id, o) => {
      await containers.remove(id, { force: o.force, ...(o.timeout !== undefined ? { timeout: o.timeout } : {}) });
    },
  });
  return {
    system: new LocalSystemEngine(ctx),
    images,
    containers,
    networks,
    volumes,
    async close() {
      networks.close();
      ctx.close();
    },
  };
}
