// The root command's global flags (podman's persistent flags) and their typed form.
import type { FlagSpec, FlagValue } from './command.ts';

export type { EngineOptions as GlobalOptions } from '../engine/types.ts';
import type { EngineOptions as GlobalOptions } from '../engine/types.ts';

export const globalFlags: FlagSpec[] = [
  { name: 'root', kind: 'string', help: 'Path to the root directory in which data, including images, is stored' },
  { name: 'runroot', kind: 'string', help: "Path to the 'run directory' where all state information is stored" },
  { name: 'storage-driver', kind: 'string', help: 'Select which storage driver is used to manage storage of images and containers' },
  { name: 'storage-opt', kind: 'stringArray', help: 'Used to pass an option to the storage driver' },
  { name: 'runtime', kind: 'string', help: 'Path to the OCI-compatible binary used to run containers (default from containers.conf, else runc where crun cannot run)' },
  { name: 'runtime-flag', kind: 'stringArray', help: 'add global flags for the container runtime' },
  { name: 'conmon', kind: 'string', help: 'Path of the conmon binary' },
  { name: 'cgroup-manager', kind: 'string', help: 'Cgroup manager to use ("cgroupfs"|"systemd")' },
  { name: 'events-backend', kind: 'string', help: 'Events backend to use ("file"|"journald"|"none")' },
  { name: 'network-cmd-path', kind: 'string', help: 'Path to the command for configuring the network' },
  { name: 'network-config-dir', kind: 'string', help: 'Path of the configuration directory for networks' },
  { name: 'tmpdir', kind: 'string', help: 'Path to the tmp directory for libpod state content' },
  { name: 'volumepath', kind: 'string', help: 'Path to the volume directory in which volume data is stored' },
  {
    name: 'log-level', kind: 'string', default: 'warn',
    help: 'Log messages above specified level (trace, debug, info, warn, warning, error, fatal, panic)',
  },
  { name: 'version', short: 'v', kind: 'bool', help: 'version for berth' },
];

const str = (v: FlagValue | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);
const arr = (v: FlagValue | undefined) => (Array.isArray(v) ? v : []);

export function globalsFrom(flags: Record<string, FlagValue>): GlobalOptions {
  return {
    root: str(flags['root']),
    runroot: str(flags['runroot']),
    storageDriver: str(flags['storage-driver']),
    storageOpts: arr(flags['storage-opt']),
    runtime: str(flags['runtime']),
    runtimeFlags: arr(flags['runtime-flag']),
    conmon: str(flags['conmon']),
    cgroupManager: str(flags['cgroup-manager']),
    eventsBackend: str(flags['events-backend']),
    networkCmdPath: str(flags['network-cmd-path']),
    networkConfigDir: str(flags['network-config-dir']),
    tmpdir: str(flags['tmpdir']),
    volumepath: str(flags['volumepath']),
    logLevel: str(flags['log-level']) ?? 'warn',
  };
}
