// Command tree entries for `berth secret` and its verbs (create, inspect, ls, rm), with podman 4.3's flags.
import type { CommandSpec } from '../command.ts';

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a new secret',
  description: 'Create a secret. Input can be a path to a file or "-" (read from stdin). Default driver is file (unencrypted).',
  usage: '[options] NAME FILE|-',
  examples: ['berth secret create mysecret /path/to/secret', 'printf "secretdata" | berth secret create mysecret -'],
  flags: [
    { name: 'driver', short: 'd', kind: 'string', default: 'file', help: 'Specify secret driver' },
    { name: 'driver-opts', kind: 'stringArray', valueName: 'stringToString', help: 'Specify driver specific options (default [])' },
    { name: 'env', kind: 'bool', help: 'Read secret data from environment variable' },
    { name: 'label', short: 'l', kind: 'stringArray', help: 'Specify labels on the secret' },
  ],
  run: () => import('../verbs/secret-create.ts'),
};

const inspect: CommandSpec = {
  name: 'inspect',
  summary: 'Inspect a secret',
  description: 'Display detail information on one or more secrets',
  usage: '[options] SECRET [SECRET...]',
  examples: ['berth secret inspect MYSECRET'],
  flags: [
    { name: 'format', short: 'f', kind: 'string', help: 'Format inspect output using Go template' },
    { name: 'pretty', kind: 'bool', help: 'Print inspect output in human-readable format' },
  ],
  run: () => import('../verbs/secret-inspect.ts'),
};

export const SECRET_LS_FORMAT = '{{range .}}{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.CreatedAt}}\t{{.UpdatedAt}}\n{{end -}}';

const ls: CommandSpec = {
  name: 'ls',
  aliases: ['list'],
  summary: 'List secrets',
  description: '',
  usage: '[options]',
  examples: ['berth secret ls'],
  flags: [
    { name: 'filter', short: 'f', kind: 'stringSlice', help: 'Filter secret output' },
    { name: 'format', kind: 'string', default: SECRET_LS_FORMAT, help: 'Format volume output using Go template' },
    { name: 'noheading', kind: 'bool', help: 'Do not print headers' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Print secret IDs only' },
  ],
  run: () => import('../verbs/secret-ls.ts'),
};

const rm: CommandSpec = {
  name: 'rm',
  summary: 'Remove one or more secrets',
  description: '',
  usage: '[options] SECRET [SECRET...]',
  examples: ['berth secret rm mysecret1 mysecret2'],
  flags: [{ name: 'all', short: 'a', kind: 'bool', help: 'Remove all secrets' }],
  run: () => import('../verbs/secret-rm.ts'),
};

export const secretGroup: CommandSpec = {
  name: 'secret',
  summary: 'Manage secrets',
  subcommands: [create, inspect, ls, rm],
};
