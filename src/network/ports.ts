// Published ports: `-p` parsing (podman's forms and wording), -P from EXPOSE, random host ports, in-use checks.
import { BerthError } from '../util/errors.ts';
import { parseIP, formatIP } from './ip.ts';
import type { PortMapping } from './types.ts';

const bad = (msg: string) => new BerthError('invalid-argument', msg);
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

function parsePort(text: string, what: string): number {
  if (!/^-?\d+$/.test(text)) throw bad(`parsing ${what}: invalid port number: strconv.Atoi: parsing "${text}": invalid syntax`);
  const n = Number(text);
  if (n < 1 || n > 65535) throw bad(`parsing ${what}: port numbers must be between 1 and 65535 (inclusive), got ${n}`);
  return n;
}

function parseRange(text: string, what: string): { start: number; len: number } {
  const [a, b, ...rest] = text.split('-');
  if (rest.length) throw bad(`parsing ${what}: invalid port format: ${text}`);
  const start = parsePort(a!, what);
  if (b === undefined) return { start, len: 1 };
  const end = parsePort(b, what);
  if (end <= start) throw bad(`parsing ${what}: the end port of a range must be higher than the start port - ${end} is not higher than ${start}`);
  return { start, len: end - start + 1 };
}

/** Parses one `-p` value: [[hostIP:][hostPort]:]containerPort[-end][/proto[,proto]]; host_port 0 means "pick one". */
export function parsePublish(spec: string): PortMapping[] {
  let rest = spec;
  let protos = ['tcp'];
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protos = rest.slice(slash + 1).split(',').map((p) => p.toLowerCase());
    rest = rest.slice(0, slash);
    for (const p of protos) if (!PROTOCOLS.has(p)) throw bad(`unrecognized protocol "${p}" in port mapping`);
  }
  let hostIP = '';
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIP = v6[1]!;
    rest = v6[2]!;
    if (!rest.includes(':')) throw bad('invalid port format - format is [[hostIP:]hostPort:]containerPort');
  }
  const parts = rest.split(':');
  let hostPart = '';
  let ctrPart: string;
  if (v6) {
    if (parts.length !== 2) throw bad('invalid port format - format is [[hostIP:]hostPort:]containerPort');
    [hostPart, ctrPart] = [parts[0]!, parts[1]!];
  } else if (parts.length === 1) {
    ctrPart = parts[0]!;
  } else if (parts.length === 2) {
    [hostPart, ctrPart] = [parts[0]!, parts[1]!];
  } else if (parts.length === 3) {
    [hostIP, hostPart, ctrPart] = [parts[0]!, parts[1]!, parts[2]!];
  } else {
    throw bad('invalid port format - format is [[hostIP:]hostPort:]containerPort');
  }
  if (hostIP) {
    const ip = parseIP(hostIP);
    if (!ip) throw bad(`cannot parse "${hostIP}" as an IP address`);
    hostIP = formatIP(ip);
  }
  const ctr = parseRange(ctrPart, 'container port');
  let host = { start: 0, len: ctr.len };
  if (hostPart) {
    host = parseRange(hostPart, 'host port');
    if (host.len !== ctr.len) throw bad(`host and container port ranges have different lengths: ${host.len} vs ${ctr.len}`);
  }
  return protos.map((protocol) => ({ host_ip: hostIP, container_port: ctr.start, host_port: host.start, range: ctr.len, protocol }));
}

/** `-P`: every EXPOSEd port ("80/tcp", "53/udp", "8000-8002") published on a random host port. */
export function publishExposed(exposed: readonly string[]): PortMapping[] {
  const out: PortMapping[] = [];
  for (const e of exposed) {
    const [ports, proto = 'tcp'] = e.split('/');
    const r = parseRange(ports!, 'container port');
    for (let i = 0; i < r.len; i++) out.push({ host_ip: '', container_port: r.start + i, host_port: 0, range: 1, protocol: proto.toLowerCase() });
  }
  return out;
}

/**
 * `--expose` values as inspect's port keys (`80/tcp`, ranges expanded), in podman 4.3's words when one does not parse.
 * Validated for every network mode; only a bridge lists them.
 */
export function exposedPortKeys(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const [ports = '', proto = 'tcp'] = v.split('/');
    const [a = '', b] = ports.split('-');
    for (const x of b === undefined ? [a] : [a, b]) {
      if (!/^\d+$/.test(x) || Number(x) > 65535) throw bad(`invalid range format for --expose: ${v}: strconv.ParseUint: parsing "${x}": ${/^\d+$/.test(x) ? 'value out of range' : 'invalid syntax'}`);
    }
    const start = Number(a);
    const end = b === undefined ? start : Number(b);
    for (let p = start; p <= end; p++) out.push(`${p}/${proto.toLowerCase()}`);
  }
  return [...new Set(out)];
}

/** Conflicts inside one request: the same host ip/port/protocol published twice. */
export function checkDuplicates(maps: readonly PortMapping[]): void {
  const seen = new Map<string, PortMapping>();
  for (const m of maps) {
    if (!m.host_port) continue;
    for (let i = 0; i < m.range; i++) {
      for (const ip of m.host_ip ? [m.host_ip] : ['']) {
        const key = `${ip}|${m.host_port + i}|${m.protocol}`;
        const wild = `|${m.host_port + i}|${m.protocol}`;
        if (seen.has(key) || (ip && seen.has(wild)) || (!ip && [...seen.keys()].some((k) => k.endsWith(wild)))) {
          throw bad(`conflicting port mappings for host port ${m.host_port + i} (protocol ${m.protocol})`);
        }
        seen.set(key, m);
      }
    }
  }
}

/** `port` output form: "80/tcp -> 127.0.0.1:8080". */
export function describeMapping(m: PortMapping, i = 0): string {
  const ip = m.host_ip || '0.0.0.0';
  return `${m.container_port + i}/${m.protocol} -> ${ip.includes(':') ? `[${ip}]` : ip}:${m.host_port + i}`;
}
