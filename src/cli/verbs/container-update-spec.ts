// Command tree entry for `berth [container] update`: podman 4.3's cgroup limits of a running container, and live
// published-port changes (a Berth addition).
import type { CommandSpec, FlagSpec } from '../command.ts';

const SIZE = '<number>[<unit>]';
const SIZE_HELP = 'where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))';

/** The resource flags, with podman 4.3's names, kinds and help, and the option each fills. */
export const RESOURCE_FLAGS: Array<FlagSpec & { option: string }> = [
  { name: 'blkio-weight', kind: 'string', option: 'blkioWeight', help: 'Block IO weight (relative weight) accepts a weight value between 10 and 1000.' },
  { name: 'blkio-weight-device', kind: 'stringSlice', option: 'blkioWeightDevice', valueName: 'DEVICE_NAME:WEIGHT', help: 'Block IO weight (relative device weight, format: DEVICE_NAME:WEIGHT)' },
  { name: 'cpu-period', kind: 'uint', option: 'cpuPeriod', help: 'Limit the CPU CFS (Completely Fair Scheduler) period' },
  { name: 'cpu-quota', kind: 'int', option: 'cpuQuota', help: 'Limit the CPU CFS (Completely Fair Scheduler) quota' },
  { name: 'cpu-rt-period', kind: 'uint', option: 'cpuRtPeriod', help: 'Limit the CPU real-time period in microseconds' },
  { name: 'cpu-rt-runtime', kind: 'int', option: 'cpuRtRuntime', help: 'Limit the CPU real-time runtime in microseconds' },
  { name: 'cpu-shares', short: 'c', kind: 'uint', option: 'cpuShares', help: 'CPU shares (relative weight)' },
  { name: 'cpus', kind: 'float', option: 'cpus', help: 'Number of CPUs. The default is 0.000 which means no limit' },
  { name: 'cpuset-cpus', kind: 'string', option: 'cpusetCpus', help: 'CPUs in which to allow execution (0-3, 0,1)' },
  { name: 'cpuset-mems', kind: 'string', option: 'cpusetMems', help: 'Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems.' },
  { name: 'device-read-bps', kind: 'stringSlice', option: 'deviceReadBps', help: 'Limit read rate (bytes per second) from a device (e.g. --device-read-bps=/dev/sda:1mb)' },
  { name: 'device-read-iops', kind: 'stringSlice', option: 'deviceReadIops', help: 'Limit read rate (IO per second) from a device (e.g. --device-read-iops=/dev/sda:1000)' },
  { name: 'device-write-bps', kind: 'stringSlice', option: 'deviceWriteBps', help: 'Limit write rate (bytes per second) to a device (e.g. --device-write-bps=/dev/sda:1mb)' },
  { name: 'device-write-iops', kind: 'stringSlice', option: 'deviceWriteIops', help: 'Limit write rate (IO per second) to a device (e.g. --device-write-iops=/dev/sda:1000)' },
  { name: 'memory', short: 'm', kind: 'string', option: 'memory', valueName: SIZE, help: `Memory limit (format: ${SIZE}, ${SIZE_HELP}` },
  { name: 'memory-reservation', kind: 'string', option: 'memoryReservation', valueName: SIZE, help: `Memory soft limit (format: ${SIZE}, ${SIZE_HELP}` },
  { name: 'memory-swap', kind: 'string', option: 'memorySwap', help: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
  { name: 'memory-swappiness', kind: 'int', option: 'memorySwappiness', default: -1, help: 'Tune container memory swappiness (0 to 100, or -1 for system default)' },
];

export const update: CommandSpec = {
  name: 'update',
  summary: 'update an existing container',
  description: 'Updates the cgroup configuration of a given container',
  usage: '[options] CONTAINER',
  examples: ['berth update --cpus=5 foobar_container', 'berth update --publish-add 127.0.0.1:8081:80 --publish-rm 8080 ctrID'],
  flags: [
    ...RESOURCE_FLAGS.map(({ option: _option, ...f }) => f),
    { name: 'publish-add', kind: 'stringArray', help: 'Publish a port, or a range of ports, to the host (as -p)' },
    { name: 'publish-rm', kind: 'stringArray', help: 'Stop publishing a host port: [hostIP:]hostPort[/protocol]' },
  ],
  run: () => import('./container-update.ts'),
};
