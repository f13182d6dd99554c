// `cp` in the local engine: finds both ends (host, container rootfs, its volumes and bind mounts, a tar on stdio) and streams one into the other.
import fs from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import type { CopyOptions, CopyStreams } from '../containers.ts';
import { bundleDir, type LifecycleEnv } from '../../container/env.ts';
import { lastName, planCopy, wantsContents, type CopyArg, type DestFacts } from '../../container/copy-rules.ts';
import { extractUnder, packTree, type OwnerNames } from '../../container/copy-tar.ts';
import { withContainerLock } from '../../container/lock.ts';
import { reconcile } from '../../container/reconcile.ts';
import { findContainer, type ContainerRecord } from '../../container/records.ts';
import { ensureRootfs } from './container-mount.ts';
import { parseGroup, parsePasswd, resolveUser } from '../../runtime/user.ts';
import { hostPasswd } from '../../sys/host.ts';
import { RootResolver } from '../../storage/resolve.ts';
import { getVolume } from '../../volume/records.ts';
import { BerthError } from '../../util/errors.ts';

/** A container opened for the copy: its rootfs (mounted for the copy when it was not) and its mounts. */
interface OpenContainer {
  rec: ContainerRecord;
  input: string;
  rootfs: string;
}

/** Where a path lives on the host: a root that symlinks may not leave, and the path relative to it. */
interface Place {
  root: string;
  rel: string;
  /** The path as the user typed it, for errors. */
  shown: string;
  /** "on container c1" / "on the host", as podman words it. */
  where: string;
  /** The path `root` has as the user sees it (a mount's destination; / for a rootfs or the host), for errors. */
  seenAs: string;
}

const RUN_FILES: Array<[string, string]> = [['hosts', '/etc/hosts'], ['resolv.conf', '/etc/resolv.conf'], ['hostname', '/etc/hostname'], ['.containerenv', '/run/.containerenv']];

const invalid = (msg: string) => new BerthError('invalid-argument', msg);

/** Runs `fn` with the container's rootfs mounted, under its lock; unmounts afterwards only what this call mounted. */
async function withContainer<T>(env: LifecycleEnv, input: string, fn: (c: OpenContainer) => Promise<T>): Promise<T> {
  const found = findContainer(env.db, input);
  if (!found) throw new BerthError('not-found', `container "${input}" does not exist`);
  return withContainerLock(env, found.id, async () => {
    const rec = reconcile(env, found);
    if (rec.state === 'removing') throw new BerthError('conflict', `container ${rec.id} is being removed: container state improper`);
    const { rootfs, mountedNow } = await ensureRootfs(env, rec);
    try {
      return await fn({ rec, input, rootfs });
    } finally {
      if (mountedNow) await env.layers().unmount(rec.id);
    }
  });
}

/**
 * The host place of a container path. Running: under its process's /proc root. Otherwise under the longest volume or
 * bind-mount destination containing it (they are not in the overlay, as podman resolves them), else the rootfs.
 */
function placeInContainer(env: LifecycleEnv, c: OpenContainer, p: string): Place {
  const abs = path.posix.resolve('/', p);
  // A running container is seen through its process's root: every mount it has (volumes, binds, tmpfs) as it sees them.
  const live = (c.rec.state === 'running' || c.rec.state === 'paused') && c.rec.pid > 0 ? `/proc/${c.rec.pid}/root` : '';
  if (live && fs.existsSync(live)) return { root: live, rel: abs.slice(1), shown: p, where: `on container ${c.input}`, seenAs: '/' };
  const mounts: Array<{ destination: string; source: string }> = [
    ...(c.rec.config.spec.mounts ?? []).filter((m) => m.type === 'bind').map((m) => ({ destination: m.destination, source: m.source })),
    ...c.rec.config.volumes.map((v) => ({ destination: v.destination, source: getVolume(env.db, v.name)?.mountpoint ?? '' })),
    // The generated run files are bind-mounted over the rootfs while the container has them (podman's BindMounts).
    ...RUN_FILES.map(([file, destination]) => ({ destination, source: path.join(bundleDir(env, c.rec.id), file) })).filter((m) => fs.existsSync(m.source)),
  ].filter((m) => m.source !== '');
  let best: { destination: string; source: string } | undefined;
  for (const m of mounts) {
    const d = path.posix.resolve('/', m.destination);
    if ((abs === d || abs.startsWith(d === '/' ? '/' : `${d}/`)) && (!best || d.length > best.destination.length)) best = { destination: d, source: m.source };
  }
  const shown = p;
  const where = `on container ${c.input}`;
  if (!best) return { root: c.rootfs, rel: abs.slice(1), shown, where, seenAs: '/' };
  const rest = path.posix.relative(best.destination, abs);
  // A bind-mounted file: its directory is the root, the file its only reachable name.
  const st = fs.statSync(best.source, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) return { root: path.dirname(best.source), rel: path.posix.join(path.basename(best.source), rest), shown, where, seenAs: path.posix.dirname(best.destination) };
  return { root: best.source, rel: rest, shown, where, seenAs: best.destination };
}

