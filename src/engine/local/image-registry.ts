// Registry-facing image verbs of the local engine: pull, search, login, logout.
import type { ImageEngine } from '../images.ts';
import type { LocalContext } from './context.ts';
import { BerthError } from '../../util/errors.ts';

type Ops = Pick<ImageEngine, 'pull' | 'search' | 'login' | 'logout'>;
const pending = (verb: string) => new BerthError('internal', `${verb}: under construction`);

export class RegistryImageOps implements Ops {
  readonly ctx: LocalContext;
  constructor(ctx: LocalContext) {
    this.ctx = ctx;
  }
  async pull(): Promise<never> { throw pending('pull'); }
  async search(): Promise<never> { throw pending('search'); }
  async login(): Promise<never> { throw pending('login'); }
  async logout(): Promise<never> { throw pending('logout'); }
}
