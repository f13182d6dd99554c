// cgroupfs placement of a helper process (conmon) in `<parent>/conmon`, as podman's cgroupfs manager does it; reading a
// container cgroup's stats files (v1 and v2).
import fs from 'node:fs';
import path from 'node:path';
import { listMounts, type MountInfo } from './mount.ts';

export interface CgroupHierarchy {
  /** Where it is mounted (e.g. /sys/fs/cgroup/memory, or /sys/fs/cgroup for the unified one). */
  mountPoint: string;
  /** v1: the controllers it carries; v2: empty. */
  controllers: string[];
}

/** The kernel's v1 controllers (mount options name them beside flags like xattr or clone_children). */
const V1_CONTROLLERS = new Set(['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'net_cls', 'perf_event',
  'net_prio', 'hugetlb', 'pids', 'rdma', 'misc']);

/**
 * The hierarchies a process is placed in: the unified one when cgroup2 is mounted at /sys/fs/cgroup, else every v1
 * hierarchy carrying a controller (a named one without controllers, like name=systemd, is left alone).
 */
export function parseHierarchies(mounts: readonly MountInfo[]): CgroupHierarchy[] {
  const v1: CgroupHierarchy[] = [];
  for (const m of mounts) {
    if (m.fsType === 'cgroup2' && m.mountPoint === '/sys/fs/cgroup') return [{ mountPoint: m.mountPoint, controllers: [] }];
    if (m.fsType !== 'cgroup') continue;
    const controllers = m.options.split(',').filter((o) => V1_CONTROLLERS.has(o));
    if (controllers.length && !v1.some((h) => h.mountPoint === m.mountPoint)) v1.push({ mountPoint: m.mountPoint, controllers });
  }
  return v1;
}

let hierarchies: CgroupHierarchy[] | undefined;

/** A new v1 cpuset cgroup takes no task until cpuset.cpus and cpuset.mems are set: copied down from its parent. */
function fillCpuset(root: string, rel: string): void {
  let dir = root;
  for (const part of rel.split('/').filter(Boolean)) {
    const child = path.join(dir, part);
    for (const f of ['cpuset.cpus', 'cpuset.mems']) {
      if (fs.readFileSync(path.join(child, f), 'utf8').trim() === '') fs.writeFileSync(path.join(child, f), fs.readFileSync(path.join(dir, f), 'utf8').trim());
    }
    dir = child;
  }
}

/**
 * Puts `pid` into the cgroup `rel` (e.g. /berth_parent/conmon) of every hierarchy, creating it as needed. The kernel's
 * first attach in a while waits for an RCU grace period (5-15 ms here); those after it, within a few tens of ms, do not
 * (all hierarchies share the lock that costs it). So the first write goes to the thread pool and the caller goes on
 * meanwhile; the others follow at once when it is done. The runtime's own attach, moments later, is quick then too.
 */
export function joinCgroup(pid: number, rel: string): Promise<void> {
  hierarchies ??= parseHierarchies(listMounts());
  const fds: number[] = [];
  try {
    for (const h of hierarchies) {
      const dir = path.join(h.mountPoint, rel);
      fs.mkdirSync(dir, { recursive: true });
      if (h.controllers.includes('cpuset')) fillCpuset(h.mountPoint, rel);
      fds.push(fs.openSync(path.join(dir, 'cgroup.procs'), fs.constants.O_WRONLY));
    }
  } catch (e) {
    for (const fd of fds) fs.closeSync(fd);
    return Promise.reject(e as Error);
  }
  const data = Buffer.from(String(pid));
  return new Promise((resolve, reject) => {
    const [first, ...rest] = fds;
    if (first === undefined) return resolve();
    fs.write(first, data, 0, data.length, null, (err) => {
      try {
        if (err) throw err;
        for (const fd of rest) fs.writeSync(fd, data);
        resolve();
      } catch (e) {
        reject(e as Error);
      } finally {
        for (const fd of fds) fs.closeSync(fd);
      }
    });
  });
}

