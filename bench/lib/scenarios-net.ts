// Network scenarios: TCP throughput from the host to a published port on 127.0.0.1 (a busybox nc sink in a container)
// against the same sink (the host's busybox) on the host's loopback, 200 MiB per repetition.
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Engine } from './engines.ts';
import type { Scenario } from './scenarios.ts';
import { now, sleep } from './proc.ts';

const MIB = 1024 * 1024;
const TOTAL = 200 * MIB;
const SINK = ['nc', '-ll', '-p', '5001', '-e', 'sh', '-c', 'cat > /dev/null'];

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Sends TOTAL bytes to 127.0.0.1:port and waits until the sink closes (it has read everything); milliseconds. */
export function sendTo(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(MIB, 120);
    const t0 = now();
    const s = net.connect(port, '127.0.0.1');
    let sent = 0;
    const pump = (): void => {
      while (sent < TOTAL) {
        sent += chunk.length;
        if (!s.write(chunk)) {
          s.once('drain', pump);
          return;
        }
      }
      s.end();
    };
    s.setTimeout(60_000, () => s.destroy(new Error('timeout')));
    s.on('connect', pump);
    s.on('data', () => undefined);
    s.on('error', reject);
    s.on('close', (hadError) => (hadError ? undefined : resolve(now() - t0)));
  });
}

/** Retries the first connection while a freshly started sink comes up. */
async function warm(port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      await sendTo(port);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

const state = new Map<string, { ctrPort: number; hostPort: number; host: ChildProcess }>();

export const netScenarios: Scenario[] = [
  {
    id: 'tcp-throughput',
    title: 'TCP 200 MiB host → published 127.0.0.1 port (busybox nc sink)',
    requires: ['pull', 'run', 'rm'],
    unit: 'ms',
    extras: { 'MB/s': 'MB/s', 'loopback ms': 'ms', 'loopback ratio': '×' },
    target: 'loopback ms / ms ≥ 0.9 (issue 5)',
    setup: async (e: Engine) => {
      await e.run(['pull', '-q', 'busybox']);
      const ctrPort = await freePort();
      await e.run(['run', '-d', '--name', 'bench-sink', '-p', `127.0.0.1:${ctrPort}:5001`, 'busybox', ...SINK]);
      const hostPort = await freePort();
      const host = spawn('busybox', [...SINK.slice(0, 2), '-p', String(hostPort), ...SINK.slice(4)], { stdio: 'ignore' });
      state.set(e.name, { ctrPort, hostPort, host });
      await warm(ctrPort);
      await warm(hostPort);
    },
    round: async (e: Engine) => {
      const s = state.get(e.name)!;
      const ms = await sendTo(s.ctrPort);
      const loop = await sendTo(s.hostPort);
      return { value: ms, extra: { 'MB/s': TOTAL / MIB / (ms / 1000), 'loopback ms': loop, 'loopback ratio': loop / ms } };
    },
    teardown: async (e: Engine) => {
      state.get(e.name)?.host.kill();
      state.delete(e.name);
      await e.removeAll();
    },
  },
];
