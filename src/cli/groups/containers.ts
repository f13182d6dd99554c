// Command tree entries for the container lifecycle verbs (run, create, start, stop, ...) and the `container` group.
import type { CommandSpec, FlagSpec } from '../command.ts';
import { createFlags, createOnlyFlags, runOnlyFlags } from './containers-flags.ts';
import { update } from '../verbs/container-update-spec.ts';

const byName = (a: FlagSpec, b: FlagSpec) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const cidfile: FlagSpec = { name: 'cidfile', kind: 'stringArray', help: 'Read the container ID from the file' };
const latest: FlagSpec = { name: 'latest', short: 'l', kind: 'bool', help: 'Act on the latest container berth is aware of' };
const filter: FlagSpec = { name: 'filter', short: 'f', kind: 'stringSlice', help: 'Filter output based on conditions given' };
const time = (help: string): FlagSpec => ({ name: 'time', short: 't', kind: 'uint', default: 10, help });

export const run: CommandSpec = {
  name: 'run',
  summary: 'Run a command in a new container',
  description: 'Runs a command in a new container from the given image',
  usage: '[options] IMAGE [COMMAND [ARG...]]',
  examples: ['berth run imageID ls -alF /etc', 'berth run --network=host imageID dnf -y install java', 'berth run --volume /var/hostdir:/var/ctrdir -i -t fedora /bin/bash'],
  flags: [...createFlags, ...runOnlyFlags].sort(byName),
  interspersed: false,
  run: () => import('../verbs/run.ts'),
};

export const create: CommandSpec = {
  name: 'create',
  summary: 'Create but do not start a container',
  description: "Creates a new container from the given image or storage and prepares it for running the specified command.\n\nThe container ID is then printed to stdout. You can then start it at any time with the berth start <container_id> command. The container will be created with the initial state 'created'.",
  usage: '[options] IMAGE [COMMAND [ARG...]]',
  examples: ['berth create alpine ls', 'berth create --annotation HELLO=WORLD alpine ls', 'berth create -t -i --name myctr alpine ls'],
  flags: [...createFlags, ...createOnlyFlags].sort(byName),
  interspersed: false,
  run: () => import('../verbs/create.ts'),
};

export const start: CommandSpec = {
  name: 'start',
  summary: 'Start one or more containers',
  description: 'Starts one or more containers.  The container name or ID can be used.',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth start 860a4b231279 5421ab43b45', 'berth start --interactive --attach imageID'],
  flags: [
    { name: 'all', kind: 'bool', help: 'Start all containers regardless of their state or configuration' },
    { name: 'attach', short: 'a', kind: 'bool', help: "Attach container's STDOUT and STDERR" },
    { name: 'detach-keys', kind: 'string', valueName: '[a-Z]', default: 'ctrl-p,ctrl-q', help: 'Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`' },
    filter,
    { name: 'interactive', short: 'i', kind: 'bool', help: 'Keep STDIN open even if not attached' },
    latest,
    { name: 'sig-proxy', kind: 'bool', help: 'Proxy received signals to the process (default true if attaching, false otherwise)' },
  ],
  run: () => import('../verbs/start.ts'),
};

export const stop: CommandSpec = {
  name: 'stop',
  summary: 'Stop one or more containers',
  description: 'Stops one or more running containers.  The container name or ID can be used.\n\nA timeout to forcibly stop the container can also be set but defaults to 10 seconds otherwise.',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth stop ctrID', 'berth stop --time 2 mywebserver 6e534f14da9d'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Stop all running containers' }, cidfile, filter,
    { name: 'ignore', short: 'i', kind: 'bool', help: 'Ignore errors when a specified container is missing' }, latest,
    time('Seconds to wait for stop before killing the container'),
  ],
  run: () => import('../verbs/stop.ts'),
};

export const kill: CommandSpec = {
  name: 'kill',
  summary: 'Kill one or more running containers with a specific signal',
  description: 'The main process inside each container specified will be sent SIGKILL, or any signal specified with option --signal.',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth kill mywebserver', 'berth kill 860a4b23', 'berth kill --signal TERM ctrID'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Signal all running containers' }, cidfile, latest,
    { name: 'signal', short: 's', kind: 'string', default: 'KILL', help: 'Signal to send to the container' },
  ],
  run: () => import('../verbs/kill.ts'),
};

export const restart: CommandSpec = {
  name: 'restart',
  summary: 'Restart one or more containers',
  description: 'Restarts one or more running containers. The container ID or name can be used.\n\nA timeout before forcibly stopping can be set, but defaults to 10 seconds.',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth restart -l', 'berth restart ff6cf1e5e77e 90050ad6e10e'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Restart all non-running containers' }, cidfile, filter, latest,
    { name: 'running', kind: 'bool', help: 'Restart only running containers' },
    time('Seconds to wait for stop before killing the container'),
  ],
  run: () => import('../verbs/restart.ts'),
};

export const rm: CommandSpec = {
  name: 'rm',
  aliases: ['remove'],
  summary: 'Remove one or more containers',
  description: 'Removes one or more containers from the host. The container name or ID can be used.\n\nCommand does not remove images. Running or unusable containers will not be removed without the -f option.',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth rm imageID', 'berth rm mywebserver myflaskserver 860a4b23', 'berth rm --force --all', 'berth rm -f c684f0d469f2'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Remove all containers' }, cidfile,
    { name: 'depend', kind: 'bool', help: 'Remove container and all containers that depend on the selected container' },
    { ...filter, short: undefined } as FlagSpec,
    { name: 'force', short: 'f', kind: 'bool', help: 'Force removal of a running or unusable container' },
    { name: 'ignore', short: 'i', kind: 'bool', help: 'Ignore errors when a specified container is missing' }, latest,
    time('Seconds to wait for stop before killing the container'),
    { name: 'volumes', short: 'v', kind: 'bool', help: 'Remove anonymous volumes associated with the container' },
  ],
  run: () => import('../verbs/rm.ts'),
};

export const wait: CommandSpec = {
  name: 'wait',
  summary: 'Block on one or more containers',
  description: 'Block until one or more containers stop and then print their exit codes.',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth wait --interval 5s ctrID', 'berth wait ctrID1 ctrID2'],
  flags: [
    { name: 'condition', kind: 'stringSlice', help: 'Condition to wait on' },
    { name: 'interval', short: 'i', kind: 'string', default: '250ms', help: 'Time Interval to wait before polling for completion' }, latest,
  ],
  run: () => import('../verbs/wait.ts'),
};

const pauseLike = (name: string, verb: string, what: string): CommandSpec => ({
  name,
  summary: `${verb} all the processes in one or more containers`,
  description: `${verb}s one or more ${what} containers.  The container name or ID can be used.`,
  usage: '[options] CONTAINER [CONTAINER...]',
  flags: [{ name: 'all', short: 'a', kind: 'bool', help: `${verb} all ${what} containers` }, cidfile, filter, latest],
  run: name === 'pause' ? () => import('../verbs/pause.ts') : () => import('../verbs/unpause.ts'),
});

export const pause = pauseLike('pause', 'Pause', 'running');
export const unpause = pauseLike('unpause', 'Unpause', 'paused');

export const rename: CommandSpec = {
  name: 'rename',
  summary: 'Rename an existing container',
  description: 'The berth rename command allows you to rename an existing container',
  usage: 'CONTAINER NAME',
  examples: ['berth rename containerA newName'],
  run: () => import('../verbs/rename.ts'),
};

export const init: CommandSpec = {
  name: 'init',
  summary: 'Initialize one or more containers',
  description: 'Initialize one or more containers, creating the OCI spec and mounts for inspection. Container names or IDs can be used.',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth init 3c45ef19d893', 'berth init test1'],
  flags: [{ name: 'all', short: 'a', kind: 'bool', help: 'Initialize all containers' }, latest],
  run: () => import('../verbs/init.ts'),
};

