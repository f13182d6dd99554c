// Reading TOML config files: one-line errors naming the file, line and column; typed access to decoded values.
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { BerthError } from '../util/errors.ts';

export type TomlTable = Record<string, unknown>;

/** What a config file holds once parsed: its text (for locating keys in later errors) and its tables. */
export interface TomlDoc {
  file: string;
  text: string;
  data: TomlTable;
}

/**
 * Parses TOML text. `prefix` starts the error message, e.g. `reading system config "/etc/x.conf"`,
 * giving `reading system config "/etc/x.conf": line 3, column 7: invalid value`.
 */
export function parseToml(text: string, file: string, prefix: string): TomlDoc {
  try {
    return { file, text, data: parse(text) as TomlTable };
  } catch (e) {
    const err = e as { message?: string; line?: number; column?: number };
    const what = String(err.message ?? e).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    const where = err.line ? `line ${err.line}, column ${err.column ?? 0}: ` : '';
    throw new BerthError('invalid-argument', `${prefix}: ${where}${what}`);
  }
}

/** Reads and parses a file; returns undefined if it does not exist. */
export function readTomlFile(file: string, prefix: string): TomlDoc | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BerthError('invalid-argument', `${prefix}: ${(e as Error).message}`);
  }
  return parseToml(text, file, prefix);
}

/** The 1-based line where `key = ` first appears inside `[table]` (best effort, for error messages). */
export function lineOfKey(text: string, table: string | undefined, key: string): number | undefined {
  const lines = text.split('\n');
  let current: string | undefined;
  const keyRe = new RegExp(`^\\s*(?:"${escape(key)}"|'${escape(key)}'|${escape(key)})\\s*=`);
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s*\[+\s*([^\]]+?)\s*\]+/.exec(lines[i]!);
    if (header) {
      current = header[1];
      continue;
    }
    if (current === table && keyRe.test(lines[i]!)) return i + 1;
  }
  return undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type TomlKind = 'string' | 'integer' | 'boolean' | 'array' | 'table';

export function kindOf(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isInteger(Number(v)) ? 'integer' : 'float';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'datetime';
  if (v && typeof v === 'object') return 'table';
  return typeof v;
}

/** Reports a value of the wrong type, naming the key and (when found) its line, as Podman's decoder does. */
export function typeError(doc: TomlDoc, prefix: string, table: string | undefined, key: string, want: string, got: unknown): BerthError {
  const line = lineOfKey(doc.text, table, key);
  const full = table ? `${table}.${key}` : key;
  const where = line ? `line ${line}: ` : '';
  return new BerthError('invalid-argument', `${prefix}: ${where}key "${full}": expected ${want}, got ${kindOf(got)}`);
}

export const isTable = (v: unknown): v is TomlTable => kindOf(v) === 'table';
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
