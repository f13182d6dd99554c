// The benchmark scenarios. Each declares the berth verbs it needs (`requires`; a scenario whose verbs
// berth lacks is skipped), untimed per-engine setup and teardown, and `round`, which does one
// measured repetition (its own untimed preparation included) and returns the sample.
import { Engine } from './engines.ts';
import type { FloorName } from './floors.ts';
import { now, pool, processes, sleep } from './proc.ts';
import { netScenarios } from './scenarios-net.ts';

export interface Sample {
  /** the scenario's measure, in its unit */
  value: number;
  /** other measures of the same repetition (peak RSS, failures, …) */
  extra?: Record<string, number>;
}

export interface Ctx {
  /** the real path of berth's Node binary (to recognise resident berth processes) */
  nodeExe: string;
}

export interface Scenario {
  id: string;
  title: string;
  requires: string[];
  unit: 'ms' | 'MB';
  floor?: FloorName;
  /** extra measures reported: name -> unit */
  extras?: Record<string, string>;
  /** the target from the issues, shown beside the result */
  target?: string;
  /**
   * Rounds as a multiple of --rounds, for short rows whose spread is large against the gap to their target: a
   * `run --rm` with a bridge varies by ±30 ms from one round to the next (the kernel's veth and nftables teardown,
   * the same for both engines), which moves the median of 7 rounds by several percent.
   */
  roundsFactor?: number;
  setup?(e: Engine, c: Ctx): Promise<void>;
  round(e: Engine, c: Ctx, n: number): Promise<Sample>;
  teardown?(e: Engine, c: Ctx): Promise<void>;
}

/** A row computed from two other rows (median of a minus median of b, per engine). */
export interface Derived { id: string; title: string; minus: [string, string]; target?: string }

const BUSYBOX = 'busybox';
const BIG = 'bench-big';

async function timed(fn: () => Promise<unknown>): Promise<Sample> {
  const t0 = now();
  await fn();
  return { value: now() - t0 };
}

const lastLine = (s: string) => s.trim().split('\n').pop()!.trim();

async function pullBusybox(e: Engine): Promise<void> {
  await e.run(['pull', '-q', BUSYBOX]);
}

async function removeAll(e: Engine): Promise<void> {
  await e.removeAll();
}

function simple(id: string, title: string, args: string[], requires: string[], more: Partial<Scenario> = {}): Scenario {
  return {
    id, title, requires, unit: 'ms',
    setup: requires.includes('pull') ? pullBusybox : undefined,
    round: (e) => timed(() => e.run(args)),
    ...more,
  };
}

function psN(n: number): Scenario {
  return {
    id: `ps-a-${n}`,
    title: `\`ps -a\` with ${n} containers`,
    requires: n ? ['pull', 'create', 'ps', 'rm'] : ['ps'],
    unit: 'ms',
    target: n === 1000 ? '≤ 0.5 × podman (issue 4)' : undefined,
    setup: async (e) => {
      if (!n) return;
      await pullBusybox(e);
      await pool(Array.from({ length: n }, (_, i) => i), 4, (i) =>
        e.run(['create', '--name', `bench-ps-${i}`, BUSYBOX, 'true']));
    },
    round: (e) => timed(() => e.run(['ps', '-a'])),
    teardown: n ? removeAll : undefined,
  };
}

