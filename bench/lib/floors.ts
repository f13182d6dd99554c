// Floors: what the same work costs without an engine, measured in the same run.
//   runc  — `runc run` of a prepared busybox bundle running `true` (container start latency floor)
//   node  — `node -e 0` on the Node binary berth runs on (CLI start-up floor)
//   pull  — curl of bench-big's layer blobs from the mirror | gzip -d | tar -x, all layers in parallel
//   pull-seq — the same, one layer after another (shown for reference; the ratio uses the parallel one,
//              because both engines download and unpack layers concurrently)
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { now, run, sh } from './proc.ts';

export type FloorName = 'runc' | 'node' | 'pull' | 'pull-seq';

export const floorTitles: Record<FloorName, string> = {
  runc: '`runc run` of a busybox bundle (`true`, no network)',
  node: '`node -e 0` (same Node binary)',
  pull: 'curl | gzip -d | tar -x of bench-big layers, in parallel',
  'pull-seq': 'curl | gzip -d | tar -x of bench-big layers, sequentially',
};

export interface FloorCtx { work: string; nodeBin: string; mirror: string }

export interface Floor {
  prepare(): Promise<void>;
  once(round: number): Promise<number>;
}

let seq = 0;

export function makeFloor(name: FloorName, ctx: FloorCtx): Floor {
  switch (name) {
    case 'node':
      return {
        prepare: async () => {},
        once: async () => (await run([ctx.nodeBin, '-e', '0'])).ms,
      };
    case 'runc': {
      const bundle = join(ctx.work, 'floor-runc', 'bundle');
      const state = join(ctx.work, 'floor-runc', 'state');
      return {
        prepare: async () => {
          rmSync(join(ctx.work, 'floor-runc'), { recursive: true, force: true });
          mkdirSync(join(bundle, 'rootfs', 'bin'), { recursive: true });
          mkdirSync(state, { recursive: true });
          for (const d of ['proc', 'sys', 'dev', 'tmp']) mkdirSync(join(bundle, 'rootfs', d));
          copyFileSync('/bin/busybox', join(bundle, 'rootfs', 'bin', 'busybox'));
          symlinkSync('busybox', join(bundle, 'rootfs', 'bin', 'true'));
          await run(['runc', 'spec', '--bundle', bundle]);
          const cfgPath = join(bundle, 'config.json');
          const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
          cfg.process.terminal = false;
          cfg.process.args = ['/bin/true'];
          cfg.root.readonly = true;
          writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
        },
        once: async () => {
          const id = `berth-bench-floor-${process.pid}-${seq++}`;
          return (await run(['runc', '--root', state, 'run', '--bundle', bundle, id])).ms;
        },
      };
    }
    case 'pull':
    case 'pull-seq': {
      let layers: string[] = [];
      const dir = join(ctx.work, `floor-${name}`);
      return {
        prepare: async () => {
          layers = await benchBigLayers(ctx.mirror);
        },
        once: async (round) => {
          const target = join(dir, String(round));
          const pipes = layers.map((d, i) => {
            const out = join(target, String(i));
            mkdirSync(out, { recursive: true });
            return `curl -sfS --noproxy '*' 'http://${ctx.mirror}/v2/library/bench-big/blobs/${d}' | gzip -d | tar -x --no-same-owner -C '${out}'`;
          });
          // set -o pipefail is not POSIX sh: check each pipeline with bash.
          const script = name === 'pull'
            ? `set -o pipefail; pids=; ${pipes.map((p) => `( ${p} ) & pids="$pids $!"`).join('; ')}; rc=0; for p in $pids; do wait $p || rc=1; done; exit $rc`
            : `set -eo pipefail; ${pipes.join('; ')}`;
          const t0 = now();
          await run(['/bin/bash', '-c', script]);
          const ms = now() - t0;
          rmSync(target, { recursive: true, force: true });
          return ms;
        },
      };
    }
  }
}

/** Layer digests of library/bench-big:latest for this host's platform (amd64/linux). */
export async function benchBigLayers(mirror: string): Promise<string[]> {
  const accept = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
  ].join(',');
  const get = async (ref: string) =>
    JSON.parse((await sh(`curl -sfS --noproxy '*' -H 'Accept: ${accept}' 'http://${mirror}/v2/library/bench-big/manifests/${ref}'`)).stdout);
  let m = await get('latest');
  if (Array.isArray(m.manifests)) {
    const arch = process.arch === 'x64' ? 'amd64' : process.arch;
    const pick = m.manifests.find((x: { platform?: { architecture?: string; os?: string } }) =>
      x.platform?.architecture === arch && x.platform?.os === 'linux');
    if (!pick) throw new Error(`bench-big has no linux/${arch} manifest`);
    m = await get(pick.digest);
  }
  return (m.layers as { digest: string }[]).map((l) => l.digest);
}
