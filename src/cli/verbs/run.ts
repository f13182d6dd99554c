// `berth run`: create, start and (unless -d) attach; exits with the container's exit code; --rm removes it after.
import fs from 'node:fs';
import type { CommandContext } from '../command.ts';
import type { ContainerCreateOptions } from '../../engine/containers.ts';
import type { Engine } from '../../engine/types.ts';
import { getEngine } from '../../engine/index.ts';
import { Writable } from 'node:stream';
import { BerthError, isBerthError } from '../../util/errors.ts';
import { log } from '../../util/log.ts';
import { checkPassthroughStdio, localStreams, pullProgress, shortNameChooser } from '../terminal.ts';
import { createOptionsFrom } from './run-options.ts';

/**
 * Whether the container will use the passthrough log driver (--log-driver, else containers.conf's log_driver), after
 * podman's CLI check that goes with it. Such a container writes to this process's stdio: podman then prints no ID.
 */
export async function passthroughChecked(engine: Engine, o: ContainerCreateOptions): Promise<boolean> {
  const driver = o.logDriver ?? (await engine.containers.createDefaults()).logDriver;
  if (driver !== 'passthrough') return false;
  checkPassthroughStdio();
  return true;
}

/** Creates the container (pulling per policy, progress on stderr) and writes --cidfile. */
export async function createFromFlags(engine: Engine, o: ContainerCreateOptions): Promise<string> {
  if (o.cidfile && fs.existsSync(o.cidfile)) {
    throw new BerthError('already-exists', `container id file exists. Ensure another container is not using it or delete ${o.cidfile}`);
  }
  const progress = pullProgress(o.quiet ?? false);
  let id: string;
  try {
    // As podman records its os.Args: the command as invoked (the launcher's path, since a #! script loses argv[0]).
    const createCommand = o.createCommand ?? [process.argv[1] ?? 'berth', ...process.argv.slice(2)];
    const made = await engine.containers.create({ ...o, createCommand }, progress.onEvent, shortNameChooser());
    id = made.Id;
    // podman prints its create warnings as plain lines (the kernel's unsupported blkio limits).
    for (const w of made.Warnings ?? []) process.stderr.write(`${w}\n`);
  } finally {
    progress.finish();
  }
  if (o.cidfile) fs.writeFileSync(o.cidfile, id);
  return id;
}

export default async function run(ctx: CommandContext): Promise<number> {
  const o = createOptionsFrom(ctx);
  if (o.detach && o.rm && o.restart && o.restart !== 'no') {
    throw new BerthError('invalid-argument', 'the --rm option conflicts with --restart, when the restartPolicy is not "" and "no"');
  }
  const engine = await getEngine(ctx.globals);
  let passthrough = false;
  try {
    passthrough = await passthroughChecked(engine, o);
    if (passthrough && ctx.changed.has('attach')) throw new BerthError('invalid-argument', 'cannot specify --attach with --log-driver=passthrough: invalid argument');
    const id = await createFromFlags(engine, o);
    if (o.detach) {
      try {
        await engine.containers.start(id, o.preserveFds ? { preserveFds: o.preserveFds } : {});
      } catch (e) {
        if (o.rm) await engine.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
        throw startFailed(e);
      }
      if (!passthrough) process.stdout.write(`${id}\n`);
      return 0;
    }
    // passthrough: the container reads this process's stdin itself (Node must not), and nothing is attached.
    const streams = localStreams({ stdin: (o.interactive ?? false) && !passthrough, ...(o.detachKeys !== undefined ? { detachKeys: o.detachKeys } : {}), sigProxy: o.sigProxy ?? true });
    // -a: only the named output streams are shown (stdin follows -i, as podman 4.3)
    if (o.attach?.length) {
      if (!o.attach.includes('stdout')) streams.stdout = discard();
      if (!o.attach.includes('stderr')) streams.stderr = discard();
    }
    let r;
    try {
      r = await engine.containers.start(id, { attach: streams, ...(o.preserveFds ? { preserveFds: o.preserveFds } : {}) });
    } catch (e) {
      if (o.rm) await engine.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
      throw startFailed(e);
    }
    if (r.Detached) return 0;
    if (o.rmi) await removeImage(engine, o.image);
    return r.ExitCode ?? 0;
  } finally {
    await engine.close();
    if (o.interactive && !passthrough) process.stdin.destroy();
  }
}

const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

/**
 * podman's `run` exits 126 for whatever fails once the container exists (its network, user, mounts, the runtime's
 * create): 127 and 126 from the runtime (command not found, not executable) stay; create's own errors keep 125.
 */
function startFailed(e: unknown): unknown {
  if (!isBerthError(e) || e.exitCode !== 125) return e;
  return new BerthError(e.code, e.message, { exitCode: 126, cause: e, ...(e.hint ? { hint: e.hint } : {}) });
}

/** --rmi: remove the image the container ran (not forced); in use or already gone is logged, as podman does. */
async function removeImage(engine: Engine, image: string): Promise<void> {
  try {
    const r = await engine.images.remove([image], {});
    for (const e of r.Errors) log.error(e.message);
  } catch (e) {
    log.error((e as Error).message);
  }
}
