// Command tree entries for `berth network` and its verbs (create, connect, disconnect, exists, inspect, ls, prune, reload, rm).
import type { CommandSpec } from '../command.ts';

const create: CommandSpec = {
  name: 'create',
  summary: 'Create networks for containers and pods',
  description: 'Create networks for containers and pods',
  usage: '[options] [NAME]',
  examples: ['berth network create berth1', 'berth network create --subnet 192.5.0.0/16 --label a=b mynet'],
  flags: [
    { name: 'disable-dns', kind: 'bool', help: 'disable dns plugin' },
    { name: 'driver', short: 'd', kind: 'string', default: 'bridge', help: 'driver to manage the network' },
    { name: 'gateway', kind: 'stringArray', help: 'IPv4 or IPv6 gateway for the subnet' },
    { name: 'ignore', kind: 'bool', help: "Don't fail if network already exists" },
    { name: 'interface-name', kind: 'string', help: 'interface name which is used by the driver' },
    { name: 'internal', kind: 'bool', help: 'restrict external access from this network' },
    { name: 'ip-range', kind: 'stringArray', help: 'allocate container IP from range' },
    { name: 'ipam-driver', kind: 'string', help: 'IP Address Management Driver' },
    { name: 'ipv6', kind: 'bool', help: 'enable IPv6 networking' },
    { name: 'label', kind: 'stringArray', help: 'set metadata on a network' },
    { name: 'opt', short: 'o', kind: 'stringArray', help: 'Set driver specific options (default [])' },
    { name: 'subnet', kind: 'stringArray', help: 'subnets in CIDR format' },
  ],
  run: () => import('../verbs/network-create.ts'),
};

const exists: CommandSpec = {
  name: 'exists',
  summary: 'network exists',
  description: 'If the named network exists, berth network exists exits with 0, otherwise the exit code will be 1.',
  usage: 'NETWORK',
  run: () => import('../verbs/network-exists.ts'),
};

const inspect: CommandSpec = {
  name: 'inspect',
  summary: 'network inspect',
  description: 'Displays the network configuration for one or more networks.',
  usage: '[options] NETWORK [NETWORK...]',
  flags: [{ name: 'format', short: 'f', kind: 'string', help: 'Pretty-print network to JSON or using a Go template' }],
  run: () => import('../verbs/network-inspect.ts'),
};

const ls: CommandSpec = {
  name: 'ls',
  aliases: ['list'],
  summary: 'List networks',
  description: 'List networks',
  usage: '[options]',
  flags: [
    { name: 'filter', short: 'f', kind: 'stringArray', help: 'Provide filter values (e.g. \'name=podman\')' },
    { name: 'format', kind: 'string', help: 'Pretty-print networks to JSON or using a Go template' },
    { name: 'noheading', kind: 'bool', help: 'Do not print headers' },
    { name: 'no-trunc', kind: 'bool', help: 'Do not truncate the network ID' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'display only names' },
  ],
  run: () => import('../verbs/network-ls.ts'),
};

const prune: CommandSpec = {
  name: 'prune',
  summary: 'Prune unused networks',
  description: 'Prune unused networks',
  usage: '[options]',
  flags: [
    { name: 'filter', kind: 'stringArray', help: 'Provide filter values (e.g. \'label=<key>=<value>\')' },
    { name: 'force', short: 'f', kind: 'bool', help: 'do not prompt for confirmation' },
  ],
  run: () => import('../verbs/network-prune.ts'),
};

const rm: CommandSpec = {
  name: 'rm',
  aliases: ['remove'],
  summary: 'network rm',
  description: 'Remove networks',
  usage: '[options] NETWORK [NETWORK...]',
  flags: [
    { name: 'force', short: 'f', kind: 'bool', help: 'remove any containers using network' },
    { name: 'time', short: 't', kind: 'int', default: 10, help: 'Seconds to wait for running containers to stop before killing the container' },
  ],
  run: () => import('../verbs/network-rm.ts'),
};

const connect: CommandSpec = {
  name: 'connect',
  summary: 'network connect',
  description: 'Add container to a network',
  usage: '[options] NETWORK CONTAINER',
  examples: ['berth network connect web secondary'],
  flags: [
    { name: 'alias', kind: 'stringSlice', help: 'network scoped alias for container' },
    { name: 'ip', kind: 'string', help: 'set a static ipv4 address for this container network' },
    { name: 'ip6', kind: 'string', help: 'set a static ipv6 address for this container network' },
    { name: 'mac-address', kind: 'string', help: 'set a static mac address for this container network' },
  ],
  run: () => import('../verbs/network-connect.ts'),
};

const disconnect: CommandSpec = {
  name: 'disconnect',
  summary: 'network rm',
  description: 'Remove container from a network',
  usage: '[options] NETWORK CONTAINER',
  examples: ['berth network disconnect web secondary'],
  flags: [{ name: 'force', short: 'f', kind: 'bool', help: 'force removal of container from network' }],
  run: () => import('../verbs/network-connect.ts'),
};

const reload: CommandSpec = {
  name: 'reload',
  summary: 'Reload firewall rules for one or more containers',
  description: 'reload container networks, recreating firewall rules',
  usage: '[options] [CONTAINER...]',
  examples: ['berth network reload 3c13ef6dd843', 'berth network reload --all'],
  flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Reload network configuration of all containers' },
    { name: 'latest', short: 'l', kind: 'bool', help: 'Act on the latest container berth is aware of' },
  ],
  run: () => import('../verbs/network-connect.ts'),
};

/** The forwarder process for ports published on IPv6 host addresses (started by container start, not by users). */
const portProxy: CommandSpec = {
  name: 'port-proxy',
  summary: 'Forward published ports on IPv6 host addresses to a container',
  usage: 'CONTAINER-ID SPEC...',
  hidden: true,
  run: () => import('../verbs/network-port-proxy.ts'),
};

export const networkGroup: CommandSpec = {
  name: 'network',
  summary: 'Manage networks',
  description: 'Manage networks',
  subcommands: [connect, create, disconnect, exists, inspect, ls, portProxy, prune, reload, rm],
};