const placeOnHost = (p: string): Place => ({ root: '/', rel: path.resolve(p).slice(1), shown: p, where: 'on the host', seenAs: '/' });

/** The parent's resolved directory, or undefined when it is missing or not a directory. */
function parentDir(res: RootResolver, rel: string): string | undefined {
  const slash = rel.lastIndexOf('/');
  try {
    return res.dir(slash < 0 ? '' : rel.slice(0, slash), false);
  } catch {
    return undefined;
  }
}

/**
 * The source's host path and whether it is a directory. Podman follows a symlink named as the source (on the host and
 * in a container alike) and copies its target; here the target is resolved inside the place's root.
 */
function statSource(pl: Place): { abs: string; isDir: boolean } {
  const res = new RootResolver(pl.root);
  const notFound = () => new BerthError('not-found', `"${pl.shown}" could not be found ${pl.where}: no such file or directory`);
  let rel = pl.rel;
  for (let hops = 0; hops <= 40; hops++) {
    if (rel === '') return { abs: res.root, isDir: true };
    const parent = parentDir(res, rel);
    const abs = parent && `${parent}/${rel.slice(rel.lastIndexOf('/') + 1)}`;
    const st = abs ? fs.lstatSync(abs, { throwIfNoEntry: false }) : undefined;
    if (!abs || !st) throw notFound();
    if (!st.isSymbolicLink()) return { abs, isDir: st.isDirectory() };
    // The link's parent as resolved (relative to the root), then its target from there; `..` stops at the root.
    const target = fs.readlinkSync(abs);
    const from = path.posix.relative(res.root, parent);
    rel = path.posix.normalize(`/${target.startsWith('/') ? target : path.posix.join(from, target)}`).slice(1);
  }
  throw new BerthError('invalid-argument', `"${pl.shown}": too many levels of symbolic links`);
}

/** What the destination is: a directory (symlinks to one count), another file, or missing (with whether its parent is a directory). */
function destFacts(pl: Place): DestFacts {
  const res = new RootResolver(pl.root);
  if (pl.rel === '') return { kind: 'dir' };
  try {
    if (res.dir(pl.rel, false)) return { kind: 'dir' };
  } catch {
    return { kind: 'file' }; // the last component (or a link to it) is not a directory
  }
  const parent = parentDir(res, pl.rel);
  if (!parent) return { kind: 'missing', parentIsDir: false };
  const st = fs.lstatSync(`${parent}/${pl.rel.slice(pl.rel.lastIndexOf('/') + 1)}`, { throwIfNoEntry: false });
  return st ? { kind: 'file' } : { kind: 'missing', parentIsDir: true };
}

/** The uid/gid podman gives copied files with --archive (the container's user, root without one). */
function containerOwner(c: OpenContainer): { uid: number; gid: number } {
  const user = c.rec.config.spec.user ?? c.rec.config.image.User ?? '';
  if (!user) return { uid: 0, gid: 0 };
  const read = (f: string) => {
    try {
      return fs.readFileSync(path.join(c.rootfs, 'etc', f), 'utf8');
    } catch {
      return '';
    }
  };
  try {
    const u = resolveUser(user, read('passwd'), read('group'));
    return { uid: u.uid, gid: u.gid };
  } catch {
    return { uid: 0, gid: 0 };
  }
}

/** stdin as tar, gunzipped or zstd-decompressed when it starts with their magic (podman takes compressed tars too). */
async function* tarFromStdin(stdin: Readable): AsyncGenerator<Buffer> {
  const it = stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const head = Buffer.from(first.value);
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (let n = await it.next(); !n.done; n = await it.next()) yield Buffer.from(n.value);
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const zstd = head.readUInt32LE(0) === 0xfd2fb528;
  if (!gzip && !zstd) return yield* all();
  const d = gzip ? createGunzip() : createZstdDecompress();
  yield* Readable.from(all()).pipe(d) as AsyncIterable<Buffer>;
}

/** The host's user and group names, looked up once, for the tar headers written to stdout (as podman's). */
function hostOwnerNames(): OwnerNames {
  let group = '';
  try {
    group = fs.readFileSync('/etc/group', 'utf8');
  } catch {
    // no group database: numeric only
  }
  const users = new Map(parsePasswd(hostPasswd()).reverse().map((e) => [e.uid, e.name]));
  const groups = new Map(parseGroup(group).reverse().map((e) => [e.gid, e.name]));
  return { user: (uid) => users.get(uid), group: (gid) => groups.get(gid) };
}

