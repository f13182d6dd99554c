// Additions to a container's own /etc files (its layer, before it starts), never through a symlink out of the rootfs.
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
