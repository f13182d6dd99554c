// Command tree entries for the container lifecycle verbs (run, create, start, stop, ...) and the `container` group.
import type { CommandSpec, FlagSpec } from '../command.ts';
import { createFlags, createOnlyFlags, runOnlyFlags } from './containers-flags.ts';

const byName = (a: FlagSpec, b: FlagSpec) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const cidfile: FlagSpec = { name: 'cidfile', kind: 'stringArray', help: 'Read the container ID from the file' };
const latest: FlagSpec = { name: 'latest', short: 'l', kind: 'bool', help: 'Act on the latest container berth is aware of', hidden: true };
const filter: FlagSpec = { name: 'filter', short: 'f', kind: 'stringSlice', help: 'Filter output based on conditions given', hidden: true };
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
    { name: 'rmi', kind: 'bool', help: 'After cleanup, remove the image entirely', hidden: true },
  ],
  run: () => import('../verbs/container-cleanup.ts'),
};

/** Top-level verbs. */
export const containerTopLevel: CommandSpec[] = [run, create, start, stop, kill, restart, rm, wait, pause, unpause, rename, init];

/** `berth container …`: the same verbs plus cleanup (other engineers add ps, inspect, logs, exec… here). */
export const containerSub: CommandSpec[] = [...containerTopLevel, cleanup];
