// Test-only busybox rootfs and minimal OCI bundle (the real config.json generator lives in src/runtime/spec*.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const BUSYBOX = '/bin/busybox';

/** Copies the static busybox into `<dir>/bin` with applet symlinks, /etc/passwd and /etc/group. */
export function makeBusyboxRootfs(dir: string): void {
  for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'usr/bin', 'sbin']) {
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  }
  fs.copyFileSync(BUSYBOX, path.join(dir, 'bin', 'busybox'));
  fs.chmodSync(path.join(dir, 'bin', 'busybox'), 0o755);
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const a of applets) {
    if (a === 'busybox') continue;
    const link = path.join(dir, 'bin', a);
    if (!fs.existsSync(link)) fs.symlinkSync('busybox', link);
  }
  fs.writeFileSync(path.join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  fs.writeFileSync(path.join(dir, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\n');
  // A file that exists but cannot be executed (for the 126 case).
  fs.writeFileSync(path.join(dir, 'bin', 'noexec'), '#!/bin/sh\necho no\n', { mode: 0o644 });
}

const CAPS = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP', 'CAP_SETGID', 'CAP_SETPCAP', 'CAP_SETUID', 'CAP_SYS_CHROOT',
];

export interface BundleOptions {
  args: string[];
  terminal?: boolean;
  env?: string[];
  cwd?: string;
}

/** A minimal OCI runtime config for a busybox bundle. */
export function minimalConfig(opts: BundleOptions): Record<string, unknown> {
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: opts.terminal ?? false,
      user: { uid: 0, gid: 0 },
      args: opts.args,
      env: opts.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
      cwd: opts.cwd ?? '/',
      capabilities: { bounding: CAPS, effective: CAPS, permitted: CAPS },
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: false },
    hostname: 'berth-test',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    ],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'network' }],
      maskedPaths: ['/proc/kcore', '/proc/keys', '/proc/timer_list', '/sys/firmware'],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
    },
  };
}

/** A shared rootfs copied once per test file; bundles point at it (runc does not modify the rootfs here). */
export function makeBundle(dir: string, rootfs: string, opts: BundleOptions): string {
  fs.mkdirSync(dir, { recursive: true });
  const cfg = minimalConfig(opts);
  (cfg['root'] as { path: string }).path = rootfs;
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(cfg, null, 2));
  return dir;
}

/** A fresh temp directory tree for one test file: rootfs, run root, bundles. */
export function makeTestRoot(prefix = 'berth-rt-'): { dir: string; rootfs: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const rootfs = path.join(dir, 'rootfs');
  makeBusyboxRootfs(rootfs);
  return { dir, rootfs, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
