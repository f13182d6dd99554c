// Network test helpers: run a command inside a netns file (nsenter, never `ip netns exec`), and host snapshots for leak checks.
import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export function inNetns(netns: string, args: string[], timeoutMs = 10_000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('nsenter', [`--net=${netns}`, ...args], { encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function spawnInNetns(netns: string, args: string[]): ChildProcess {
  return spawn('nsenter', [`--net=${netns}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** iptables rules (-A lines; counters and timestamps dropped) and link names: compare before/after. */
export function hostSnapshot(): { rules: string[]; chains: string[]; links: string[] } {
  const saved = spawnSync('iptables-save', [], { encoding: 'utf8' }).stdout.split('\n');
  const ipt = saved.filter((l) => l.startsWith('-A '));
  const chains = saved.filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]!);
  const links = spawnSync('ip', ['-o', 'link'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(':')[1]?.trim().split('@')[0] ?? '').filter(Boolean);
  return { rules: ipt.sort(), chains: chains.sort(), links: links.sort() };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const p = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return p;
}
