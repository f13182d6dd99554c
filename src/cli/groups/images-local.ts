// Command tree entries for the store-only image verbs (images, rmi, tag, ...): top level and under `image`.
import type { CommandSpec, FlagSpec } from '../command.ts';

const listFlags: FlagSpec[] = [
  { name: 'all', short: 'a', kind: 'bool', help: 'Show all images (default hides intermediate images)' },
  { name: 'digests', kind: 'bool', help: 'Show digests' },
  { name: 'filter', short: 'f', kind: 'stringSlice', help: 'Filter output based on conditions provided (default [])' },
  { name: 'format', kind: 'string', help: 'Change the output format to JSON or a Go template' },
  { name: 'history', kind: 'bool', help: 'Display the image name history' },
  { name: 'no-trunc', kind: 'bool', help: 'Do not truncate output' },
  { name: 'noheading', short: 'n', kind: 'bool', help: 'Do not print column headings' },
  { name: 'quiet', short: 'q', kind: 'bool', help: 'Display only image IDs' },
  { name: 'sort', kind: 'string', default: 'created', help: 'Sort by created, id, repository, size, tag' },
];

const images: CommandSpec = {
  name: 'images',
  summary: 'List images in local storage',
  usage: '[options] [IMAGE]',
  examples: ['berth images --format json', "berth images --sort repository --format 'table {{.ID}} {{.Repository}} {{.Tag}}'", 'berth images --filter dangling=true'],
  flags: listFlags,
  run: () => import('../verbs/images.ts'),
};

const history: CommandSpec = {
  name: 'history',
  summary: 'Show history of a specified image',
  usage: '[options] IMAGE',
  examples: ['berth history quay.io/fedora/fedora'],
  flags: [
    { name: 'format', kind: 'string', help: 'Change the output to JSON or a Go template' },
    { name: 'human', short: 'H', kind: 'bool', default: true, help: 'Display sizes and dates in human readable format' },
    { name: 'no-trunc', kind: 'bool', help: 'Do not truncate the output' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Display the numeric IDs only' },
  ],
  run: () => import('../verbs/history.ts'),
};

const rmi: CommandSpec = {
  name: 'rmi',
  summary: 'Removes one or more images from local storage',
  usage: '[options] IMAGE [IMAGE...]',
  examples: ['berth rmi imageID', 'berth rmi --force alpine', 'berth rmi c4dfb1609ee2 93fd78260bd1 c0ed59d05ff7'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Remove all images' },
    { name: 'force', short: 'f', kind: 'bool', help: 'Force Removal of the image' },
    { name: 'ignore', short: 'i', kind: 'bool', help: 'Ignore errors if a specified image does not exist' },
    { name: 'no-prune', kind: 'bool', help: 'Do not remove dangling images' },
  ],
  run: () => import('../verbs/rmi.ts'),
};

const tag: CommandSpec = {
  name: 'tag',
  summary: 'Add an additional name to a local image',
  usage: 'IMAGE TARGET_NAME [TARGET_NAME...]',
  examples: ['berth tag 0e3bbc2 fedora:latest', 'berth tag httpd myregistryhost:5000/fedora/httpd:v2'],
  run: () => import('../verbs/tag.ts'),
};

const untag: CommandSpec = {
  name: 'untag',
  summary: 'Remove a name from a local image',
  usage: 'IMAGE [IMAGE...]',
  examples: ['berth untag 0e3bbc2', 'berth untag imageID:latest otherImageName:latest'],
  run: () => import('../verbs/untag.ts'),
};

const inspect: CommandSpec = {
  name: 'inspect',
  summary: 'Display the configuration of an image',
  usage: '[options] IMAGE [IMAGE...]',
  examples: ['berth image inspect alpine', "berth image inspect --format '{{.Id}} {{.Size}}' alpine"],
  flags: [{ name: 'format', short: 'f', kind: 'string', help: 'Format the output to a Go template or json' }],
  run: () => import('../verbs/image-inspect.ts'),
};

const prune: CommandSpec = {
  name: 'prune',
  summary: 'Remove unused images',
  usage: '[options]',
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Remove all images not in use by containers, not just dangling ones' },
    { name: 'external', kind: 'bool', help: 'Remove images even when they are used by external containers (e.g., by build containers)' },
    { name: 'filter', kind: 'stringArray', help: "Provide filter values (e.g. 'label=<key>=<value>')" },
    { name: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
  ],
  run: () => import('../verbs/image-prune.ts'),
};

const exists: CommandSpec = {
  name: 'exists',
  summary: 'Check if an image exists in local storage',
  usage: 'IMAGE',
  examples: ['berth image exists ID', 'berth image exists IMAGE && berth pull IMAGE'],
  run: () => import('../verbs/image-exists.ts'),
};

const tree: CommandSpec = {
  name: 'tree',
  summary: 'Prints layer hierarchy of an image in a tree format',
  usage: '[options] IMAGE',
  examples: ['berth image tree alpine:latest', 'berth image tree --whatrequires alpine:latest'],
  flags: [{ name: 'whatrequires', kind: 'bool', help: 'Show all child images and layers of the specified image' }],
  run: () => import('../verbs/image-tree.ts'),
};

/** Verbs shown at the top level (`berth images`, `berth rmi`). */
export const localTopLevel: CommandSpec[] = [history, images, rmi, tag, untag];
/** Verbs shown under `berth image` (`berth image ls`, `berth image rm`). */
export const localImageSub: CommandSpec[] = [
  exists,
  history,
  inspect,
  { ...images, name: 'list', aliases: ['ls'], summary: 'List images in local storage' },
  prune,
  { ...rmi, name: 'rm' },
  tag,
  tree,
  untag,
];
