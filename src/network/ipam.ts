// IP address management for netavark networks, and the record of which container is attached to which network.
// One small SQLite file under the run root: allocations live as long as the boot, like Podman's ipam.db.
import { DatabaseSync } from 'node:sqlite';
import { databasesLeftOpenForExit } from '../state/exit-policy.ts';
import { BUSY_TIMEOUT_MS, truncateWal } from '../state/db.ts';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../util/errors.ts';
import { parseCidr, parseIP, formatIP, networkOf, lastOf, contains, type Cidr, type IP } from './ip.ts';
import type { Network, Subnet } from './types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS allocations (network TEXT NOT NULL, ip TEXT NOT NULL, container_id TEXT NOT NULL, PRIMARY KEY (network, ip));
CREATE TABLE IF NOT EXISTS cursors (network TEXT NOT NULL, subnet TEXT NOT NULL, last TEXT NOT NULL, PRIMARY KEY (network, subnet));
CREATE TABLE IF NOT EXISTS attachments (container_id TEXT NOT NULL, network TEXT NOT NULL, backend TEXT NOT NULL, request TEXT NOT NULL, PRIMARY KEY (container_id, network));
`;

/** The usable range of one subnet: lease range if set, else everything but the network (and v4 broadcast) address. */
export function usableRange(s: Subnet): { cidr: Cidr; first: bigint; last: bigint } {
  const cidr = parseCidr(s.subnet)!;
  let first = networkOf(cidr).value + 1n;
  let last = lastOf(cidr).value - (cidr.ip.family === 4 ? 1n : 0n);
  const start = s.lease_range?.start_ip ? parseIP(s.lease_range.start_ip) : undefined;
  const end = s.lease_range?.end_ip ? parseIP(s.lease_range.end_ip) : undefined;
  if (start && start.value > first) first = start.value;
  if (end && end.value < last) last = end.value;
  return { cidr, first, last };
}

export class Ipam {
  private db: DatabaseSync;

  constructor(runRoot: string) {
    const dir = path.join(runRoot, 'network');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.db = new DatabaseSync(path.join(dir, 'ipam.db'), { timeout: BUSY_TIMEOUT_MS });
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.db.exec(SCHEMA);
  }

  /** Runs fn holding the write lock: allocation and create/remove of networks serialize through it. */
  locked<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  /** Allocates one address per subnet (or takes the static ones asked for); call inside locked(). */
  allocate(net: Network, containerId: string, requested: string[] = []): string[] {
    const owner = this.db.prepare('SELECT container_id FROM allocations WHERE network = ? AND ip = ?');
    const insert = this.db.prepare('INSERT INTO allocations (network, ip, container_id) VALUES (?, ?, ?)');
    const out: string[] = [];
    const subnets = net.subnets ?? [];
    const statics = requested.map((r) => {
      const ip = parseIP(r);
      if (!ip) throw new BerthError('invalid-argument', `invalid IP address: ${r}`);
      const s = subnets.find((s) => contains(parseCidr(s.subnet)!, ip));
      if (!s) throw new BerthError('invalid-argument', `requested static ip ${r} not in any subnet on network ${net.name}`);
      return { ip, s };
    });
    for (const s of subnets) {
      const asked = statics.find((x) => x.s === s);
      const gw = s.gateway ? parseIP(s.gateway)?.value : undefined;
      let ip: IP;
      if (asked) {
        ip = asked.ip;
        const text = formatIP(ip);
        const o = owner.get(net.name, text) as { container_id: string } | undefined;
        if (o) throw new BerthError('conflict', `IPAM error: requested ip address ${text} is already allocated to container ID ${o.container_id}`);
        if (ip.value === gw) throw new BerthError('conflict', `IPAM error: requested ip address ${text} is the gateway of network ${net.name}`);
      } else {
        ip = this.next(net.name, s, gw, (t) => owner.get(net.name, t) !== undefined);
      }
      const text = formatIP(ip);
      insert.run(net.name, text, containerId);
      out.push(`${text}/${parseCidr(s.subnet)!.prefix}`);
    }
    return out;
  }

  private next(network: string, s: Subnet, gw: bigint | undefined, taken: (ip: string) => boolean): IP {
    const { cidr, first, last } = usableRange(s);
    const fam = cidr.ip.family;
    const cur = this.db.prepare('SELECT last FROM cursors WHERE network = ? AND subnet = ?').get(network, s.subnet) as { last: string } | undefined;
    const prev = cur ? parseIP(cur.last)?.value : undefined;
    let v = prev !== undefined && prev >= first && prev < last ? prev + 1n : first;
    const span = last - first + 1n;
    for (let i = 0n; i < span && i < 1_000_000n; i++) {
      const ip: IP = { family: fam, value: v };
      if (v !== gw && !taken(formatIP(ip))) {
        this.db.prepare('INSERT OR REPLACE INTO cursors (network, subnet, last) VALUES (?, ?, ?)').run(network, s.subnet, formatIP(ip));
        return ip;
      }
      v = v >= last ? first : v + 1n;
    }
    throw new BerthError('conflict', `IPAM error: failed to find free IP in range: ${s.subnet}`);
  }

  release(network: string, containerId: string): void {
    this.db.prepare('DELETE FROM allocations WHERE network = ? AND container_id = ?').run(network, containerId);
  }

  allocations(network?: string): Array<{ network: string; ip: string; container_id: string }> {
    const rows = network
      ? this.db.prepare('SELECT network, ip, container_id FROM allocations WHERE network = ? ORDER BY ip').all(network)
      : this.db.prepare('SELECT network, ip, container_id FROM allocations ORDER BY network, ip').all();
    return rows as Array<{ network: string; ip: string; container_id: string }>;
  }

  /** Records what setup was asked (teardown replays it, even after a crash). */
  attach(containerId: string, network: string, backend: string, request: unknown): void {
    this.db.prepare('INSERT OR REPLACE INTO attachments (container_id, network, backend, request) VALUES (?, ?, ?, ?)')
      .run(containerId, network, backend, JSON.stringify(request));
  }

  detach(containerId: string, network: string): void {
    this.db.prepare('DELETE FROM attachments WHERE container_id = ? AND network = ?').run(containerId, network);
  }

  attachments(filter: { containerId?: string; network?: string } = {}): Array<{ container_id: string; network: string; backend: string; request: string }> {
    return this.db.prepare(
      'SELECT container_id, network, backend, request FROM attachments WHERE (? IS NULL OR container_id = ?) AND (? IS NULL OR network = ?) ORDER BY container_id, network',
    ).all(filter.containerId ?? null, filter.containerId ?? null, filter.network ?? null, filter.network ?? null) as Array<{
      container_id: string; network: string; backend: string; request: string;
    }>;
  }

  /** Forgets a removed network's cursors and allocations. */
  dropNetwork(network: string): void {
    this.db.prepare('DELETE FROM allocations WHERE network = ?').run(network);
    this.db.prepare('DELETE FROM cursors WHERE network = ?').run(network);
  }

  /** Empties the WAL if no other process uses the database (state/db.ts truncateWal: for an idle moment). */
  truncateWal(): void {
    truncateWal(this.db);
  }

  close(): void {
    // Left open when the CLI is about to exit, as the state database (state/exit-policy.ts says why).
    if (!databasesLeftOpenForExit()) this.db.close();
  }
}
