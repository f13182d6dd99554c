// Template functions: Go's text/template builtins plus Podman's report.DefaultFuncs (json, lower, pad, ...).

import { goTypeName, isPlainObject, isTrue, structName } from './govalue.ts';
import { sprint, sprintf, sprintln } from './gofmt.ts';
import { toGoJSON } from './gojson.ts';

/** A failure inside a function; the executor reports it as `error calling NAME: message`. */
export class FuncError extends Error {}

/** A parameter's Go type, checked like reflect's assignability in text/template's evalCall. */
type Param = 'any' | 'string' | 'int' | '[]string';

export interface TemplateFunc {
  params: Param[];
  /** Type of the extra arguments of a variadic function. */
  variadic?: Param;
  /** `and` and `or` receive thunks so they can stop early, as Go (1.18+) does. */
  lazy?: boolean;
  fn: (...args: any[]) => unknown;
}

function checkArg(p: Param, v: unknown): unknown {
  const bad = () => new FuncError(`wrong type for value; expected ${p}; got ${goTypeName(v)}`);
  switch (p) {
    case 'any': return v;
    case 'string': if (typeof v !== 'string') throw bad(); return v;
    case 'int': if (!(typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) throw bad(); return Number(v);
    case '[]string': if (!Array.isArray(v) || !v.every((e) => typeof e === 'string')) throw bad(); return v;
  }
}

/** Validates arity and parameter types; returns the checked arguments. */
export function checkArgs(name: string, f: TemplateFunc, args: unknown[]): unknown[] {
  const n = f.params.length;
  if (f.variadic ? args.length < n : args.length !== n) {
    throw new FuncError(`wrong number of args for ${name}: want ${f.variadic ? 'at least ' : ''}${n} got ${args.length}`);
  }
  return args.map((a, i) => checkArg(f.params[i] ?? f.variadic ?? 'any', a));
}

// --- comparisons (funcs.go's eq/lt semantics over JS values) ---

type Kind = 'bool' | 'number' | 'string' | 'nil' | 'other';
const kindOf = (v: unknown): Kind =>
  v === undefined || v === null ? 'nil'
    : typeof v === 'boolean' ? 'bool'
    : typeof v === 'number' || typeof v === 'bigint' ? 'number'
    : typeof v === 'string' ? 'string' : 'other';

function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new FuncError('missing argument for comparison');
  const ka = kindOf(a);
  for (const b of rest) {
    const kb = kindOf(b);
    if (ka !== kb) {
      if (ka !== 'nil' && kb !== 'nil') throw new FuncError('incompatible types for comparison');
      continue;
    }
    if (ka === 'other') throw new FuncError(`non-comparable type ${goTypeName(a)}`);
    // Numbers compare by value whether they arrived as number or bigint.
    if (ka === 'nil' || (ka === 'number' ? Number(a) === Number(b) : a === b)) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'bool' || ka === 'nil' || ka === 'other' || kb === 'bool' || kb === 'nil' || kb === 'other') {
    throw new FuncError('invalid type for comparison');
  }
  if (ka !== kb) throw new FuncError('incompatible types for comparison');
  return ka === 'number' ? Number(a) < Number(b) : (a as string) < (b as string);
}

// --- index, slice, len ---