/** The stats files `stats` reads, per v1 controller; v2 keeps them all in one directory. */
const V1_STATS_FILES: Record<string, string[]> = {
  cpuacct: ['cpuacct.usage'],
  memory: ['memory.usage_in_bytes'],
  blkio: ['blkio.throttle.io_service_bytes_recursive', 'blkio.throttle.io_service_bytes'],
  pids: ['pids.current'],
};
const V2_STATS_FILES = ['cpu.stat', 'memory.current', 'io.stat', 'pids.current'];

/** The cgroup directory (relative to a hierarchy) of an OCI `linux.cgroupsPath`: cgroupfs paths as is, systemd `slice:prefix:name` as `slice/prefix-name.scope`. */
export function cgroupDirOf(cgroupsPath: string): string {
  const m = /^([^:/]*):([^:]*):(.*)$/.exec(cgroupsPath);
  return m ? `/${m[1]}/${m[2]}-${m[3]}.scope` : cgroupsPath;
}

/**
 * The text of a container cgroup's stats files, by file name (a missing file, e.g. a controller not mounted, is
 * left out), and whether the host runs the unified hierarchy.
 */
export function readCgroupStatsFiles(cgroupsPath: string): { v2: boolean; files: Record<string, string> } {
  hierarchies ??= parseHierarchies(listMounts());
  const rel = cgroupDirOf(cgroupsPath);
  const files: Record<string, string> = {};
  const read = (dir: string, name: string) => {
    try {
      files[name] = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      // the controller or file is absent on this host: that counter stays 0
    }
  };
  const v2 = hierarchies.length === 1 && hierarchies[0]!.controllers.length === 0;
  if (v2) {
    for (const f of V2_STATS_FILES) read(path.join(hierarchies[0]!.mountPoint, rel), f);
    return { v2, files };
  }
  for (const [controller, names] of Object.entries(V1_STATS_FILES)) {
    const h = hierarchies.find((x) => x.controllers.includes(controller));
    if (h) for (const f of names) read(path.join(h.mountPoint, rel), f);
  }
  return { v2, files };
}

/** Which blkio limits the host's cgroups can apply (the kernel and the I/O scheduler decide which files exist). */
export interface BlockIOSupport {
  weight: boolean;
  weightDevice: boolean;
  readBps: boolean;
  writeBps: boolean;
  readIops: boolean;
  writeIops: boolean;
}

/**
 * v1: the blkio hierarchy's files (blkio.weight or BFQ's blkio.bfq.weight, the throttle files); v2: the io controller
 * among the root's controllers (all the limits then).
 */
export function blockIOSupport(): BlockIOSupport {
  hierarchies ??= parseHierarchies(listMounts());
  const has = (dir: string, ...files: string[]) => files.some((f) => fs.existsSync(path.join(dir, f)));
  const unified = hierarchies.find((h) => h.controllers.length === 0 && h.mountPoint === '/sys/fs/cgroup');
  if (unified) {
    let io = false;
    try {
      io = fs.readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8').split(/\s+/).includes('io');
    } catch {
      // No controllers file: no io controller either.
    }
    return { weight: io, weightDevice: io, readBps: io, writeBps: io, readIops: io, writeIops: io };
  }
  const blkio = hierarchies.find((h) => h.controllers.includes('blkio'))?.mountPoint;
  if (!blkio) return { weight: false, weightDevice: false, readBps: false, writeBps: false, readIops: false, writeIops: false };
  return {
    weight: has(blkio, 'blkio.weight', 'blkio.bfq.weight'),
    weightDevice: has(blkio, 'blkio.weight_device', 'blkio.bfq.weight_device'),
    readBps: has(blkio, 'blkio.throttle.read_bps_device'),
    writeBps: has(blkio, 'blkio.throttle.write_bps_device'),
    readIops: has(blkio, 'blkio.throttle.read_iops_device'),
    writeIops: has(blkio, 'blkio.throttle.write_iops_device'),
  };
}
