// Command tree entries for the registry-facing image verbs (pull, search, login, logout): top level and under `image`.
import type { CommandSpec, FlagSpec } from '../command.ts';

const authfile: FlagSpec = {
  name: 'authfile', kind: 'string',
  help: 'Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override',
};
const tlsVerify: FlagSpec = {
  name: 'tls-verify', kind: 'bool', default: true,
  help: 'Require HTTPS and verify certificates when contacting registries',
};
const certDir: FlagSpec = { name: 'cert-dir', kind: 'string', valueName: 'Pathname', help: 'Pathname of a directory containing TLS certificates and keys' };
const creds: FlagSpec = { name: 'creds', kind: 'string', valueName: 'Credentials', help: 'Credentials (USERNAME:PASSWORD) to use for authenticating to a registry' };

const pull: CommandSpec = {
  name: 'pull',
  summary: 'Pull an image from a registry',
  description: 'Pulls an image from a registry and stores it locally.\n\n  An image can be pulled by tag or digest. If a tag is not specified, the image with the \'latest\' tag is pulled.',
  usage: '[options] IMAGE [IMAGE...]',
  examples: ['berth pull busybox', 'berth pull --platform linux/arm64 docker.io/library/busybox:latest', 'berth pull --creds user:secret registry.example.com/app:1'],
  flags: [
    { name: 'all-tags', short: 'a', kind: 'bool', help: 'All tagged images in the repository will be pulled' },
    { name: 'arch', kind: 'string', valueName: 'ARCH', help: 'Use ARCH instead of the architecture of the machine for choosing images' },
    authfile,
    certDir,
    creds,
    { name: 'disable-content-trust', kind: 'bool', help: 'This is a Docker specific option and is a NOOP' },
    { name: 'os', kind: 'string', valueName: 'OS', help: 'Use OS instead of the running OS for choosing images' },
    { name: 'platform', kind: 'string', help: 'Specify the platform for selecting the image.  (Conflicts with arch and os)' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Suppress output information when pulling images' },
    { name: 'retry', kind: 'uint', default: 3, help: 'number of times to retry in case of failure when performing pull' },
    { name: 'retry-delay', kind: 'string', help: 'delay between retries in case of pull failures (default: exponential from 500ms)' },
    tlsVerify,
    { name: 'variant', kind: 'string', help: 'Use VARIANT instead of the running architecture variant for choosing images' },
  ],
  run: () => import('../verbs/pull.ts'),
};

const search: CommandSpec = {
  name: 'search',
  summary: 'Search registry for image',
  description: 'Search registries for a given image. Can search all the default registries or a specific registry.\n\n  Users can limit the number of results, and filter the output based on certain conditions.',
  usage: '[options] TERM',
  examples: ['berth search --filter=is-official --limit 3 alpine', 'berth search registry.fedoraproject.org/  # only works with v2 registries', 'berth search --list-tags docker.io/library/busybox'],
  flags: [
    authfile,
    { name: 'compatible', kind: 'bool', help: 'List stars, official and automated columns (Docker compatibility)' },
    creds,
    { name: 'filter', short: 'f', kind: 'stringSlice', help: 'Filter output based on conditions provided (default [])' },
    { name: 'format', kind: 'string', help: 'Change the output format to JSON or a Go template' },
    { name: 'limit', kind: 'int', help: 'Limit the number of results' },
    { name: 'list-tags', kind: 'bool', help: 'List the tags of the input registry' },
    { name: 'no-trunc', kind: 'bool', help: 'Do not truncate the output' },
    tlsVerify,
  ],
  run: () => import('../verbs/search.ts'),
};

const login: CommandSpec = {
  name: 'login',
  summary: 'Login to a container registry',
  description: 'Login to a container registry on a specified server.',
  usage: '[options] [REGISTRY]',
  examples: ['berth login quay.io', 'berth login --username USERNAME --password-stdin localhost:5000 < passwordfile', 'berth login --get-login localhost:5000'],
  flags: [
    { ...authfile, help: 'path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override' },
    { name: 'cert-dir', kind: 'string', help: 'use certificates at the specified path to access the registry' },
    { name: 'get-login', kind: 'bool', help: 'Return the current login user for the registry' },
    { name: 'password', short: 'p', kind: 'string', help: 'Password for registry' },
    { name: 'password-stdin', kind: 'bool', help: 'Take the password from stdin' },
    { ...tlsVerify, help: 'Require HTTPS and verify certificates when contacting registries' },
    { name: 'username', short: 'u', kind: 'string', help: 'Username for registry' },
    { name: 'verbose', short: 'v', kind: 'bool', help: 'Write more detailed information to stdout' },
  ],
  run: () => import('../verbs/login.ts'),
};

const logout: CommandSpec = {
  name: 'logout',
  summary: 'Logout of a container registry',
  description: 'Remove the cached username and password for the registry.',
  usage: '[options] [REGISTRY]',
  examples: ['berth logout quay.io', 'berth logout --all'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Remove the cached credentials for all registries in the auth file' },
    { ...authfile, help: 'path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override' },
  ],
  run: () => import('../verbs/logout.ts'),
};

/** Verbs shown at the top level (`berth pull`). */
export const registryTopLevel: CommandSpec[] = [login, logout, pull, search];
/** Verbs shown under `berth image` (`berth image pull`). */
export const registryImageSub: CommandSpec[] = [pull, search];
