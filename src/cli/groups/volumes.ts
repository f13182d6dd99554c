// Command tree entries for `berth volume` and its verbs (create, exists, inspect, ls, prune, rm).
import type { CommandSpec } from '../command.ts';

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a new volume',
  description: 'If using the default driver, "local", the volume will be created on the host in the volumes directory under container storage.',
  usage: '[options] [NAME]',
  examples: ['berth volume create myvol', 'berth volume create', 'berth volume create --label foo=bar myvol'],
  flags: [
    { name: 'driver', kind: 'string', default: 'local', help: 'Specify volume driver name' },
    { name: 'label', short: 'l', kind: 'stringSlice', help: 'Set metadata for a volume (default [])' },
    { name: 'opt', short: 'o', kind: 'stringArray', help: 'Set driver specific options (default [])' },
  ],
  run: () => import('../verbs/volume-create.ts'),
};

const exists: CommandSpec = {
  name: 'exists',
  summary: 'Volume exists',
  description: 'If the given volume exists, berth volume exists exits with 0, otherwise the exit code will be 1.',
  usage: 'VOLUME',
  examples: ['berth volume exists myvol'],
  run: () => import('../verbs/volume-exists.ts'),
};

const inspect: CommandSpec = {
  name: 'inspect',
  summary: 'Display detailed information on one or more volumes',
  description: 'Display detailed information on one or more volumes.\n\n  Use a Go template to change the format from JSON.',
  usage: '[options] VOLUME [VOLUME...]',
  examples: ['berth volume inspect myvol', 'berth volume inspect --all', 'berth volume inspect --format "{{.Driver}} {{.Scope}}" myvol'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Inspect all volumes' },
    { name: 'format', short: 'f', kind: 'string', default: 'json', help: 'Format volume output using Go template' },
  ],
  run: () => import('../verbs/volume-inspect.ts'),
};

const ls: CommandSpec = {
  name: 'ls',
  aliases: ['list'],
  summary: 'List volumes',
  description: 'List all available volumes. The output of the volumes can be filtered\nand the output format can be changed to JSON or a user specified Go template.',
  usage: '[options]',
  flags: [
    { name: 'filter', short: 'f', kind: 'stringSlice', help: 'Filter volume output' },
    { name: 'format', kind: 'string', default: '{{range .}}{{.Driver}}\t{{.Name}}\n{{end -}}', help: 'Format volume output using Go template' },
    { name: 'noheading', kind: 'bool', help: 'Do not print headers' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Print volume output in quiet mode' },
  ],
  run: () => import('../verbs/volume-ls.ts'),
};

const prune: CommandSpec = {
  name: 'prune',
  summary: 'Remove all unused volumes',
  description: 'Volumes that are not currently owned by a container will be removed.\n\n  The command prompts for confirmation which can be overridden with the --force flag.\n  Note all data will be destroyed.',
  usage: '[options]',
  flags: [
    { name: 'filter', kind: 'stringArray', help: "Provide filter values (e.g. 'label=<key>=<value>')" },
    { name: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
  ],
  run: () => import('../verbs/volume-prune.ts'),
};

const rm: CommandSpec = {
  name: 'rm',
  aliases: ['remove'],
  summary: 'Remove one or more volumes',
  description: 'Remove one or more existing volumes.\n\n  By default only volumes that are not being used by any containers will be removed. To remove the volumes anyways, use the --force flag.',
  usage: '[options] VOLUME [VOLUME...]',
  examples: ['berth volume rm myvol1 myvol2', 'berth volume rm --all', 'berth volume rm --force myvol'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Remove all volumes' },
    { name: 'force', short: 'f', kind: 'bool', help: 'Remove a volume by force, even if it is being used by a container' },
    { name: 'time', short: 't', kind: 'uint', default: 10, help: 'Seconds to wait for running containers to stop before killing the container' },
  ],
  run: () => import('../verbs/volume-rm.ts'),
};

export const volumeGroup: CommandSpec = {
  name: 'volume',
  summary: 'Manage volumes',
  description: 'Volumes are created in and can be shared between containers',
  subcommands: [create, exists, inspect, ls, prune, rm],
};