export const scenarios: Scenario[] = [
  simple('version', '`version` (CLI start-up)', ['version'], ['version'], {
    floor: 'node',
    target: 'berth − floor < 60 ms (issue 2)',
  }),
  simple('info', '`info`', ['info'], ['info']),
  // 9 × the rounds (63 by default): a bridge run's time spreads over ±15% (kernel grace periods in the teardown), and
  // medians of 21 rounds moved the ratio by ±0.03 from one full run to the next on this VM.
  simple('run-rm', '`run --rm busybox true` (default bridge)', ['run', '--rm', BUSYBOX, 'true'], ['pull', 'run'], {
    floor: 'runc',
    target: '≤ 0.8 × podman (issue 4)',
    roundsFactor: 9,
  }),
  simple('run-rm-none', '`run --rm --network none busybox true`', ['run', '--rm', '--network', 'none', BUSYBOX, 'true'], ['pull', 'run'], {
    floor: 'runc',
    target: '≤ 0.8 × podman (issue 4)',
    roundsFactor: 9,
  }),
  {
    id: 'create-start-rm',
    title: '`create` + `start -a` + `rm`',
    requires: ['pull', 'create', 'start', 'rm'],
    unit: 'ms',
    floor: 'runc',
    setup: pullBusybox,
    round: (e) => timed(async () => {
      const id = lastLine((await e.run(['create', BUSYBOX, 'true'])).stdout);
      await e.run(['start', '-a', id]);
      await e.run(['rm', id]);
    }),
  },
  {
    id: 'run-d-stop-rm',
    title: '`run -d` + `stop -t0` + `rm`',
    requires: ['pull', 'run', 'stop', 'rm'],
    unit: 'ms',
    floor: 'runc',
    setup: pullBusybox,
    round: (e) => timed(async () => {
      const id = lastLine((await e.run(['run', '-d', BUSYBOX, 'sleep', '1000'])).stdout);
      await e.run(['stop', '-t', '0', id]);
      await e.run(['rm', id]);
    }),
  },
  {
    id: 'exec',
    title: '`exec` `true` into a running container',
    requires: ['pull', 'run', 'exec', 'rm'],
    unit: 'ms',
    setup: async (e) => {
      await pullBusybox(e);
      await e.run(['run', '-d', '--name', 'bench-exec', BUSYBOX, 'sleep', '100000']);
    },
    round: (e) => timed(() => e.run(['exec', 'bench-exec', 'true'])),
    teardown: removeAll,
  },
  psN(0),
  psN(100),
  psN(1000),
  {
    id: 'images-200',
    title: '`images` with 200 tags',
    requires: ['pull', 'tag', 'images'],
    unit: 'ms',
    target: '≤ 0.5 × podman (issue 3)',
    setup: async (e) => {
      await pullBusybox(e);
      for (let b = 0; b < 200; b += 50) {
        const tags = Array.from({ length: 50 }, (_, i) => `localhost/bench/img:t${b + i}`);
        await e.run(['tag', BUSYBOX, ...tags]);
      }
    },
    round: (e) => timed(() => e.run(['images'])),
  },
  {
    id: 'pull-cold',
    title: 'pull bench-big into an empty store',
    requires: ['pull'],
    unit: 'ms',
    floor: 'pull',
    extras: { 'peak RSS MB': 'MB' },
    target: '≤ 0.8 × podman, ≤ 1.5 × floor, peak RSS ≤ 150 MB (issue 3)',
    round: async (e, _c, n) => {
      const f = e.fresh(`cold-${n}`);
      try {
        const res = await f.run(['pull', '-q', BIG], { rss: true });
        return { value: res.ms, extra: { 'peak RSS MB': (res.peakRssKb ?? NaN) / 1024 } };
      } finally {
        await f.destroy(false);
      }
    },
  },
  {
    id: 'pull-warm',
    title: 're-pull bench-big (all layers present)',
    requires: ['pull'],
    unit: 'ms',
    setup: async (e) => { await e.run(['pull', '-q', BIG]); },
    round: (e) => timed(() => e.run(['pull', '-q', BIG])),
  },
  {
    id: 'logs-100mb',
    title: '`logs` of a container that wrote 100 MB',
    requires: ['pull', 'run', 'wait', 'logs', 'rm'],
    unit: 'ms',
    extras: { 'peak RSS MB': 'MB' },
    target: 'streams with bounded memory (design principle 6)',
    setup: async (e) => {
      await pullBusybox(e);
      // 819200 lines of 128 bytes = 100 MiB
      await e.run(['run', '-d', '--name', 'bench-logs', BUSYBOX, 'sh', '-c',
        `yes '${'x'.repeat(127 - 1)}' | head -c 104857600`]);
      await e.run(['wait', 'bench-logs'], { timeoutMs: 600_000 });
    },
    round: async (e) => {
      const res = await e.run(['logs', 'bench-logs'], { rss: true });
      if (res.stdoutBytes < 104857600) throw new Error(`logs returned ${res.stdoutBytes} bytes, expected 104857600`);
      return { value: res.ms, extra: { 'peak RSS MB': (res.peakRssKb ?? NaN) / 1024 } };
    },
    teardown: removeAll,
  },
  {
    id: 'parallel-50',
    title: '50 parallel `run -d` (wall time)',
    requires: ['pull', 'run', 'ps', 'rm'],
    unit: 'ms',
    extras: { failures: 'count', lost: 'count' },
    target: 'all 50 succeed, none lost (issue 4)',
    setup: pullBusybox,
    round: async (e) => {
      const t0 = now();
      const results = await Promise.all(Array.from({ length: 50 }, () =>
        e.run(['run', '-d', BUSYBOX, 'sleep', '1000'], { allowFail: true })));
      const value = now() - t0;
      const failures = results.filter((r) => r.code !== 0).length;
      const listed = (await e.run(['ps', '-q', '--filter', 'status=running'])).stdout.split('\n').filter(Boolean).length;
      await removeAll(e);
      return { value, extra: { failures, lost: 50 - failures - listed } };
    },
  },
  {
    id: 'idle-container',
    title: 'memory per running container (`run -d … sleep`)',
    requires: ['pull', 'run', 'rm'],
    unit: 'MB',
    extras: { 'engine procs resident': 'count' },
    target: 'conmon alone, no berth process resident (issue 4)',
    setup: pullBusybox,
    round: async (e, c) => {
      const id = lastLine((await e.run(['run', '-d', BUSYBOX, 'sleep', '1000'])).stdout);
      await sleep(300);
      const conmons = processes((p) => p.exe === '/usr/bin/conmon' && p.cmdline.some((a) => a.includes(id)));
      const engineExe = e.name === 'berth' ? c.nodeExe : '/usr/bin/podman';
      const resident = processes((p) => p.exe === engineExe && p.cmdline.includes(e.paths.root));
      await e.removeAll({}, [id]);
      if (conmons.length !== 1) throw new Error(`expected one conmon for ${id}, found ${conmons.length}`);
      return { value: conmons[0]!.rssKb / 1024, extra: { 'engine procs resident': resident.length } };
    },
  },
  ...netScenarios,
];

export const derived: Derived[] = [
  {
    id: 'net-cost',
    title: 'network setup + teardown (bridge − none)',
    minus: ['run-rm', 'run-rm-none'],
    target: '≤ podman (issue 5)',
  },
];
