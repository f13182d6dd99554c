// The local Engine: implements the contract in-process on top of the subsystems.
import type { Engine, EngineOptions } from '../types.ts';
import { LocalContext } from './context.ts';
import { LocalSystemEngine } from './system.ts';
import type { ImageEngine } from '../images.ts';
import { LocalNetworkEngine } from './networks.ts';
import { LocalVolumeEngine } from './volumes.ts';
import { LocalContainerEngine } from './containers.ts';

export function createLocalEngine(opts: EngineOptions): Engine {
  const ctx = new LocalContext(opts);
  const networks = new LocalNetworkEngine(ctx);
  const images = lazyImageEngine(ctx);
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

/** The image engine, loaded on first use: its registry client (undici, TLS) costs start-up time verbs like `run` rarely need. */
function lazyImageEngine(ctx: LocalContext): ImageEngine {
  let p: Promise<ImageEngine> | undefined;
  const get = () => (p ??= import('./images.ts').then((m) => m.createLocalImageEngine(ctx)));
  const methods: Array<keyof ImageEngine> = ['pull', 'search', 'login', 'logout', 'list', 'inspect', 'history', 'tag', 'untag', 'remove', 'prune', 'exists', 'tree'];
  const out: Record<string, unknown> = {};
  for (const m of methods) out[m] = async (...args: unknown[]) => ((await get())[m] as (...a: unknown[]) => unknown)(...args);
  return out as unknown as ImageEngine;
}
