// `berth exec [-i] [-t] [-d] [-e] [--env-file] [-u] [-w] [--privileged] CONTAINER CMD...`: exits with the command's code.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';
import { localStreams } from '../terminal.ts';
import { latestId } from './ps-shared.ts';

const ERR = 255; // podman 4.3's exit code for exec's own errors (measured)

export default async function exec(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const latest = f['latest'] === true;
  const args = [...ctx.args];
  const engine = await getEngine(ctx.globals);
  const interactive = f['interactive'] === true;
  try {
    if (!latest && !args.length) throw new BerthError('invalid-argument', 'exec requires the name or ID of a container or the --latest flag', { exitCode: ERR });
    const target = latest ? await latestId(engine) : args.shift()!;
    const detach = f['detach'] === true;
    const detachKeys = ctx.changed.has('detach-keys') ? (f['detach-keys'] as string) : undefined;
    const streams = localStreams({ stdin: interactive, sigProxy: false, ...(detachKeys !== undefined ? { detachKeys } : {}) });
    let r;
    try {
      r = await engine.containers.exec(target, {
        command: args, interactive, tty: f['tty'] === true, detach,
        env: f['env'] as string[], envFiles: f['env-file'] as string[], privileged: f['privileged'] === true,
        ...(ctx.changed.has('user') ? { user: f['user'] as string } : {}),
        ...(ctx.changed.has('workdir') ? { workdir: f['workdir'] as string } : {}),
        ...(detachKeys !== undefined ? { detachKeys } : {}),
        ...((f['preserve-fds'] as number | undefined) ? { preserveFds: f['preserve-fds'] as number } : {}),
      }, detach ? undefined : streams);
    } catch (e) {
      // podman exec reports its own failures with 255; OCI runtime 126/127 pass through, and so does 125 for fds
      // --preserve-fds names that were not passed (podman checks them before it starts a session).
      if (isBerthError(e) && e.exitCode === 125 && e.code !== 'not-found' && !e.message.startsWith('file descriptor ')) {
        throw new BerthError(e.code, e.message, { exitCode: ERR });
      }
      throw e;
    }
    if (detach) {
      process.stdout.write(`${r.Id}\n`);
      return 0;
    }
    if (r.Detached) {
      // The session's conmon still holds our pipes: leave now, as podman does, printing nothing.
      setImmediate(() => process.exit(0));
      return 0;
    }
    return r.ExitCode ?? 0;
  } finally {
    await engine.close();
    if (interactive) process.stdin.destroy();
  }
}
