// Bundles the CLI into dist/ with esbuild (ESM, code-split per verb) so start-up reads a few files, not hundreds.
import { build } from 'esbuild';
import { rmSync, renameSync, existsSync } from 'node:fs';

// Build beside dist/ and swap it in, so berth processes running during a rebuild never see a half-written tree.
const out = `dist.tmp-${process.pid}`;
await build({
  entryPoints: { berth: 'src/main.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  outdir: out,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
});
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
