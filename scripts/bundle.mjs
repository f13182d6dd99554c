// Bundles the CLI into dist/: a single-file CommonJS bundle that bin/berth runs (berth.cjs, which loads berth-cli.cjs with
// a V8 code cache per verb), and the ESM bundle code-split per verb (berth.mjs) that worker threads load.
import { build } from 'esbuild';
import { rmSync, renameSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// Build beside dist/ and swap it in, so berth processes running during a rebuild never see a half-written tree.
// `--out DIR` builds elsewhere (inside the checkout, so that node_modules resolves), for experiments.
const dist = process.argv[2] === '--out' && process.argv[3] ? process.argv[3] : 'dist';
const out = `${dist}.tmp-${process.pid}`;

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
const LAZY = new Set(['node:child_process', 'node:crypto', 'node:net', 'node:zlib', 'node:fs/promises', 'node:dgram', 'node:readline',
  'node:http', 'node:https', 'node:tls', 'node:worker_threads', 'node:stream/promises', 'node:stream']);
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

/**
 * The named imports of each builtin across src/ (`import fs, { readFileSync } from 'node:fs'`), for the CommonJS bundle's
 * shims below. A name missing here fails the build ("No matching export"), never a run.
 */
function namedBuiltinImports() {
  const names = new Map();
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) files.push(p);
    }
  };
  walk('src');
  const re = /import\s+(?!type\b)(?:\w+\s*,\s*)?\{([^}]*)\}\s*from\s*'(node:[^']+)'/g;
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(re)) {
      const set = names.get(m[2]) ?? new Set();
      for (const part of m[1].split(',')) {
        const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
        if (name && !part.trim().startsWith('type ')) set.add(name);
      }
      names.set(m[2], set);
    }
  }
  return names;
}

/**
 * In the CommonJS bundle a builtin is an ES module over require(): its default export is the module itself and its named
 * exports are the names src/ imports. esbuild then links importers to those bindings directly, where a CommonJS shim
 * made every importing module copy all of the builtin's properties (__toESM: ~100 getters for node:fs, per module, ~7 ms
 * of a `run`). The LAZY builtins stay objects of getters.
 */
function builtinsViaRequire(esmShims) {
  const named = esmShims ? namedBuiltinImports() : new Map();
  return {
    name: 'builtins-via-require',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) =>
        args.namespace === 'builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' },
      );
      b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
        const req = `require(${JSON.stringify(args.path)})`;
        if (LAZY.has(args.path)) return { contents: lazyBuiltin(args.path), loader: 'js' };
        if (!esmShims) return { contents: `module.exports = ${req};`, loader: 'js' };
        const names = [...(named.get(args.path) ?? [])].filter((n) => n !== 'default');
        const exportsLine = names.length ? `export const { ${names.join(', ')} } = m;\n` : '';
        return { contents: `const m = ${req};\nexport default m;\n${exportsLine}`, loader: 'js' };
      });
    },
  };
}

/**
 * `import.meta.url` in the CommonJS bundle: the URL of the ESM chunk that holds the same source module, computed at run
 * time from the bundle's directory (src/cli/module-url.ts), so a worker started on its own module or a createRequire()
 * resolves as in the ESM bundle.
 */
function importMetaUrl(chunkOf) {
  const helper = path.resolve('src/cli/module-url.ts');
  return {
    name: 'import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url') || args.path === helper) return undefined;
        const rel = path.relative(process.cwd(), args.path);
        const chunk = chunkOf.get(rel);
        if (!chunk) return { errors: [{ text: `${rel} uses import.meta.url but is in no chunk of the ESM bundle` }] };
        const contents =
          `import { moduleUrl as __berthModuleUrl } from ${JSON.stringify(helper)};\n` +
          source.replaceAll('import.meta.url', `__berthModuleUrl(${JSON.stringify(chunk)})`);
        return { contents, loader: 'ts', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

const common = { bundle: true, platform: 'node', target: 'node24', outdir: out, sourcemap: 'linked', logLevel: 'warning' };

const esm = await build({
  ...common,
  entryPoints: { berth: 'src/main.ts' },
  splitting: true,
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  plugins: [builtinsViaRequire(false)],
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
});

// One file instead of the ~60 an ESM run resolves, reads and links (`run`): ~3 ms less CPU for `version`, 25-40 ms for
// `run` and `create` (docs/architecture.md). Verbs still evaluate on first use (esbuild keeps dynamic imports lazy).
const chunkOf = new Map();
for (const [file, o] of Object.entries(esm.metafile.outputs)) {
  if (file.endsWith('.mjs')) for (const input of Object.keys(o.inputs)) chunkOf.set(input, path.relative(out, file));
}
await build({
  ...common,
  // Minified: a third smaller, so its V8 code cache is too (~2-4 ms less per command to read and deserialize). Stack
  // traces at --log-level debug are mapped back to src/ with the source map (src/cli/stack-map.ts).
  minify: true,
  entryPoints: { 'berth-cli': 'src/main.ts' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  plugins: [builtinsViaRequire(true), importMetaUrl(chunkOf)],
});
// The launcher reads the bundle as latin1, ~1.5 ms faster than decoding UTF-8: that needs a pure-ASCII file (esbuild
// escapes strings, but not regular expression literals or comments).
const cli = readFileSync(path.join(out, 'berth-cli.cjs'));
const nonAscii = cli.findIndex((b) => b > 0x7f);
if (nonAscii >= 0) {
  const line = cli.subarray(0, nonAscii).toString('latin1').split('\n').length;
  throw new Error(`dist/berth-cli.cjs line ${line} has a non-ASCII character: use a \\u escape in the source`);
}
// The launcher: runs berth-cli.cjs with a V8 code cache per verb (scripts/launcher.cjs says why). An executable with
// this checkout's Node in its #! line, which `make install` links onto PATH: the kernel starts Node directly, no shell
// in front of every command (~0.5-1.5 ms). dist/ is built on the machine it runs on, so the absolute path holds.
// The one argument a #! line can carry is `--`, the end of Node's own options: Node 24 looks for `--env-file` in its
// whole argv up to a `--`, and a missing file there stops it (exit 9) before Berth runs, so `berth run --env-file F`
// would never reach podman's error. (It used to carry --min-semi-space-size=8; measured again in session 7 it made no
// difference to `run` or `version`.)
const node = process.execPath;
if (node.length > 200 || /\s/.test(node)) throw new Error(`${node}: too long or spaced for a #! line`);
writeFileSync(path.join(out, 'berth.cjs'), `#!${node} --\n${readFileSync('scripts/launcher.cjs', 'utf8')}`, { mode: 0o755 });

const old = `${dist}.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });
