// Bundles the CLI into dist/ with esbuild (ESM, code-split per verb) so start-up reads a few files, not hundreds.
import { build } from 'esbuild';
import { rmSync, renameSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { berth: 'src/main.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies (tar-stream, yaml) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
});