function toIndex(v: unknown, what: string): number {
  if (v === undefined || v === null) throw new FuncError(`cannot index ${what} with nil`);
  if (!(typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) {
    throw new FuncError(`cannot index ${what} with type ${goTypeName(v)}`);
  }
  return Number(v);
}

function index(item: unknown, ...keys: unknown[]): unknown {
  if (item === undefined || item === null) throw new FuncError('index of untyped nil');
  for (const k of keys) {
    if (item === undefined || item === null) throw new FuncError('index of nil pointer');
    if (typeof item === 'string' || Array.isArray(item)) {
      const bytes = typeof item === 'string' ? Buffer.from(item) : undefined;
      const len = bytes ? bytes.length : (item as unknown[]).length;
      const x = toIndex(k, 'slice/array');
      if (x < 0 || x >= len) throw new FuncError(`index out of range: ${x}`);
      item = bytes ? bytes[x] : (item as unknown[])[x];
    } else if (isPlainObject(item) && !structName(item)) {
      if (typeof k !== 'string') throw new FuncError(`value has type ${goTypeName(k)}; should be string`);
      const vals = Object.values(item);
      // Go returns the map's zero value for a missing key; podman's maps are mostly map[string]string.
      item = Object.hasOwn(item, k) ? item[k] : vals.every((e) => typeof e === 'string') ? '' : undefined;
    } else {
      throw new FuncError(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(item: unknown, ...idx: unknown[]): unknown {
  if (item === undefined || item === null) throw new FuncError('slice of untyped nil');
  if (idx.length > 3) throw new FuncError(`too many slice indexes: ${idx.length}`);
  if (typeof item !== 'string' && !Array.isArray(item)) throw new FuncError(`can't slice item of type ${goTypeName(item)}`);
  if (typeof item === 'string' && idx.length === 3) throw new FuncError('cannot 3-index slice a string');
  const bytes = typeof item === 'string' ? Buffer.from(item) : undefined;
  const len = bytes ? bytes.length : (item as unknown[]).length;
  const ix = idx.map((v) => toIndex(v, 'slice/array'));
  for (const x of ix) if (x < 0 || x > len) throw new FuncError(`index out of range: ${x}`);
  const [lo = 0, hi = len] = ix;
  if (lo > hi) throw new FuncError(`invalid slice index: ${lo} > ${hi}`);
  return bytes ? bytes.subarray(lo, hi).toString() : (item as unknown[]).slice(lo, hi);
}

function len(v: unknown): number {
  if (v === undefined || v === null) throw new FuncError('len of untyped nil');
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (isPlainObject(v) && !structName(v)) return Object.keys(v).length;
  throw new FuncError(`len of type ${goTypeName(v)}`);
}

// --- Podman's additions (containers/common pkg/report DefaultFuncs) ---

/** strings.Title: upper-cases the first letter of each word (letters, digits, _ and ' join words). */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    const sep = !/[\p{L}\p{Nd}_']/u.test(prev);
    out += sep ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

/** strings.Split, including Go's results for an empty separator (split into characters). */
function split(s: string, sep: string): string[] {
  return sep === '' ? [...s] : s.split(sep);
}

function truncate(s: string, n: number): string {
  const b = Buffer.from(s);
  if (b.length < n) return s;
  if (n < 0) throw new FuncError(`runtime error: slice bounds out of range [:${n}]`);
  return b.subarray(0, n).toString();
}

const padWithSpace = (s: string, prefix: number, suffix: number) =>
  s === '' ? s : ' '.repeat(Math.max(prefix, 0)) + s + ' '.repeat(Math.max(suffix, 0));

export const FUNCS: Readonly<Record<string, TemplateFunc>> = {
  // Go builtins
  and: { params: ['any'], variadic: 'any', lazy: true, fn: (...thunks: (() => unknown)[]) => {
    let v: unknown;
    for (const t of thunks) { v = t(); if (!isTrue(v)) return v; }
    return v;
  } },
  or: { params: ['any'], variadic: 'any', lazy: true, fn: (...thunks: (() => unknown)[]) => {
    let v: unknown;
    for (const t of thunks) { v = t(); if (isTrue(v)) return v; }
    return v;
  } },
  not: { params: ['any'], fn: (v: unknown) => !isTrue(v) },
  len: { params: ['any'], fn: len },
  index: { params: ['any'], variadic: 'any', fn: index },
  slice: { params: ['any'], variadic: 'any', fn: slice },
  print: { params: [], variadic: 'any', fn: (...a: unknown[]) => sprint(a) },
  println: { params: [], variadic: 'any', fn: (...a: unknown[]) => sprintln(a) },
  printf: { params: ['string'], variadic: 'any', fn: (f: string, ...a: unknown[]) => sprintf(f, a) },
  eq: { params: ['any'], variadic: 'any', fn: eq },
  ne: { params: ['any', 'any'], fn: (a: unknown, b: unknown) => !eq(a, b) },
  lt: { params: ['any', 'any'], fn: lt },
  le: { params: ['any', 'any'], fn: (a: unknown, b: unknown) => lt(a, b) || eq(a, b) },
  gt: { params: ['any', 'any'], fn: (a: unknown, b: unknown) => !lt(a, b) && !eq(a, b) },
  ge: { params: ['any', 'any'], fn: (a: unknown, b: unknown) => !lt(a, b) },
  // Podman's report.DefaultFuncs
  join: { params: ['[]string', 'string'], fn: (a: string[], sep: string) => a.join(sep) },
  json: { params: ['any'], fn: (v: unknown) => toGoJSON(v, { escapeHTML: false }) },
  lower: { params: ['string'], fn: (s: string) => s.toLowerCase() },
  pad: { params: ['string', 'int', 'int'], fn: padWithSpace },
  split: { params: ['string', 'string'], fn: split },
  title: { params: ['string'], fn: title },
  truncate: { params: ['string', 'int'], fn: truncate },
  upper: { params: ['string'], fn: (s: string) => s.toUpperCase() },
};