const cleanup: CommandSpec = {
  name: 'cleanup',
  summary: 'Clean up network and mountpoints of one or more containers',
  description: 'Cleans up mount points and network stacks on one or more containers from the host. The container name or ID can be used. This command is used internally when running containers, but can also be used if container networking or storage gets into a bad state.',
  usage: '[options] CONTAINER [CONTAINER...]',
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Cleans up all containers' },
    { name: 'exec', kind: 'string', help: 'Clean up the given exec session instead of the container', hidden: true }, latest,
    { name: 'rm', kind: 'bool', help: 'After cleanup, remove the container entirely' },
    { name: 'rmi', kind: 'bool', help: 'After cleanup, remove the image entirely' },
  ],
  run: () => import('../verbs/container-cleanup.ts'),
};

// ---------------------------------------------------------------- read side and exec (ps, inspect, logs, exec, attach, top, port...)
const latestShown: FlagSpec = { name: 'latest', short: 'l', kind: 'bool', help: 'Act on the latest container berth is aware of' };
const detachKeys: FlagSpec = { name: 'detach-keys', kind: 'string', valueName: '[a-Z]', help: 'Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`' };

export const ps: CommandSpec = {
  name: 'ps',
  summary: 'List containers',
  description: 'Prints out information about the containers',
  usage: '[options]',
  examples: ['berth ps -a', "berth ps -a --format \"{{.ID}}  {{.Image}}  {{.Labels}}  {{.Mounts}}\"", 'berth ps --size --sort names'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Show all the containers, default is only running containers' },
    { name: 'external', kind: 'bool', help: 'Show containers in storage not controlled by Berth', hidden: true },
    { name: 'filter', short: 'f', kind: 'stringSlice', help: 'Filter output based on conditions given' },
    { name: 'format', kind: 'string', help: 'Pretty-print containers to JSON or using a Go template' },
    { name: 'last', short: 'n', kind: 'int', default: -1, help: 'Print the n last created containers (all states)' },
    { ...latestShown },
    { name: 'no-trunc', kind: 'bool', help: 'Display the extended information' },
    { name: 'noheading', kind: 'bool', help: 'Do not print headers' },
    { name: 'ns', kind: 'bool', help: 'Display namespace information', hidden: true },
    { name: 'pod', short: 'p', kind: 'bool', help: 'Print the ID and name of the pod the containers are associated with', hidden: true },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Print the numeric IDs of the containers only' },
    { name: 'size', short: 's', kind: 'bool', help: 'Display the total file sizes' },
    { name: 'sort', kind: 'string', valueName: 'choice', default: 'created', help: 'Sort output by: command, created, id, image, names, runningfor, size, status' },
    { name: 'sync', kind: 'bool', help: 'Sync container state with OCI runtime', hidden: true },
    { name: 'watch', short: 'w', kind: 'uint', help: 'Watch the ps output on an interval in seconds', hidden: true },
  ],
  run: () => import('../verbs/ps.ts'),
};

const inspectFlags: FlagSpec[] = [
  { name: 'format', short: 'f', kind: 'string', default: 'json', help: 'Format the output to a Go template or json' },
  { ...latestShown },
  { name: 'size', short: 's', kind: 'bool', help: 'Display total file size' },
];

export const inspect: CommandSpec = {
  name: 'inspect',
  summary: 'Display the configuration of object denoted by ID',
  description: 'Displays the low-level information on an object identified by name or ID.\n\nFor more inspection options, see: berth container inspect and berth image inspect.',
  usage: '[options] {CONTAINER|IMAGE|POD|NETWORK|VOLUME} [...]',
  examples: ['berth inspect fedora', 'berth inspect --type image fedora', 'berth inspect CtrID ImgID', 'berth inspect --format "imageId: {{.Id}} size: {{.Size}}" fedora'],
  flags: [...inspectFlags, { name: 'type', short: 't', kind: 'string', default: 'all', help: 'Specify inspect-object type' }],
  run: () => import('../verbs/inspect.ts'),
};

const containerInspect: CommandSpec = {
  name: 'inspect',
  summary: 'Display the configuration of a container',
  description: 'Displays the configuration of a container',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth container inspect myCtr', 'berth container inspect -l --format "{{.Id}} {{.Config.Labels}}"'],
  flags: inspectFlags,
  run: () => import('../verbs/container-inspect.ts'),
};

