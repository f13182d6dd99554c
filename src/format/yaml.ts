// YAML output as Go's gopkg.in/yaml.v2 marshals it (what `podman info` prints): block style, unindented sequences.

import { formatFloatG } from './govalue.ts';

export interface GoYAMLOptions {
  /**
   * Sort mapping keys as yaml.v2 does for Go maps (natural order: digits by value, letters after others).
   * podman info goes through a map, so its output is sorted: this is the default. false keeps insertion order
   * (yaml.v2 on a struct).
   */
  sortKeys?: boolean;
}

const BOOL_OR_NULL = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL', '', '<<',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

/** Would yaml.v2 read this plain scalar as something other than a string (bool, null, int, float, timestamp)? */
function resolvesToNonString(s: string): boolean {
  if (BOOL_OR_NULL.has(s)) return true;
  const c = s[0]!;
  if (c === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) || /^\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s);
  if (!/[-+0-9]/.test(c)) return false;
  if (/^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{1,2}(?::\d{2})?)?)?$/.test(s)) return true;
  const plain = s.replace(/_/g, '');
  // strconv.ParseInt(plain, 0, 64): decimal, 0x, 0o, 0b, leading-0 octal; then yaml's float syntax.
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.test(plain)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  // Base 60 floats ("1:20") are quoted by yaml.v2 for YAML 1.1 compatibility.
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

const SPECIAL = /[^\x0a\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|\ufeff/u;

/** libyaml's analysis: may this string be written plain in block context? */
function plainAllowed(s: string): boolean {
  if (/^(---|\.\.\.)([ \t]|$)/.test(s)) return false;
  if (/^[ \t]|[ \t]$/.test(s)) return false;
  if (/^[#,[\]{}&*!|>'"%@`]/.test(s)) return false;
  if (/^[-?:]([ \t]|$)/.test(s)) return false;
  if (/:([ \t]|$)/.test(s) || /[ \t]#/.test(s)) return false;
  return !SPECIAL.test(s);
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const esc: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 27: '\\e', 0x22: '\\"', 0x5c: '\\\\', 0x85: '\\N', 0xa0: '\\_', 0x2028: '\\L', 0x2029: '\\P' };
    if (esc[c] !== undefined) out += esc[c];
    else if (SPECIAL.test(ch)) out += c <= 0xff ? '\\x' + c.toString(16).toUpperCase().padStart(2, '0') : c <= 0xffff ? '\\u' + c.toString(16).toUpperCase().padStart(4, '0') : '\\U' + c.toString(16).toUpperCase().padStart(8, '0');
    else out += ch;
  }
  return out + '"';
}

/** A string scalar on one line (keys and single-line values). */
function scalarString(s: string): string {
  if (resolvesToNonString(s)) return doubleQuoted(s);
  if (plainAllowed(s)) return s;
  return SPECIAL.test(s) ? doubleQuoted(s) : `'${s.replace(/'/g, "''")}'`;
}

/** A literal block scalar ("|-" and friends) for multi-line strings, indented under its parent. */
function literalBlock(s: string, indent: string): string {
  if (SPECIAL.test(s) || / \n|\n /.test(s.replace(/^ +/, ''))) return doubleQuoted(s);
  const trailing = /\n+$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const indicator = /^[ \n]/.test(s) ? '2' : '';
  const body = trailing > 0 ? s.slice(0, -1) : s;
  return `|${indicator}${chomp}\n` + body.split('\n').map((l) => (l ? indent + l : '')).join('\n');
}

/** yaml.v2's keyList.Less for string keys: runs of digits compare by value, letters sort after non-letters. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const letter = (c: string) => /\p{L}/u.test(c);
  const digit = (c: string | undefined) => c !== undefined && /[0-9]/.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = letter(ar[i]!);
    const bl = letter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    let ai = i;
    let bi = i;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && digit(ar[j]); j--) {
        if (ar[j] !== '0') { an = 1; bn = 1; break; }
      }
    }
    for (; ai < ar.length && digit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && digit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function scalar(v: unknown, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : formatFloatG(v);
  }
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  const s = String(v);
  return s.includes('\n') ? literalBlock(s, indent) : scalarString(s);
}

/** Marshals a value to YAML text like yaml.v2 (ends with a newline). */
export function toGoYAML(value: unknown, opts: GoYAMLOptions = {}): string {
  const sortKeys = opts.sortKeys ?? true;
  const keysOf = (m: Record<string, unknown>) => {
    const keys = Object.keys(m).filter((k) => m[k] !== undefined);
    return sortKeys ? keys.sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0)) : keys;
  };
  const isEmptyColl = (v: unknown) => (Array.isArray(v) && v.length === 0) || (isMap(v) && keysOf(v).length === 0);
  // Lines for `v` placed at `indent`; the first line is joined to its "key:" or "- " prefix by the caller.
  const node = (v: unknown, indent: string): string[] => {
    if (Array.isArray(v)) {
      if (v.length === 0) return ['[]'];
      return v.flatMap((e) => {
        const inner = node(e, indent + '  ');
        return [`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1)];
      });
    }
    if (isMap(v)) {
      const keys = keysOf(v);
      if (keys.length === 0) return ['{}'];
      return keys.flatMap((k) => {
        const e = v[k];
        const key = `${indent}${scalarString(k)}:`;
        if (isMap(e) && !isEmptyColl(e)) return [key, ...node(e, indent + '  ')];
        if (Array.isArray(e) && !isEmptyColl(e)) return [key, ...node(e, indent)]; // sequences are not indented
        const s = isEmptyColl(e) ? node(e, indent)[0]! : scalar(e, indent + '  ');
        return [`${key} ${s}`];
      });
    }
    return [indent + scalar(v, indent)];
  };
  const lines = node(value, '');
  return lines.join('\n') + '\n';
}
