// Test fixtures for spec generation: busybox's image config and /etc files, Podman 4.3 defaults, this host's shape.
import { readFileSync } from 'node:fs';
import type { SpecConf, SpecHost, SpecInput, ContainerCreateOptions, ImageConfig } from './spec-types.ts';

export const BUSYBOX_PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;

export const BUSYBOX_GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
wheel:x:10:root
users:x:100:
nogroup:x:65534:
`;

export const BUSYBOX_IMAGE: ImageConfig = {
  Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  Cmd: ['sh'],
};

/** Podman 4.3's built-in defaults plus the ulimits this project's hosts need for Podman comparisons. */
export const PODMAN_CONF: SpecConf = {
  defaultCapabilities: [
    'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW',
    'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
  ],
  defaultSysctls: ['net.ipv4.ping_group_range=0 0'],
  defaultUlimits: ['nofile=20000:20000', 'nproc=8192:8192'],
  env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
  envHost: false, httpProxy: true, pidsLimit: 2048, shmSize: '65536k', cgroupns: 'private', ipcns: 'shareable',
  netns: 'private', pidns: 'private', utsns: 'private', init: false, initPath: '', umask: '0022', cgroupManager: 'cgroupfs',
};

export const CONTAINER_ID = 'cb4f04dff0bbf053d6d9d5c3efac9f84f0522ff918e9ac9b6fa16b93902ab9ba';
const RUN = `/run/berth/containers/${CONTAINER_ID}`;

/** The containers-common profile when installed (Debian golang-github-containers-common), else undefined. */
export function systemSeccompProfile(): unknown {
  try {
    return JSON.parse(readFileSync('/usr/share/containers/seccomp.json', 'utf8'));
  } catch {
    return undefined;
  }
}

export function hostFacts(over: Partial<SpecHost> = {}): SpecHost {
  return {
    containerId: CONTAINER_ID, arch: 'amd64', hostname: 'vm', cgroupVersion: 'v1',
    rlimits: { RLIMIT_NOFILE: { soft: 20000, hard: 20000 }, RLIMIT_NPROC: { soft: 96365, hard: 96365 } },
    passwd: BUSYBOX_PASSWD, group: BUSYBOX_GROUP, env: { PATH: '/usr/bin:/bin', HOME: '/root', FOO: 'from-host' },
    resolvConfPath: `${RUN}/resolv.conf`, hostsPath: `${RUN}/hosts`, hostnamePath: `${RUN}/hostname`,
    containerEnvPath: `${RUN}/.containerenv`, shmPath: `${RUN}/shm`,
    netnsPath: '/run/netns/berth-test', created: '2025-05-20T00:00:00Z',
    ...over,
  };
}

export function specInput(options: ContainerCreateOptions = {}, host: Partial<SpecHost> = {}, image = BUSYBOX_IMAGE): SpecInput {
  return { image, options, conf: PODMAN_CONF, host: hostFacts(host), paths: { rootfs: `/var/lib/berth/overlay/${CONTAINER_ID}/merged` } };
}
