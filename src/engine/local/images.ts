// The local ImageEngine: registry-facing verbs (pull, search, login) and store-only verbs, each half loaded on first use.
import type { ImageEngine } from '../images.ts';
import type { LocalContext } from './context.ts';

type RegistryOps = Pick<ImageEngine, 'pull' | 'search' | 'login' | 'logout'>;
type StoreOps = Omit<ImageEngine, 'pull' | 'search' | 'login' | 'logout'>;

export function createLocalImageEngine(ctx: LocalContext): ImageEngine {
  // `images` must not pay for the registry client, nor `pull` for listing and removal code.
  let registryOps: Promise<RegistryOps> | undefined;
  let storeOps: Promise<StoreOps> | undefined;
  const registry = () => (registryOps ??= import('./image-registry.ts').then((m) => new m.RegistryImageOps(ctx)));
  const local = () => (storeOps ??= import('./image-local.ts').then((m) => new m.LocalImageOps(ctx)));
  return {
    pull: async (ref, opts, onEvent, choose) => (await registry()).pull(ref, opts, onEvent, choose),
    search: async (term, opts) => (await registry()).search(term, opts),
    login: async (reg, opts) => (await registry()).login(reg, opts),
    logout: async (reg, opts) => (await registry()).logout(reg, opts),
    list: async (opts) => (await local()).list(opts),
    inspect: async (names) => (await local()).inspect(names),
    history: async (name) => (await local()).history(name),
    tag: async (name, names) => (await local()).tag(name, names),
    untag: async (name, names) => (await local()).untag(name, names),
    remove: async (names, opts) => (await local()).remove(names, opts),
    prune: async (opts) => (await local()).prune(opts),
    exists: async (name) => (await local()).exists(name),
    tree: async (name, opts) => (await local()).tree(name, opts),
  };
}
