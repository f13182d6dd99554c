// `berth login [REGISTRY]`: checks credentials against the registry, then stores them in the auth file.
import { createInterface } from 'node:readline';
import type { CommandContext } from '../command.ts';
import type { LoginOptions } from '../../engine/images.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';

async function readStdin(): Promise<string> {
  let s = '';
  for await (const c of process.stdin) s += c;
  return s.replace(/\r?\n$/, '');
}

/** Reads one line from the terminal; with `hidden`, nothing is echoed (the password prompt). */
export function prompt(question: string, hidden = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    if (!hidden) {
      const rl = createInterface({ input: stdin, terminal: false });
      rl.once('line', (l) => (rl.close(), resolve(l)));
      rl.once('close', () => resolve(''));
      return;
    }
    let s = '';
    stdin.setRawMode(true);
    stdin.resume();
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(s);
    };
    const onData = (b: Buffer) => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new BerthError('invalid-argument', 'interrupted'));
        if (ch === '\u007f' || ch === '\b') s = s.slice(0, -1);
        else s += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export default async function login(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 1) throw new BerthError('invalid-argument', `accepts at most 1 arg(s), received ${ctx.args.length}`);
  const f = ctx.flags;
  const registry = ctx.args[0] ?? '';
  const opts: LoginOptions = {};
  if (f['authfile']) opts.authfile = f['authfile'] as string;
  if (f['cert-dir']) opts.certDir = f['cert-dir'] as string;
  if (ctx.changed.has('tls-verify')) opts.tlsVerify = f['tls-verify'] === true;
  const engine = await getEngine(ctx.globals);
  try {
    if (f['get-login'] === true) {
      const user = await engine.images.login(registry, { ...opts, getLogin: true });
      process.stdout.write(`${user ?? ''}\n`);
      return 0;
    }
    let username = (f['username'] as string) || undefined;
    let password = (f['password'] as string) || undefined;
    if (f['password-stdin'] === true) {
      if (password) throw new BerthError('invalid-argument', "can't specify both --password-stdin and --password");
      if (!username) throw new BerthError('invalid-argument', 'must provide --username with --password-stdin');
      password = await readStdin();
    }
    const tty = process.stdin.isTTY === true;
    if (!username) {
      if (!tty) throw new BerthError('invalid-argument', 'cannot prompt for a username without a TTY: use --username');
      username = (await prompt('Username: ')).trim();
    }
    if (!password) {
      if (!tty) throw new BerthError('invalid-argument', 'cannot prompt for a password without a TTY: use --password-stdin');
      password = await prompt('Password: ', true);
    }
    await engine.images.login(registry, { ...opts, username, password });
    process.stdout.write('Login Succeeded!\n');
    return 0;
  } finally {
    await engine.close();
  }
}
