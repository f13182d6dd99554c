// Loads the koffi FFI library on first use: its native addon costs start-up time that most verbs never need.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type koffiModule from 'koffi';

type Koffi = typeof koffiModule;
let loaded: Koffi | undefined;
/** Which way the addon was loaded (tests check the fast one is taken here). */
export let koffiLoadedVia: 'addon' | 'koffi' | undefined;

export function koffi(): Koffi {
  if (loaded) return loaded;
  const req = createRequire(import.meta.url);
  const addon = prebuiltGlibcAddon(req);
  koffiLoadedVia = addon ? 'addon' : 'koffi';
  loaded = addon ?? (req('koffi') as Koffi);
  return loaded;
}

/**
 * The addon from koffi's own x64 platform package, loaded directly: koffi's entry script finds the same file by
 * parsing Node's ELF header to tell glibc from musl and wraps APIs Berth does not use, ~10 ms per process against
 * ~1.6 ms for the addon alone (mount and flock sit on the `run` path). On a musl system the glibc build fails to
 * load and koffi's own loader takes over.
 */
function prebuiltGlibcAddon(req: NodeJS.Require): Koffi | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    const pkg = req.resolve('@koromix/koffi-linux-x64/package.json');
    return req(join(dirname(pkg), 'linux_x64', 'koffi.node')) as Koffi;
  } catch {
    return undefined;
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
