// Edits a running container's /etc/hosts and resolv.conf in place on `network connect`/`disconnect`, as podman 4.3 does.
import fs from 'node:fs';
import path from 'node:path';
import type { StatusBlock } from '../network/types.ts';

/** The addresses (no prefix) and DNS servers one network's status gives the container. */
export function networkFacts(block: StatusBlock | undefined): { ips: string[]; dns: string[] } {
  const ips = Object.values(block?.interfaces ?? {}).flatMap((i) => (i.subnets ?? []).map((a) => a.ipnet.split('/')[0]!));
  return { ips, dns: block?.dns_server_ips ?? [] };
}

const entry = (line: string) => {
  const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
  return { ip: ip ?? '', names: names.join(' ') };
};

/** Appends `IP<TAB>names` for each address not already listed with those names (pure; other lines untouched). */
export function hostsAdd(text: string, ips: readonly string[], names: string): string {
  const have = new Set(text.split('\n').map(entry).filter((e) => e.names === names).map((e) => e.ip));
  const add = ips.filter((ip) => !have.has(ip)).map((ip) => `${ip}\t${names}`);
  if (!add.length) return text;
  return `${text}${text && !text.endsWith('\n') ? '\n' : ''}${add.join('\n')}\n`;
}

/** Drops the lines that list one of the addresses with exactly the container's names (pure). */
export function hostsRemove(text: string, ips: readonly string[], names: string): string {
  return text.split('\n').filter((l) => { const e = entry(l); return !(ips.includes(e.ip) && e.names === names); }).join('\n');
}

/** Puts `nameserver` lines for the servers not yet listed before the existing ones (podman: the new network's first). */
export function resolvAddServers(text: string, servers: readonly string[]): string {
  const lines = text.split('\n');
  const have = new Set(lines.map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1]).filter(Boolean));
  const add = servers.filter((s) => !have.has(s)).map((s) => `nameserver ${s}`);
  if (!add.length) return text;
  let at = lines.findIndex((l) => /^\s*nameserver\s/.test(l));
  if (at < 0) at = lines.length && lines.at(-1) === '' ? lines.length - 1 : lines.length;
  lines.splice(at, 0, ...add);
  return lines.join('\n');
}

export function resolvRemoveServers(text: string, servers: readonly string[]): string {
  return text.split('\n').filter((l) => !servers.includes(/^\s*nameserver\s+(\S+)/.exec(l)?.[1] ?? '')).join('\n');
}

/** The `hostname name` part of the container's hosts lines, from the run dir's hostname file (as init wrote it). */
function hostNames(dir: string, name: string): string | undefined {
  try {
    const hostname = fs.readFileSync(path.join(dir, 'hostname'), 'utf8').trim();
    return hostname === name || !hostname ? name : `${hostname} ${name}`;
  } catch {
    return undefined;
  }
}

/** Rewrites a file in place (same inode: it is bind-mounted into the container). */
function edit(file: string, fn: (text: string) => string): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return; // --no-hosts, or the run dir is gone: nothing to update
  }
  const next = fn(text);
  if (next !== text) fs.writeFileSync(file, next);
}

/**
 * Adds (connect) or removes (disconnect) one network's addresses in the container's /etc/hosts and, unless the user
 * chose `--dns`, its DNS servers in resolv.conf. `dir` is the container's run dir (bundle) holding both files.
 */
export function updateNetworkFiles(dir: string, o: { name: string; facts: { ips: string[]; dns: string[] }; remove?: boolean; userDns?: boolean; noHosts?: boolean }): void {
  const names = hostNames(dir, o.name);
  if (!o.noHosts && names && o.facts.ips.length) {
    edit(path.join(dir, 'hosts'), (t) => (o.remove ? hostsRemove(t, o.facts.ips, names) : hostsAdd(t, o.facts.ips, names)));
  }
  if (!o.userDns && o.facts.dns.length) {
    edit(path.join(dir, 'resolv.conf'), (t) => (o.remove ? resolvRemoveServers(t, o.facts.dns) : resolvAddServers(t, o.facts.dns)));
  }
}
