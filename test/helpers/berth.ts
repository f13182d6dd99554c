// Runs the built berth CLI against a private store and private config files, for integration tests.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const BERTH = path.join(REPO, 'bin', 'berth');

export interface BerthResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  dir: string;
  root: string;
  runroot: string;
  env: NodeJS.ProcessEnv;
  /** Runs berth with --root/--runroot of this sandbox prepended. */
  /** `fds`: open fds the child gets as its 3, 4, ... (for --preserve-fds). */
  run(args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; fds?: number[] }): BerthResult;
  /** Same, asynchronously (for concurrency tests). */
  runAsync(args: string[]): Promise<BerthResult>;
  cleanup(): void;
}

/** The mirror's test registries.conf with the mirror address filled in: docker.io never leaves 127.0.0.1. */
export function testRegistriesConf(mirror = process.env['BERTH_MIRROR_ADDR'] ?? '127.0.0.1:5000'): string {
  const r = spawnSync(path.join(REPO, 'scripts', 'mirror'), ['test-conf'], {
    encoding: 'utf8',
    env: { ...process.env, BERTH_MIRROR_ADDR: mirror },
  });
  if (r.status !== 0) throw new Error(`scripts/mirror test-conf failed: ${r.stderr}`);
  return r.stdout;
}

export function sandbox(opts: { containersConf?: string; registriesConf?: string } = {}): Sandbox {
  if (!existsSync(path.join(REPO, 'dist', 'berth.mjs'))) throw new Error('berth is not built: run make build');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-test-'));
  const root = path.join(dir, 'root');
  const runroot = path.join(dir, 'run');
  const containersConf = path.join(dir, 'containers.conf');
  writeFileSync(containersConf, opts.containersConf ?? '[engine]\nruntime = "runc"\n');
  const registriesConf = path.join(dir, 'registries.conf');
  writeFileSync(registriesConf, opts.registriesConf ?? testRegistriesConf());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONTAINERS_CONF: containersConf,
    CONTAINERS_REGISTRIES_CONF: registriesConf,
    REGISTRY_AUTH_FILE: path.join(dir, 'auth.json'),
    XDG_RUNTIME_DIR: path.join(dir, 'xdg'),
  };
  const argv = (args: string[]) => ['--root', root, '--runroot', runroot, ...args];
  return {
    dir, root, runroot, env,
    run(args, o = {}) {
      const r = spawnSync(BERTH, argv(args), {
        encoding: 'utf8', env: { ...env, ...o.env }, input: o.input, timeout: o.timeoutMs ?? 120_000,
        ...(o.fds ? { stdio: ['pipe', 'pipe', 'pipe', ...o.fds] } : {}),
      });
      return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    runAsync(args) {
      return new Promise((resolve) => {
        const child = spawn(BERTH, argv(args), { env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (b) => (stdout += b));
        child.stderr.on('data', (b) => (stderr += b));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
