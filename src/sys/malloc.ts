// glibc heap trimming through the koffi FFI: returns freed malloc memory (all arenas) to the kernel.
import { koffi } from './ffi.ts';

let trim: ((pad: number) => number) | null | undefined;

/** malloc_trim(0): gives free pages of every malloc arena back to the kernel; false where unavailable (non-glibc). */
export function mallocTrim(): boolean {
  if (trim === undefined) {
    try {
      trim = koffi().load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
    } catch {
      trim = null;
    }
  }
  if (!trim) return false;
  trim(0);
  return true;
}
