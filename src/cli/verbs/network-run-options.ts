// The run/create network flags (--network, -p, -P, --expose, --ip, --ip6, --mac-address, --network-alias, --dns*, --add-host, --no-hosts).
import type { CommandContext } from '../command.ts';
import type { ContainerCreateOptions } from '../../engine/containers.ts';

export const NETWORK_FLAGS = [
  'network', 'net', 'publish', 'publish-all', 'expose', 'ip', 'ip6', 'mac-address', 'network-alias', 'dns', 'dns-search', 'dns-option',
  'add-host', 'no-hosts',
];

/** Copies the network flags into the create options. */
export function networkOptionsFrom(ctx: CommandContext, o: ContainerCreateOptions): void {
  const f = ctx.flags;
  const arr = (k: string) => (ctx.changed.has(k) ? ((f[k] as string[] | undefined) ?? []) : []);
  const str = (k: string) => (ctx.changed.has(k) ? (f[k] as string) : '');
  const nets = [...arr('network'), ...(ctx.changed.has('net') ? [f['net'] as string] : [])];
  if (nets.length) o.network = nets[0];
  if (nets.length > 1) o.networks = nets;
  const lists: Array<[string, 'publish' | 'expose' | 'networkAliases' | 'dns' | 'dnsSearch' | 'dnsOptions' | 'addHosts']> = [
    ['publish', 'publish'], ['expose', 'expose'], ['network-alias', 'networkAliases'], ['dns', 'dns'], ['dns-search', 'dnsSearch'],
    ['dns-option', 'dnsOptions'], ['add-host', 'addHosts'],
  ];
  for (const [flag, key] of lists) if (arr(flag).length) o[key] = arr(flag);
  if (f['publish-all'] === true) o.publishAll = true;
  if (f['no-hosts'] === true) o.noHosts = true;
  if (str('ip')) o.ip = str('ip');
  if (str('ip6')) o.ip6 = str('ip6');
  if (str('mac-address')) o.macAddress = str('mac-address');
}
