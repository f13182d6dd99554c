// Bundles the CLI into dist/ with esbuild (ESM, code-split per verb) so start-up reads a few files, not hundreds.
import { build } from 'esbuild';
import { rmSync, renameSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';

// Build beside dist/ and swap it in, so berth processes running during a rebuild never see a half-written tree.
const out = `dist.tmp-${process.pid}`;

/**
 * Node's built-in modules, loaded with require() instead of `import`: an ESM import of a builtin builds a facade that
 * reads every export, which runs lazy getters (node:http loads undici, node:crypto webcrypto): milliseconds each, on
 * every CLI start. esbuild's CommonJS interop keeps property access lazy.
 */
/**
 * Builtins that cost milliseconds to load (child_process pulls in net, stream and dgram) but that many verbs import
 * only for a code path they rarely take (`ps` never spawns). They become an object of getters that require the real
 * module on first property access. The export names are read here, from the Node that also runs the bundle.
 */
const LAZY = new Set(['node:child_process', 'node:net', 'node:zlib', 'node:fs/promises', 'node:dgram', 'node:readline',
  'node:http', 'node:https', 'node:tls', 'node:worker_threads', 'node:stream/promises']);
const requireHere = createRequire(import.meta.url);
function lazyBuiltin(name) {
  const keys = Object.keys(requireHere(name)).filter((k) => k !== 'default' && k !== '__esModule');
  return [
    `let real;`,
    `const load = () => (real ??= require(${JSON.stringify(name)}));`,
    `const out = {};`,
    `for (const k of ${JSON.stringify(keys)}) Object.defineProperty(out, k, { get: () => load()[k], enumerable: true });`,
    `module.exports = out;`,
  ].join('\n');
}

const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: LAZY.has(args.path) ? lazyBuiltin(args.path) : `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};
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
  plugins: [builtinsViaRequire],
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
});
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
