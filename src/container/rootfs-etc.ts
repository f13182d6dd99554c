// Additions to a container's own /etc (its layer, before it starts: passwd/group lines, the mtab link), never through a
// symlink out of the rootfs.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Appends `line` to the container's /etc/<name> (in its own layer, as podman's --passwd does) and returns the new text.
 * Never through a symbolic link, which an image could point out of its rootfs: then nothing is added.
 */
export function appendInRootfs(rootfs: string, name: 'passwd' | 'group', text: string, line: string): string {
  const etc = path.join(rootfs, 'etc');
  try {
    if (fs.lstatSync(etc).isSymbolicLink()) return text;
  } catch {
    fs.mkdirSync(etc, { mode: 0o755 });
  }
  const add = (text && !text.endsWith('\n') ? '\n' : '') + line;
  let fd: number;
  try {
    fd = fs.openSync(path.join(etc, name), fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') return text;
    throw e;
  }
  try {
    fs.writeSync(fd, add);
  } finally {
    fs.closeSync(fd);
  }
  return text + add;
}

/**
 * /etc/mtab as a link to /proc/mounts when the image has none, as podman makes it at every start (tools that read
 * the mount table from /etc/mtab). Nothing when /etc is a symbolic link (it could point out of the rootfs) or when
 * anything already has the name.
 */
export function ensureMtab(rootfs: string): void {
  const etc = path.join(rootfs, 'etc');
  try {
    if (fs.lstatSync(etc).isSymbolicLink()) return;
  } catch {
    fs.mkdirSync(etc, { mode: 0o755 });
  }
  try {
    fs.symlinkSync('/proc/mounts', path.join(etc, 'mtab'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}
