// The local Engine: implements the contract in-process on top of the subsystems, each loaded on first use.
import type { Engine, EngineOptions } from '../types.ts';
import type { ImageEngine } from '../images.ts';
import type { ContainerEngine } from '../containers.ts';
import type { NetworkEngine } from '../networks.ts';
import type { VolumeEngine } from '../volumes.ts';
import type { SecretEngine } from '../secrets.ts';
import { LocalContext } from './context.ts';
import { LocalSystemEngine } from './system.ts';

/**
 * A contract group whose implementation module is imported on its first method call. Start-up cost is part of every
 * verb's latency: `berth ps` must not load the registry client, `berth version` nothing at all.
 */
function lazyGroup<T extends object>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, key) {
      // Not a thenable, and symbols (inspection) are not methods.
      if (key === 'then' || typeof key === 'symbol') return undefined;
      return async (...args: unknown[]) => {
        const group = await (loaded ??= load());
        return (group[key as keyof T] as (...a: unknown[]) => unknown).apply(group, args);
      };
    },
  });
}

export function createLocalEngine(opts: EngineOptions): Engine {
  const ctx = new LocalContext(opts);
  const closers: Array<() => void> = [];
  const images = lazyGroup<ImageEngine>(() => import('./images.ts').then((m) => m.createLocalImageEngine(ctx)));
  const containers = lazyGroup<ContainerEngine>(() =>
    import('./containers.ts').then((m) => new m.LocalContainerEngine(ctx, opts, images)),
  );
  const networks = lazyGroup<NetworkEngine>(() =>
    import('./networks.ts').then((m) => {
      const n = new m.LocalNetworkEngine(ctx);
      closers.push(() => n.close());
      return n;
    }),
  );
  const volumes = lazyGroup<VolumeEngine>(() =>
    import('./volumes.ts').then(
      (m) =>
        new m.LocalVolumeEngine(ctx, {
          removeContainer: async (id, o) => {
            await containers.remove(id, { force: o.force, ...(o.timeout !== undefined ? { timeout: o.timeout } : {}) });
          },
        }),
    ),
  );
  const secrets = lazyGroup<SecretEngine>(() => import('./secrets.ts').then((m) => new m.LocalSecretEngine(ctx)));
  return {
    system: new LocalSystemEngine(ctx),
    images,
    containers,
    networks,
    volumes,
    secrets,
    async close() {
      for (const c of closers) c();
      ctx.close();
    },
  };
}
