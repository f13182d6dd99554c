// Store-only image verbs of the local engine: list, inspect, history, tag, untag, remove, prune, exists, tree.
import type { ImageEngine } from '../images.ts';
import type { LocalContext } from './context.ts';
import { BerthError } from '../../util/errors.ts';

type Ops = Omit<ImageEngine, 'pull' | 'search' | 'login' | 'logout'>;
const pending = (verb: string) => new BerthError('internal', `${verb}: under construction`);

export class LocalImageOps implements Ops {
  readonly ctx: LocalContext;
  constructor(ctx: LocalContext) {
    this.ctx = ctx;
  }
  async list(): Promise<never> { throw pending('images'); }
  async inspect(): Promise<never> { throw pending('inspect'); }
  async history(): Promise<never> { throw pending('history'); }
  async tag(): Promise<never> { throw pending('tag'); }
  async untag(): Promise<never> { throw pending('untag'); }
  async remove(): Promise<never> { throw pending('rmi'); }
  async prune(): Promise<never> { throw pending('prune'); }
  async exists(): Promise<never> { throw pending('exists'); }
  async tree(): Promise<never> { throw pending('tree'); }
}
