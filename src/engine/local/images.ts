// The local ImageEngine: registry-facing verbs (pull, search, login) and store-only verbs, composed into one contract.
import type { ImageEngine } from '../images.ts';
import type { LocalContext } from './context.ts';
import { RegistryImageOps } from './image-registry.ts';
import { LocalImageOps } from './image-local.ts';

export function createLocalImageEngine(ctx: LocalContext): ImageEngine {
  const registry: Pick<ImageEngine, 'pull' | 'search' | 'login' | 'logout'> = new RegistryImageOps(ctx);
  const local: Omit<ImageEngine, 'pull' | 'search' | 'login' | 'logout'> = new LocalImageOps(ctx);
  return {
    pull: (ref, opts, onEvent) => registry.pull(ref, opts, onEvent),
    search: (term, opts) => registry.search(term, opts),
    login: (reg, opts) => registry.login(reg, opts),
    logout: (reg, opts) => registry.logout(reg, opts),
    list: (opts) => local.list(opts),
    inspect: (names) => local.inspect(names),
    history: (name) => local.history(name),
    tag: (name, names) => local.tag(name, names),
    untag: (name, names) => local.untag(name, names),
    remove: (names, opts) => local.remove(names, opts),
    prune: (opts) => local.prune(opts),
    exists: (name) => local.exists(name),
    tree: (name, opts) => local.tree(name, opts),
  };
}
