'use strict';
// dist/berth.cjs (copied there by scripts/bundle.mjs): runs the single-file CLI bundle berth-cli.cjs with a V8 code
// cache per verb, taken after a successful run of that verb, so that the functions the verb executes come compiled.
// Node's own compile cache holds only what V8 compiles eagerly; every function a `run` calls was parsed and compiled
// again on each call (~13 ms of a `run --rm`, docs/architecture.md#start-up). V8 checks the cache against the source
// and its flags and rejects a stale one; a rejected or missing cache is written again at exit.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

/** Verbs that take a sub-verb: their cache is per pair (`container-ls`). */
const GROUPS = new Set(['container', 'image', 'network', 'volume', 'system', 'pod', 'manifest', 'generate', 'play', 'kube', 'secret']);
const MAX_FILES = 64;

const bundle = path.join(__dirname, 'berth-cli.cjs');
const source = fs.readFileSync(bundle, 'latin1'); // pure ASCII (scripts/bundle.mjs checks), and faster than utf8
const cacheFile = codeCacheFile(process.argv.slice(2));
let cached;
try {
  cached = cacheFile ? fs.readFileSync(cacheFile) : undefined;
} catch {
  // No cache yet for this verb.
}
// The CommonJS wrapper on a line of its own, which lineOffset takes back: positions in stack traces are the file's, so
// the bundle's source map applies to them (src/cli/stack-map.ts, at --log-level debug).
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
  filename: bundle,
  lineOffset: -1,
  cachedData: cached,
});
const hadCache = cached !== undefined;
cached = undefined; // V8 has what it needs from it; do not keep the buffer for the life of the process
if (cacheFile && (!hadCache || script.cachedDataRejected)) {
  // Only after a clean exit: a failing call runs few of the verb's functions, and its cache would be kept for good.
  process.once('exit', (code) => {
    if (code === 0) writeAtomically(cacheFile, script.createCachedData());
  });
}
const mod = { exports: {}, id: bundle, filename: bundle, loaded: false };
script.runInThisContext().call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, __dirname);

/**
 * `<dir>/<verb>.bin`: the verb is the first one or two lowercase words of the arguments that do not follow a
 * `--flag` (which may take them as its value), e.g. `run` or `container-ls`. Where dist/ is not writable the cache
 * lives under $XDG_CACHE_HOME/berth. At most MAX_FILES caches per directory, so odd arguments cannot fill it.
 */
function codeCacheFile(args) {
  const words = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a.startsWith('-')) continue;
    const prev = args[i - 1];
    if (prev !== undefined && prev.startsWith('--') && !prev.includes('=')) continue;
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(a)) break;
    words.push(a);
    if (!GROUPS.has(a)) break;
  }
  if (words.length === 0) return undefined;
  const dir = cacheDir();
  if (!dir) return undefined;
  const file = path.join(dir, `${words.join('-')}.bin`);
  try {
    if (!fs.existsSync(file) && fs.readdirSync(dir).length >= MAX_FILES) return undefined;
  } catch {
    // The directory does not exist yet.
  }
  return file;
}

function cacheDir() {
  const inDist = path.join(__dirname, 'code-cache');
  try {
    fs.accessSync(__dirname, fs.constants.W_OK);
    return inDist;
  } catch {
    const base = process.env.XDG_CACHE_HOME || (process.env.HOME ? path.join(process.env.HOME, '.cache') : '');
    return base ? path.join(base, 'berth', 'code-cache') : undefined;
  }
}

function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Never written.
    }
  }
}
