// How JS values stand in for Go values in templates: struct marking, Go type names, truth, and fmt's %v printing.

/**
 * JS objects cannot say whether they stand for a Go struct or a Go map. Unmarked plain objects are maps
 * (a missing key gives <no value>, %v prints `map[k:v]` with sorted keys); objects passed through goStruct()
 * are structs (a missing field is an error, %v prints `{v1 v2}` in key order).
 */
const STRUCT = Symbol('berth.goStruct');

export function goStruct<T extends object>(obj: T, typeName = 'struct'): T {
  Object.defineProperty(obj, STRUCT, { value: typeName, enumerable: false, configurable: true });
  return obj;
}

export function structName(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? ((v as Record<symbol, unknown>)[STRUCT] as string | undefined) : undefined;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !ArrayBuffer.isView(v);

/** Go's name for the type a JS value stands for, as text/template quotes it in errors. */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'function') return 'func';
  if (v instanceof Date) return 'time.Time';
  if (Array.isArray(v)) return v.length > 0 && v.every((e) => typeof e === 'string') ? '[]string' : '[]interface {}';
  const s = structName(v);
  if (s) return s;
  const vals = Object.values(v as object);
  return vals.length > 0 && vals.every((e) => typeof e === 'string') ? 'map[string]string' : 'map[string]interface {}';
}

/** text/template's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v) && !structName(v)) return Object.keys(v).length > 0;
  return true;
}

/** Map keys in Go's iteration order for templates and fmt (sorted). */
export function sortedKeys(obj: object): string[] {
  return Object.keys(obj).sort(compareKeys);
}

function compareKeys(a: string, b: string): number {
  // Integer-looking keys compare numerically (Go maps with int keys); others by code unit like Go's byte order.
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** strconv.FormatFloat(f, 'g', -1, 64) as fmt's %v uses it. */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = f.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  // Shortest %g switches to exponent form below 1e-4 and from 1e6 on (strconv uses eprec 6 when shortest).
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${mant}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return String(f);
}

/** Go's time.Time.String() in UTC: "2006-01-02 15:04:05.999999999 +0000 UTC". */
export function goTimeString(d: Date): string {
  const iso = d.toISOString(); // 2026-11-28T01:47:27.123Z
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + frac : ''} +0000 UTC`;
}

/** fmt's %v rendering of a value nested inside another (nil prints <nil>). */
export function formatV(v: unknown, plusV = false): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : formatFloatG(v);
  if (typeof v === 'function') return '<func>';
  if (v instanceof Date) return goTimeString(v);
  if (Array.isArray(v)) return '[' + v.map((e) => formatV(e, plusV)).join(' ') + ']';
  if (v instanceof Uint8Array) return '[' + Array.from(v).join(' ') + ']';
  const obj = v as Record<string, unknown>;
  if (structName(obj)) {
    return '{' + Object.keys(obj).map((k) => (plusV ? `${k}:` : '') + formatV(obj[k], plusV)).join(' ') + '}';
  }
  return 'map[' + sortedKeys(obj).map((k) => `${k}:${formatV(obj[k], plusV)}`).join(' ') + ']';
}

/** How text/template prints an action's value: a missing value is "<no value>". */
export function printValue(v: unknown): string {
  return v === undefined ? '<no value>' : formatV(v);
}
