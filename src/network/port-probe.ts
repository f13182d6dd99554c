// Host ports: picking free random ports by binding briefly, and "port in use" errors naming the holder (from /proc).
import net from 'node:net';
import dgram from 'node:dgram';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { BerthError } from '../util/errors.ts';
import type { PortMapping } from './types.ts';

function bindOnce(proto: string, ip: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (proto === 'udp') {
      const s = dgram.createSocket(ip.includes(':') ? 'udp6' : 'udp4');
      s.once('error', reject);
      s.bind(port, ip || '0.0.0.0', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    } else {
      const s = net.createServer();
      s.once('error', reject);
      s.listen({ port, host: ip || '0.0.0.0', exclusive: true }, () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    }
  });
}

/** Parses /proc/net/tcp{,6} or udp{,6}: socket inode of whatever is bound to `port` (listening, for TCP). */
export function socketInodes(text: string, port: number, tcp: boolean): string[] {
  const out: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const local = f[1]!.split(':');
    if (parseInt(local[1]!, 16) !== port) continue;
    if (tcp && f[3] !== '0A') continue;
    out.push(f[9]!);
  }
  return out;
}

/** Best effort: "pid 123 (nc)" for the process holding the port, or undefined. */
export function portHolder(proto: string, port: number): string | undefined {
  const tcp = proto !== 'udp';
  const inodes = new Set<string>();
  for (const f of tcp ? ['/proc/net/tcp', '/proc/net/tcp6'] : ['/proc/net/udp', '/proc/net/udp6']) {
    try {
      for (const i of socketInodes(readFileSync(f, 'utf8'), port, tcp)) inodes.add(`socket:[${i}]`);
    } catch {
      // no IPv6
    }
  }
  if (!inodes.size) return undefined;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          return `pid ${pid} (${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()})`;
        }
      } catch {
        // raced with exit
      }
    }
  }
  return undefined;
}

const PROTO_NAME: Record<string, string> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' };

/** Fills host_port 0 with free ports and checks that fixed ones can be bound; throws naming the port and its holder. */
export async function resolveHostPorts(maps: readonly PortMapping[]): Promise<PortMapping[]> {
  const out: PortMapping[] = [];
  for (const m of maps) {
    if (m.protocol === 'sctp') {
      out.push({ ...m });
      continue;
    }
    if (m.host_port === 0) {
      // A range needs consecutive free ports: retry from a fresh random start a few times.
      let found = 0;
      for (let tries = 0; tries < 20 && !found; tries++) {
        const start = await bindOnce(m.protocol, m.host_ip, 0);
        if (start + m.range - 1 > 65535) continue;
        let ok = true;
        for (let i = 1; i < m.range && ok; i++) ok = await bindOnce(m.protocol, m.host_ip, start + i).then(() => true, () => false);
        if (ok) found = start;
      }
      if (!found) throw new BerthError('unavailable', `failed to find ${m.range} free ${PROTO_NAME[m.protocol]} ports`);
      out.push({ ...m, host_port: found });
      continue;
    }
    for (let i = 0; i < m.range; i++) {
      const port = m.host_port + i;
      try {
        await bindOnce(m.protocol, m.host_ip, port);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const holder = err.code === 'EADDRINUSE' ? portHolder(m.protocol, port) : undefined;
        const addr = `${m.host_ip.includes(':') ? `[${m.host_ip}]` : m.host_ip}:${port}`;
        const why = err.code === 'EADDRINUSE' ? 'address already in use' : err.message;
        throw new BerthError(
          'conflict',
          `cannot listen on the ${PROTO_NAME[m.protocol]} port: listen ${m.protocol}${m.host_ip.includes(':') ? '6' : '4'} ${addr}: bind: ${why}` +
            (holder ? ` (held by ${holder})` : ''),
        );
      }
    }
    out.push({ ...m });
  }
  return out;
}
