// Published ports as Berth's own iptables DNAT rules (one atomic iptables-restore per change), tagged per container.
import { writeFileSync } from 'node:fs';
import { runSync } from '../sys/exec.ts';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import type { PortMapping } from './types.ts';

export const DNAT_CHAIN = 'BERTH-HOSTPORT-DNAT';
export const MASQ_CHAIN = 'BERTH-HOSTPORT-MASQ';

/** The jumps into Berth's chains (nat table), as iptables-save prints them. */
const JUMPS = [
  `-A PREROUTING -m addrtype --dst-type LOCAL -j ${DNAT_CHAIN}`,
  `-A OUTPUT -m addrtype --dst-type LOCAL -j ${DNAT_CHAIN}`,
  `-A POSTROUTING -j ${MASQ_CHAIN}`,
];

/** The comment that marks every rule of one container (teardown and reload find them by it, even after a crash). */
export const ruleTag = (containerId: string) => `berth-ctr-${containerId}`;

export interface PortTarget {
  /** The container's IPv4 address the ports forward to. */
  ip: string;
  maps: readonly PortMapping[];
}

/** The -A lines for one container's mappings (pure). IPv6 host addresses are skipped (IPv4 DNAT only). */
export function portRules(containerId: string, t: PortTarget): string[] {
  const tag = `-m comment --comment ${ruleTag(containerId)}`;
  const out: string[] = [];
  for (const m of t.maps) {
    if (m.host_ip.includes(':')) continue;
    const dst = m.host_ip && m.host_ip !== '0.0.0.0' ? `-d ${m.host_ip}/32 ` : '';
    for (let i = 0; i < Math.max(1, m.range); i++) {
      const p = `-p ${m.protocol} -m ${m.protocol}`;
      out.push(`-A ${DNAT_CHAIN} ${dst}${p} --dport ${m.host_port + i} ${tag} -j DNAT --to-destination ${t.ip}:${m.container_port + i}`);
      // From the host's loopback (route_localnet) and hairpin from the container itself: masquerade the source.
      out.push(`-A ${MASQ_CHAIN} -s 127.0.0.0/8 -d ${t.ip}/32 ${p} --dport ${m.container_port + i} ${tag} -j MASQUERADE`);
      out.push(`-A ${MASQ_CHAIN} -s ${t.ip}/32 -d ${t.ip}/32 ${p} --dport ${m.container_port + i} ${tag} -j MASQUERADE`);
    }
  }
  return out;
}

/** The iptables-restore --noflush input that replaces a container's rules (pure: `saved` is `iptables-save -t nat`). */
export function replaceBatch(saved: string, containerId: string, add: readonly string[]): { batch: string; changed: boolean } {
  const lines = saved.split('\n');
  const chains = new Set(lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]));
  const rules = new Set(lines.filter((l) => l.startsWith('-A ')));
  const tag = ruleTag(containerId);
  const out: string[] = ['*nat'];
  // Declaring an existing chain in --noflush mode would flush it: declare only the missing ones.
  for (const c of [DNAT_CHAIN, MASQ_CHAIN]) if (!chains.has(c)) out.push(`:${c} - [0:0]`);
  if (add.length) for (const j of JUMPS) if (!rules.has(j)) out.push(j);
  const del = lines.filter((l) => l.startsWith('-A ') && l.includes(`--comment ${tag} `)).map((l) => `-D${l.slice(2)}`);
  out.push(...del, ...add, 'COMMIT', '');
  return { batch: out.join('\n'), changed: del.length > 0 || add.length > 0 };
}

/**
 * Replaces every rule of the container with `target`'s (none: removes them). Runs under the caller's lock (two
 * concurrent read-modify-write batches must not interleave); one iptables-restore transaction, so ports that stay
 * never stop answering.
 */
export function setPortRules(containerId: string, target: PortTarget | undefined): void {
  const save = runSync('iptables-save', ['-t', 'nat'], { allowFailure: true, timeoutMs: 30_000 });
  if (save.code !== 0) throw new BerthError('internal', `iptables-save: ${save.stderr.trim()}`);
  const add = target ? portRules(containerId, target) : [];
  const { batch, changed } = replaceBatch(save.stdout, containerId, add);
  if (!changed) return;
  const r = runSync('iptables-restore', ['--noflush'], { input: batch, allowFailure: true, timeoutMs: 30_000 });
  if (r.code !== 0) throw new BerthError('internal', `setting port forwarding rules: iptables-restore: ${r.stderr.trim()}`);
}

/** Rules currently installed for a container (for `network reload` checks and tests). */
export function installedRules(containerId: string): string[] {
  const save = runSync('iptables-save', ['-t', 'nat'], { allowFailure: true, timeoutMs: 30_000 });
  return save.stdout.split('\n').filter((l) => l.includes(`--comment ${ruleTag(containerId)} `));
}

/** Lets DNAT'ed packets from 127.0.0.1 leave through the bridge (as netavark does for localhost port forwards). */
export function enableRouteLocalnet(bridge: string): void {
  if (!/^[\w.-]+$/.test(bridge)) return;
  try {
    writeFileSync(`/proc/sys/net/ipv4/conf/${bridge}/route_localnet`, '1');
  } catch (e) {
    log.debug(`route_localnet on ${bridge}: ${(e as Error).message}`);
  }
}