export const logs: CommandSpec = {
  name: 'logs',
  summary: 'Fetch the logs of one or more containers',
  description: 'Retrieves logs for one or more containers.\n\nThis does not guarantee execution order when combined with berth run (i.e., your run may not have generated any logs at the time you execute berth logs).',
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth logs ctrID', 'berth logs --names ctrID1 ctrID2', 'berth logs --tail 2 mywebserver', 'berth logs --follow=true --since 10m ctrID', 'berth logs mywebserver mydbserver'],
  flags: [
    { name: 'color', kind: 'bool', help: 'Output the containers with different colors in the log.', hidden: true },
    { name: 'follow', short: 'f', kind: 'bool', help: 'Follow log output.  The default is false' },
    { ...latestShown },
    { name: 'names', short: 'n', kind: 'bool', help: 'Output the container name in the log' },
    { name: 'since', kind: 'string', help: 'Show logs since TIMESTAMP' },
    { name: 'tail', kind: 'int', default: -1, help: 'Output the specified number of LINES at the end of the logs.  Defaults to -1, which prints all lines' },
    { name: 'timestamps', short: 't', kind: 'bool', help: 'Output the timestamps in the log' },
    { name: 'until', kind: 'string', help: 'Show logs until TIMESTAMP' },
  ],
  run: () => import('../verbs/logs.ts'),
};

export const exec: CommandSpec = {
  name: 'exec',
  summary: 'Run a process in a running container',
  description: 'Execute the specified command inside a running container.',
  usage: '[options] CONTAINER [COMMAND [ARG...]]',
  examples: ['berth exec -it ctrID ls', 'berth exec -it -w /tmp myCtr pwd', 'berth exec --user root ctrID ls'],
  flags: [
    { name: 'detach', short: 'd', kind: 'bool', help: 'Run the exec session in detached mode (backgrounded)' },
    { ...detachKeys, help: 'Select the key sequence for detaching a container. Format is a single character [a-Z] or ctrl-<value> where <value> is one of: a-z, @, ^, [, , or _' },
    { name: 'env', short: 'e', kind: 'stringArray', help: 'Set environment variables' },
    { name: 'env-file', kind: 'stringSlice', help: 'Read in a file of environment variables' },
    { name: 'interactive', short: 'i', kind: 'bool', help: 'Keep STDIN open even if not attached' },
    { ...latestShown },
    { name: 'preserve-fds', kind: 'uint', help: 'Pass N additional file descriptors to the container' },
    { name: 'privileged', kind: 'bool', help: 'Give the process extended Linux capabilities inside the container.  The default is false' },
    { name: 'tty', short: 't', kind: 'bool', help: 'Allocate a pseudo-TTY. The default is false' },
    { name: 'user', short: 'u', kind: 'string', help: 'Sets the username or UID used and optionally the groupname or GID for the specified command' },
    { name: 'workdir', short: 'w', kind: 'string', help: 'Working directory inside the container' },
  ],
  interspersed: false,
  run: () => import('../verbs/exec.ts'),
};

export const attach: CommandSpec = {
  name: 'attach',
  summary: 'Attach to a running container',
  description: 'The berth attach command allows you to attach to a running container using the container\'s ID or name, either to view its ongoing output or to control it interactively.\n\nYou can detach from the container (and leave it running) using a configurable key sequence. The default sequence is `ctrl-p,ctrl-q`.',
  usage: '[options] CONTAINER',
  examples: ['berth attach ctrID', 'berth attach 1234', 'berth attach --no-stdin foobar'],
  flags: [
    detachKeys, { ...latestShown },
    { name: 'no-stdin', kind: 'bool', help: 'Do not attach STDIN. The default is false' },
    { name: 'sig-proxy', kind: 'bool', default: true, help: 'Proxy received signals to the process' },
  ],
  run: () => import('../verbs/attach.ts'),
};

