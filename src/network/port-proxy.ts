// Published ports on IPv6 host addresses: a small TCP forwarder process per container (the kernel cannot DNAT ::1 away).
import net from 'node:net';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { start } from '../sys/exec.ts';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import type { PortMapping } from './types.ts';

/** One forwarded port: `tcp:[::1]:8080=[fd00::2]:80` on the proxy's command line. */
export interface ProxySpec {
  listenHost: string;
  listenPort: number;
  targetHost: string;
  targetPort: number;
}

const bracket = (h: string) => (h.includes(':') ? `[${h}]` : h);

export const formatSpec = (s: ProxySpec) => `tcp:${bracket(s.listenHost)}:${s.listenPort}=${bracket(s.targetHost)}:${s.targetPort}`;

export function parseSpec(text: string): ProxySpec {
  const m = /^tcp:\[([0-9a-fA-F:.]+)\]:(\d+)=\[?([0-9a-fA-F:.]+?)\]?:(\d+)$/.exec(text);
  if (!m) throw new BerthError('invalid-argument', `invalid port proxy spec "${text}"`);
  return { listenHost: m[1]!, listenPort: Number(m[2]), targetHost: m[3]!, targetPort: Number(m[4]) };
}

/**
 * The forwards a container's mappings need (pure): every TCP port published on an IPv6 host address goes to the
 * container's IPv6 address, or its IPv4 one when it has none. `::` listens on all IPv6 addresses (v6 only).
 */
export function proxySpecs(maps: readonly PortMapping[], target: { v4?: string; v6?: string }): ProxySpec[] {
  const to = target.v6 ?? target.v4;
  if (!to) return [];
  const out: ProxySpec[] = [];
  for (const m of maps) {
    if (!m.host_ip.includes(':') || m.protocol !== 'tcp') continue;
    for (let i = 0; i < Math.max(1, m.range); i++) {
      out.push({ listenHost: m.host_ip, listenPort: m.host_port + i, targetHost: to, targetPort: m.container_port + i });
    }
  }
  return out;
}

/** Mappings the proxy cannot serve (UDP/SCTP on IPv6 host addresses), for a warning. */
export const unproxied = (maps: readonly PortMapping[]) => maps.filter((m) => m.host_ip.includes(':') && m.protocol !== 'tcp');

/** Runs the forwarders in this process (the `network port-proxy` helper); resolves once every port listens. */
export async function serve(specs: readonly ProxySpec[]): Promise<void> {
  for (const s of specs) {
    const server = net.createServer({ pauseOnConnect: true }, (client) => {
      const upstream = net.connect({ host: s.targetHost, port: s.targetPort }, () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      const close = () => { client.destroy(); upstream.destroy(); };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: s.listenHost, port: s.listenPort, ipv6Only: true }, () => resolve());
    });
  }
}

/** Whether pid is a port proxy of this container (pids are recycled: never signal a stranger). */
function isOurs(pid: number, containerId: string): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.includes('port-proxy') && cmd.includes(containerId);
  } catch {
    return false;
  }
}

/** The specs (space-joined) the container's recorded proxy runs with, if it still runs. */
export function runningProxySpecs(pidFile: string, containerId: string): string | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (!(pid > 0) || !isOurs(pid, containerId)) return undefined;
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return cmd.slice(cmd.indexOf(containerId) + 1).join(' ');
  } catch {
    return undefined;
  }
}

/** Stops the container's proxy if one runs (idempotent). */
export async function stopProxy(pidFile: string, containerId: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8'));
  } catch {
    return;
  }
  if (pid > 0 && isOurs(pid, containerId)) {
    // Wait for it to go: a replacement started at once would find the ports still bound (EADDRINUSE).
    for (const [signal, ms] of [['SIGTERM', 2000], ['SIGKILL', 1000]] as const) {
      try {
        process.kill(pid, signal);
      } catch (e) {
        log.debug(`stopping port proxy ${pid}: ${(e as Error).message}`);
      }
      const end = Date.now() + ms;
      while (isOurs(pid, containerId) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      if (!isOurs(pid, containerId)) break;
    }
  }
  rmSync(pidFile, { force: true });
}

/**
 * Starts `cmd … port-proxy <id> <spec>…` detached (it outlives berth, like conmon) and waits for its "ready" line;
 * its error (a port taken, say) becomes ours. The pid is recorded for stopProxy.
 */
export async function startProxy(cmd: readonly string[], pidFile: string, containerId: string, specs: readonly ProxySpec[]): Promise<void> {
  const child = start(cmd[0]!, [...cmd.slice(1), 'network', 'port-proxy', containerId, ...specs.map(formatSpec)], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  writeFileSync(pidFile, String(child.pid ?? 0));
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b));
  child.stderr!.on('data', (b: Buffer) => (err += b));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 15_000);
    child.stdout!.on('data', () => { if (out.includes('ready\n')) { clearTimeout(timer); resolve(true); } });
    child.once('exit', () => { clearTimeout(timer); resolve(false); });
  });
  child.stdout!.destroy();
  child.stderr!.destroy();
  child.unref();
  if (!ready) {
    await stopProxy(pidFile, containerId);
    throw new BerthError('internal', `port proxy for IPv6 host addresses: ${err.trim().split('\n').pop() || 'did not start'}`);
  }
}
