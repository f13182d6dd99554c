// ps: records → podman's ListContainer, status strings, sorting, and the template view (podman's psReporter).
import type { ListContainer, PortMappingReport } from '../engine/containers.ts';
import { goStruct } from '../format/govalue.ts';
import { humanDuration, humanSizeWithPrecision } from '../format/humanize.ts';
import { BerthError } from '../util/errors.ts';
import { networkNames } from './network-inspect.ts';
import { formatPorts } from './ports.ts';
import type { ContainerRecord } from './records.ts';

/** Go's zero time as unix seconds (what podman prints for "never"). */
export const GO_ZERO_UNIX = -62135596800;

const unixSecs = (ms: number) => (ms > 0 ? Math.floor(ms / 1000) : GO_ZERO_UNIX);

/** The state name podman reports (configured shows as created). */
export function reportedState(state: string): string {
  return state === 'configured' ? 'created' : state;
}

/** Podman's STATUS column: "Up 5 seconds ago", "Exited (0) 2 minutes ago", else the title-cased state. */
export function statusString(c: Pick<ListContainer, 'State' | 'StartedAt' | 'ExitedAt' | 'ExitCode'>, now = Date.now()): string {
  const since = (secs: number) => humanDuration(now - secs * 1000);
  switch (c.State) {
    case 'running':
      return `Up ${since(c.StartedAt)} ago`;
    case 'exited':
    case 'stopped':
      return `Exited (${c.ExitCode}) ${since(c.ExitedAt)} ago`;
    default:
      return c.State.charAt(0).toUpperCase() + c.State.slice(1);
  }
}

/** A record (already reconciled) as podman's ListContainer. */
export function toListContainer(r: ContainerRecord, ports: PortMappingReport[], now = Date.now()): ListContainer {
  const state = reportedState(r.state);
  const exited = state === 'exited' || state === 'stopped';
  const c: ListContainer = {
    AutoRemove: r.config.autoRemove,
    Command: r.config.command,
    CreatedAt: `${humanDuration(now - r.created)} ago`,
    Exited: exited,
    ExitedAt: exited ? unixSecs(r.finished) : GO_ZERO_UNIX,
    ExitCode: r.exitCode ?? 0,
    Id: r.id,
    Image: r.imageName,
    ImageID: r.imageId ?? '',
    IsInfra: false,
    Labels: Object.keys(r.labels).length ? sortedMap(r.labels) : null,
    Mounts: (r.config.spec.mounts ?? []).map((m) => m.destination),
    Names: [r.name],
    Namespaces: {},
    Networks: networkNames(r),
    Pid: state === 'running' || state === 'paused' ? r.pid : 0,
    Pod: '',
    PodName: '',
    Ports: ports.length ? ports : null,
    Size: null,
    StartedAt: unixSecs(r.started),
    State: state,
    Status: '',
    Created: Math.floor(r.created / 1000),
  };
  c.Status = statusString(c, now);
  // podman's "Up 5 seconds ago (healthy)", kept after the exit ("Exited (137) 1 second ago (unhealthy)")
  if (r.detail.health?.Status) c.Status += ` (${r.detail.health.Status})`;
  Object.defineProperty(c, 'CreatedMs', { value: r.created, enumerable: false });
  return c;
}

const sortedMap = (m: Record<string, string>) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));

export const SORT_KEYS = ['command', 'created', 'id', 'image', 'names', 'runningfor', 'size', 'status'] as const;

export function checkSortKey(key: string): void {
  if (!(SORT_KEYS as readonly string[]).includes(key)) {
    throw new BerthError('invalid-argument', `invalid argument "${key}" for "--sort" flag: "${key}" is not a valid value.  Choose from: "${SORT_KEYS.join(', ')}"`);
  }
}

const created = (c: ListContainer) => c.CreatedMs ?? c.Created * 1000;
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** Podman's --sort (stable): created (oldest first, the default), id, image, names, command, status, size, runningfor. */
export function sortContainers(list: ListContainer[], key: string): ListContainer[] {
  checkSortKey(key);
  const by: Record<string, (a: ListContainer, b: ListContainer) => number> = {
    created: (a, b) => created(a) - created(b),
    runningfor: (a, b) => a.StartedAt - b.StartedAt, // measured on podman 4.3: never-started first, then by start time
    id: (a, b) => cmp(a.Id, b.Id),
    image: (a, b) => cmp(a.Image, b.Image),
    names: (a, b) => cmp(a.Names[0] ?? '', b.Names[0] ?? ''),
    command: (a, b) => cmp(a.Command.join(' '), b.Command.join(' ')),
    status: (a, b) => cmp(a.Status, b.Status),
    size: (a, b) => (a.Size?.RwSize ?? 0) - (b.Size?.RwSize ?? 0),
  };
  return [...list].sort(by[key]);
}

/** Field names a ps template may use (for default headers). */
export const PS_FIELDS = [
  'AutoRemove', 'Command', 'Created', 'CreatedAt', 'CreatedHuman', 'Exited', 'ExitedAt', 'ExitCode', 'ID', 'Image', 'ImageID',
  'IsInfra', 'Labels', 'Mounts', 'Names', 'Namespaces', 'Networks', 'Pid', 'Pod', 'PodName', 'Ports', 'RunningFor', 'Size',
  'StartedAt', 'State', 'Status',
];

export const PS_HEADERS = { ID: 'CONTAINER ID', CreatedHuman: 'CREATED', Pod: 'POD ID', PodName: 'PODNAME' };

/** podman's psReporter: what `ps --format '{{.X}}'` sees (a Go struct: unknown fields are template errors). */
export function psView(c: ListContainer, o: { noTrunc: boolean; now?: number }): Record<string, unknown> {
  const now = o.now ?? Date.now();
  const cmd = c.Command.join(' ');
  const createdTime = new Date(created(c));
  const ago = `${humanDuration(now - created(c))} ago`;
  const v = {
    AutoRemove: c.AutoRemove,
    Command: !o.noTrunc && cmd.length > 20 ? `${cmd.slice(0, 17)}...` : cmd,
    Created: createdTime,
    CreatedAt: createdTime,
    CreatedHuman: ago,
    Exited: c.Exited,
    ExitedAt: c.ExitedAt,
    ExitCode: c.ExitCode,
    ID: o.noTrunc ? c.Id : c.Id.slice(0, 12),
    Image: c.Image,
    ImageID: o.noTrunc ? c.ImageID : c.ImageID.slice(0, 12),
    IsInfra: c.IsInfra,
    Labels: c.Labels ?? {},
    Mounts: c.Mounts,
    Names: c.Names.join(','),
    Namespaces: goStruct({ Cgroup: '', IPC: '', MNT: '', NET: '', PIDNS: '', User: '', UTS: '' }, 'entities.ListContainerNamespaces'),
    Networks: c.Networks.join(','),
    Pid: c.Pid,
    Pod: c.Pod,
    PodName: c.PodName,
    Ports: formatPorts(c.Ports ?? []),
    RunningFor: ago,
    Size: c.Size ? `${humanSizeWithPrecision(c.Size.RwSize, 3)} (virtual ${humanSizeWithPrecision(c.Size.RootFsSize, 3)})` : '',
    StartedAt: c.StartedAt,
    State: c.Status,
    Status: c.Status,
  };
  return goStruct(v, 'containers.psReporter');
}