export const top: CommandSpec = {
  name: 'top',
  summary: 'Display the running processes of a container',
  description: 'Display the running processes of a container.\n\n  The top command extends the ps(1) compatible AIX descriptors with container-specific ones as shown below.  In the presence of ps(1) specific flags (e.g, -eo), Berth will execute ps(1) inside the container.',
  usage: '[options] CONTAINER [FORMAT-DESCRIPTORS|ARGS...]',
  examples: ['berth top ctrID', 'berth top --latest', 'berth top ctrID pid seccomp args %C', 'berth top ctrID -eo user,pid,comm'],
  flags: [{ ...latestShown }],
  interspersed: false,
  run: () => import('../verbs/top.ts'),
};

export const stats: CommandSpec = {
  name: 'stats',
  summary: 'Display a live stream of container resource usage statistics',
  description: 'Display percentage of CPU, memory, network I/O, block I/O and PIDs for one or more containers.',
  usage: '[options] [CONTAINER...]',
  examples: ['berth stats --all --no-stream', 'berth stats ctrID', 'berth stats --no-stream --format "table {{.ID}} {{.Name}} {{.MemUsage}}" ctrID'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Show all containers. Only running containers are shown by default. The default is false' },
    { name: 'format', kind: 'string', help: 'Pretty-print container statistics to JSON or using a Go template' },
    { name: 'interval', short: 'i', kind: 'int', default: 5, help: 'Time in seconds between stats reports' },
    { ...latestShown },
    { name: 'no-reset', kind: 'bool', help: 'Disable resetting the screen between intervals' },
    { name: 'no-stream', kind: 'bool', help: 'Disable streaming stats and only pull the first result, default setting is false' },
    { name: 'no-trunc', kind: 'bool', help: 'Do not truncate output' },
  ],
  run: () => import('../verbs/stats.ts'),
};

export const port: CommandSpec = {
  name: 'port',
  summary: 'List port mappings or a specific mapping for the container',
  description: 'List port mappings for the CONTAINER, or look up the public-facing port that is NAT-ed to the PRIVATE_PORT',
  usage: '[options] CONTAINER [PORT]',
  examples: ['berth port --all', 'berth port ctrID 80/tcp', 'berth port --latest 80'],
  flags: [{ name: 'all', short: 'a', kind: 'bool', help: 'Display port information for all containers' }, { ...latestShown }],
  run: () => import('../verbs/port.ts'),
};

export const cp: CommandSpec = {
  name: 'cp',
  summary: 'Copy files/folders between a container and the local filesystem',
  description: 'Copy the contents of SRC_PATH to the DEST_PATH.\n\nYou can copy from the container\'s file system to the local machine or the reverse, from the local filesystem to the container. If "-" is specified for either the SRC_PATH or DEST_PATH, you can also stream a tar archive from STDIN or to STDOUT. The CONTAINER can be a running or stopped container. The SRC_PATH or DEST_PATH can be a file or a directory.\n',
  usage: '[options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH',
  examples: ['berth cp [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH'],
  flags: [
    { name: 'archive', short: 'a', kind: 'bool', default: true, help: 'Chown copied files to the primary uid/gid of the destination container.' },
    { name: 'overwrite', kind: 'bool', help: 'Allow to overwrite directories with non-directories and vice versa' },
  ],
  run: () => import('../verbs/cp.ts'),
};

export const exportCmd: CommandSpec = {
  name: 'export',
  summary: "Export container's filesystem contents as a tar archive",
  description: "Exports container's filesystem contents as a tar archive and saves it on the local machine.",
  usage: '[options] CONTAINER',
  examples: ['berth export ctrID > myCtr.tar', 'berth export --output="myCtr.tar" ctrID'],
  flags: [{ name: 'output', short: 'o', kind: 'string', help: 'Write to a specified file (default: stdout, which must be redirected)' }],
  run: () => import('../verbs/export.ts'),
};

const exists: CommandSpec = {
  name: 'exists',
  summary: 'Check if a container exists in local storage',
  description: 'If the named container exists in local storage, berth container exists exits with 0, otherwise the exit code will be 1.',
  usage: '[options] CONTAINER',
  examples: ['berth container exists --external containerID', 'berth container exists myctr || berth run --name myctr [etc...]'],
  flags: [{ name: 'external', kind: 'bool', help: 'Check external storage containers as well as Berth containers' }],
  run: () => import('../verbs/container-exists.ts'),
};

