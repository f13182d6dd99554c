// Loads the koffi FFI library on first use: its native addon costs start-up time that most verbs never need.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type koffiModule from 'koffi';

type Koffi = typeof koffiModule;
let loaded: Koffi | undefined;
/** Which way the addon was loaded (tests check the fast one is taken here). */
export let koffiLoadedVia: 'addon' | 'koffi' | undefined;

export function koffi(): Koffi {
  if (loaded) return loaded;
  const req = createRequire(import.meta.url);
  const addon = prebuiltGlibcAddon(req, dirname(fileURLToPath(import.meta.url)));
  koffiLoadedVia = addon ? 'addon' : 'koffi';
  loaded = addon ?? (req('koffi') as Koffi);
  return loaded;
}

const ADDON = join('node_modules', '@koromix', 'koffi-linux-x64', 'linux_x64', 'koffi.node');

/**
 * The addon from koffi's own x64 platform package, loaded directly: koffi's entry script finds the same file by
 * parsing Node's ELF header to tell glibc from musl and wraps APIs Berth does not use, ~10 ms per process against
 * ~1.6 ms for the addon alone (mount and flock sit on the `run` path). It is looked for in the node_modules of this
 * module's directory and its parents, as Node's resolver would, with a stat each: the resolver's package.json reads
 * cost ~0.5 ms before a bridge `run` can start netavark. On a musl system the glibc build fails to load and koffi's
 * own loader takes over.
 */
function prebuiltGlibcAddon(req: NodeJS.Require, fromDir: string): Koffi | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const file = join(dir, ADDON);
    if (existsSync(file)) {
      try {
        return req(file) as Koffi;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A libc function as koffi binds it: numbers, strings and buffers in, an int (or pointer-sized int) out. */
export type LibcFn = (...args: unknown[]) => number;

/**
 * A table of libc functions from their C prototypes, each bound on its first call (koffi parses a prototype in ~30 us;
 * a table's users rarely need all of it) and shared by every caller of the returned getter.
 */
export function libcTable<K extends string>(prototypes: Record<K, string>): () => Record<K, LibcFn> {
  let table: Record<K, LibcFn> | undefined;
  return () => {
    if (table) return table;
    let lib: ReturnType<Koffi['load']> | undefined;
    const out = {} as Record<K, LibcFn>;
    for (const k of Object.keys(prototypes) as K[]) {
      const bindAndCall: LibcFn = (...args) => {
        lib ??= koffi().load('libc.so.6');
        const fn = lib.func(prototypes[k]) as unknown as LibcFn;
        out[k] = fn;
        return fn(...args);
      };
      out[k] = bindAndCall;
    }
    table = out;
    return table;
  };
}
