// The command tree: every verb berth offers, its flags, and where its implementation lives (loaded on demand).
import type { CommandSpec } from './command.ts';
import { globalFlags } from './globals.ts';
import { registryTopLevel, registryImageSub } from './groups/images-registry.ts';
import { localTopLevel, localImageSub } from './groups/images-local.ts';
import { volumeGroup } from './groups/volumes.ts';
import { networkGroup } from './groups/networks.ts';
import { secretGroup } from './groups/secrets.ts';
import { containerTopLevel, containerSub } from './groups/containers.ts';

const formatFlag = (help = 'Change the output format to JSON or a Go template') =>
  ({ name: 'format', short: 'f', kind: 'string', help }) as const;

const info: CommandSpec = {
  name: 'info',
  summary: 'Display berth system information',
  description:
    'Display information pertaining to the host, current storage stats, and build of berth.\n\n' +
    'Useful for the user and when reporting issues.',
  examples: ['berth info'],
  flags: [formatFlag()],
  run: () => import('./verbs/info.ts'),
};

const version: CommandSpec = {
  name: 'version',
  summary: 'Display the Berth version information',
  flags: [{ name: 'format', short: 'f', kind: 'string', help: 'Change the output format to JSON or a Go template' }],
  run: () => import('./verbs/version.ts'),
};

const system: CommandSpec = {
  name: 'system',
  summary: 'Manage berth',
  subcommands: [{ ...info, aliases: [] }],
};

const container: CommandSpec = {
  name: 'container',
  summary: 'Manage containers',
  subcommands: containerSub,
};

const healthcheck: CommandSpec = {
  name: 'healthcheck',
  summary: 'Manage health checks on containers',
  description: 'Run health checks on containers',
  subcommands: [
    {
      name: 'run',
      summary: 'run the health check of a container',
      description: 'Run the health check of a container',
      usage: 'CONTAINER',
      examples: ['berth healthcheck run mywebapp'],
      run: () => import('./verbs/healthcheck-run.ts'),
    },
  ],
};

const image: CommandSpec = {
  name: 'image',
  summary: 'Manage images',
  subcommands: [...registryImageSub, ...localImageSub],
};

export const rootCommand: CommandSpec = {
  name: 'berth',
  summary: 'Manage pods, containers and images',
  usage: '[options] [command]',
  persistentFlags: globalFlags,
  // A group appears in --help only once it has verbs.
  subcommands: [info, system, version, ...registryTopLevel, ...localTopLevel, ...containerTopLevel, container, healthcheck, ...(image.subcommands!.length ? [image] : []), volumeGroup, networkGroup, secretGroup],
};