const prune: CommandSpec = {
  name: 'prune',
  summary: 'Remove all non running containers',
  description: 'berth container prune\n\n  Removes all non running containers',
  usage: '[options]',
  examples: ['berth container prune'],
  flags: [
    { name: 'filter', kind: 'stringArray', help: "Provide filter values (e.g. 'label=<key>=<value>')" },
    { name: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation.  The default is false' },
  ],
  run: () => import('../verbs/container-prune.ts'),
};

const diffFlags: FlagSpec[] = [{ name: 'format', kind: 'string', help: 'Change the output format (json)' }, { ...latestShown }];
const diff: CommandSpec = {
  name: 'diff',
  summary: "Display the changes to the object's file system",
  description: "Displays changes on a container or image's filesystem.  The container or image will be compared to its parent layer or the second argument when given.",
  usage: '[options] {CONTAINER|IMAGE} [{CONTAINER|IMAGE}]',
  examples: ['berth diff imageID', 'berth diff ctrID', 'berth diff --format json redis:alpine'],
  flags: diffFlags,
  run: () => import('../verbs/diff.ts'),
};
const containerDiff: CommandSpec = {
  ...diff,
  summary: "Inspect changes to the container's file systems",
  description: "Displays changes to the container filesystem's'.  The container will be compared to its parent layer or the second argument when given.",
  usage: '[options] CONTAINER [CONTAINER]',
  examples: ['berth container diff myCtr', 'berth container diff -l --format json myCtr'],
};

const mountDescription = 'berth mount\n  Lists all mounted containers mount points if no container is specified\n\nberth mount CONTAINER-NAME-OR-ID\n  Mounts the specified container and outputs the mountpoint\n';
const mountCmd: CommandSpec = {
  name: 'mount',
  summary: "Mount a working container's root filesystem",
  description: mountDescription,
  usage: '[options] [CONTAINER...]',
  examples: [],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Mount all containers' },
    { name: 'format', kind: 'string', help: 'Print the mounted containers in specified format (json)' },
    { ...latestShown },
    { name: 'no-trunc', kind: 'bool', help: 'Do not truncate output' },
  ],
  run: () => import('../verbs/mount.ts'),
};
const unmountCmd: CommandSpec = {
  name: 'unmount',
  aliases: ['umount'],
  summary: "Unmounts working container's root filesystem",
  description:
    "Container storage increments a mount counter each time a container is mounted.\n\nWhen a container is unmounted, the mount counter is decremented. The container's root filesystem is physically unmounted only when the mount counter reaches zero indicating no other processes are using the mount.\n\nAn unmount can be forced with the --force flag.\n",
  usage: '[options] CONTAINER [CONTAINER...]',
  examples: ['berth unmount ctrID', 'berth unmount ctrID1 ctrID2 ctrID3', 'berth unmount --all'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Unmount all of the currently mounted containers' },
    { name: 'force', short: 'f', kind: 'bool', help: 'Force the complete unmount of the specified mounted containers' },
    { ...latestShown },
  ],
  run: () => import('../verbs/unmount.ts'),
};

const readTopLevel: CommandSpec[] = [ps, inspect, logs, exec, attach, top, stats, port, cp, diff, exportCmd, mountCmd, unmountCmd];
const readSub: CommandSpec[] = [
  { ...ps, aliases: ['ls', 'list'] }, containerInspect, logs, exec, attach, top, stats, port, cp, containerDiff, exportCmd, mountCmd, unmountCmd, exists,
  prune,
];

/** Top-level verbs. */
export const containerTopLevel: CommandSpec[] = [run, create, start, stop, kill, restart, rm, wait, pause, unpause, rename, init, update, ...readTopLevel];

/** `berth container …`: the same verbs plus cleanup (other engineers add ps, inspect, logs, exec… here). */
export const containerSub: CommandSpec[] = [...containerTopLevel.filter((c) => !readTopLevel.includes(c)), ...readSub, cleanup];
