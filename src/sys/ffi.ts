// Loads the koffi FFI library on first use: its native addon costs start-up time that most verbs never need.
import { createRequire } from 'node:module';
import type koffiModule from 'koffi';

type Koffi = typeof koffiModule;
let loaded: Koffi | undefined;

export function koffi(): Koffi {
  loaded ??= createRequire(import.meta.url)('koffi') as Koffi;
  return loaded;
}