/** Writes the tar out with backpressure; a reader that went away (EPIPE) ends the copy with an error carrying that code. */
async function writeAll(src: AsyncIterable<Buffer>, out: Writable): Promise<void> {
  let failed: Error | undefined;
  const onError = (e: Error) => { failed = e; };
  out.on('error', onError);
  const gone = () => failed ?? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
  try {
    for await (const chunk of src) {
      if (failed || out.destroyed) throw gone();
      if (!out.write(chunk)) {
        await new Promise<void>((res) => {
          const done = () => { out.off('drain', done); out.off('close', done); out.off('error', done); res(); };
          out.on('drain', done).on('close', done).on('error', done);
        });
      }
    }
    if (failed) throw failed;
  } finally {
    out.off('error', onError);
  }
}

/** podman cp: src and dest already parsed; at least one names a container (the CLI checks). */
/** `export`: the rootfs as its storage holds it, packed from the merged dir (a running container's too, not /proc/PID/root). */
export async function exportFs(env: LifecycleEnv, input: string, out: Writable): Promise<void> {
  if (!findContainer(env.db, input)) throw new BerthError('not-found', `no container with name or ID "${input}" found: no such container`);
  await withContainer(env, input, (c) => writeAll(packTree(c.rootfs, null, hostOwnerNames()), out));
}

export async function copy(env: LifecycleEnv, src: CopyArg, dest: CopyArg, o: CopyOptions, io: CopyStreams): Promise<void> {
  const open = async (arg: CopyArg, other: { input: string; c: OpenContainer } | undefined, fn: (c: OpenContainer | undefined) => Promise<void>) => {
    if (arg.kind !== 'container') return fn(undefined);
    if (other && other.input === arg.container) return fn(other.c);
    return withContainer(env, arg.container, fn);
  };
  await open(src, undefined, (sc) => open(dest, sc && src.kind === 'container' ? { input: src.container, c: sc } : undefined, async (dc) => {
    const placeOf = (arg: CopyArg, c: OpenContainer | undefined): Place | undefined =>
      arg.kind === 'stdio' ? undefined : arg.kind === 'container' ? placeInContainer(env, c!, arg.path) : placeOnHost(arg.path);
    const srcPlace = placeOf(src, sc);
    const destPlace = placeOf(dest, dc);
    const owner = dc && o.archive ? containerOwner(dc) : undefined;
    const display = (pl: Place) => (rel: string) => path.posix.join(pl.seenAs, rel);

    if (!srcPlace) {
      // A tar on stdin is extracted into an existing directory.
      if (!destPlace || destFacts(destPlace).kind !== 'dir') throw invalid('destination must be a directory when copying from stdin');
      const notTar = () => invalid('source must be a (compressed) tar archive when copying from stdin');
      try {
        const n = await extractUnder(tarFromStdin(io.stdin), destPlace.root, destPlace.rel, { owner, overwrite: o.overwrite, display: display(destPlace) });
        if (n === 0) throw notTar(); // empty input, as podman: not an archive
      } catch (e) {
        if (e instanceof BerthError && e.message.startsWith('invalid tar stream')) throw notTar();
        if ((e as { code?: string }).code === 'Z_DATA_ERROR') throw notTar();
        throw e;
      }
      return;
    }
    const source = statSource(srcPlace);
    if (!destPlace) {
      const contents = source.isDir && wantsContents(srcPlace.shown);
      await writeAll(packTree(source.abs, contents ? null : lastName(srcPlace.shown) || null, hostOwnerNames()), io.stdout);
      return;
    }
    const destPath = dest.kind === 'stdio' ? '' : dest.path;
    const plan = planCopy({ path: srcPlace.shown, isDir: source.isDir }, destPath, destFacts(destPlace));
    if (!plan.ok) {
      if (plan.error === 'dir-onto-file') throw invalid('destination must be a directory when copying a directory');
      if (plan.error === 'dest-not-dir' && dest.kind === 'container') {
        // Podman lets its copier find this one, and prints the copier's multi-error.
        const abs = path.posix.resolve('/', destPath);
        throw new BerthError('conflict', `1 error occurred:\n\t* copying to container: copier: put: ${abs} (${abs}): exists but is not a directory`);
      }
      const why = plan.error === 'dest-missing' ? 'no such file or directory' : `stat ${destPlace.root === '/' ? path.resolve(destPath) + (destPath.endsWith('/') ? '/' : '') : destPath}: not a directory`;
      throw new BerthError('not-found', `"${destPlace.shown}" could not be found ${destPlace.where}: ${why}`);
    }
    const base = plan.into === 'dest' ? destPlace.rel : destPlace.rel.includes('/') ? destPlace.rel.slice(0, destPlace.rel.lastIndexOf('/')) : '';
    await extractUnder(packTree(source.abs, plan.as), destPlace.root, base, { owner, overwrite: o.overwrite, display: display(destPlace) });
  }));
}
