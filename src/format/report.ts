// Podman's --format handling for list and inspect verbs: json, "table" templates with headers, plain templates.

import { Template, type TemplateOptions } from './template.ts';
import { tabwrite, PODMAN_TABWRITER } from './tabwriter.ts';
import { toGoJSON, type GoJSONOptions } from './gojson.ts';
import { isPlainObject } from './govalue.ts';

/** report.IsJSON: `json`, `{{json}}`, `{{ json . }}` mean "the whole list as JSON" (but `{{json .X}}` is a template). */
export function isJSONFormat(format: string): boolean {
  return /^\s*(json|\{\{\s*json *\.?\s*\}\})\s*$/.test(format);
}

/** report.HasTable. */
export const isTableFormat = (format: string) => format.startsWith('table ');

/**
 * report.NormalizeFormat: "table " is dropped and, in a table, every space becomes a tab (column separator);
 * the two-character escapes \t and \n become real characters; a trailing newline is ensured.
 */
export function normalizeFormat(format: string): string {
  let f: string;
  if (isTableFormat(format)) {
    // strings.NewReplacer tries its pairs at each position in argument order: "table ", `\t`, " ", `\n`.
    f = format.replace(/table |\\t| |\\n/g, (m) => (m === 'table ' ? '' : m === '\\n' ? '\n' : '\t'));
  } else {
    f = format.replace(/\\t|\\n/g, (m) => (m === '\\t' ? '\t' : '\n'));
  }
  return f.endsWith('\n') ? f : f + '\n';
}

/** report.EnforceRange: a user template runs once per item unless it ranges over the list itself. */
export function enforceRange(format: string): string {
  return /\{\{\s*range\s*\.\s*\}\}[\s\S]*\{\{\s*end\s*-?\s*\}\}/.test(format) ? format : `{{range .}}${format}{{end -}}`;
}

/** camelcase.Split as podman's report.Headers uses it: "VirtualSize" -> ["Virtual", "Size"], "PDFLoader" -> ["PDF", "Loader"]. */
export function splitCamelCase(s: string): string[] {
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const a = runs[i]!;
    const b = runs[i + 1]!;
    if (/\p{Lu}/u.test(a[0]!) && /\p{Ll}/u.test(b[0]!)) b.unshift(a.pop()!);
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** report.Headers: upper-cased, camel-case-split field names, then the verb's overrides (also upper-cased). */
export function headersFor(fields: Iterable<string>, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const h: Record<string, string> = {};
  for (const f of fields) h[f] = splitCamelCase(f).join(' ').toUpperCase();
  for (const [k, v] of Object.entries(overrides)) h[k] = v.toUpperCase();
  return h;
}

export interface ListFormatOptions {
  /** The user's --format; empty or undefined selects defaultTable. */
  format?: string | undefined;
  /** The verb's own format, e.g. 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}'. */
  defaultTable: string;
  /** Header overrides by field name (podman: {ID: 'IMAGE ID'}); other fields get report.Headers' default. */
  headers?: Readonly<Record<string, string>>;
  /** The fields of the report type, for default headers when the list is empty (else the items' keys). */
  fields?: readonly string[];
  /** --noheading */
  noHeading?: boolean;
  /** Template name in errors (podman's verb, e.g. "images"). */
  name?: string;
  /** How `--format json` prints the list (podman images: 4-space indent; ps/volume ls: 2-space json-iterator). */
  json?: GoJSONOptions;
  /** Passed to the template engine (extra funcs, missingkey). */
  template?: Omit<TemplateOptions, 'name'>;
}

/**
 * Renders a list the way podman's list verbs do: `json` prints the whole list; a `table ...` format (and the
 * default) prints a header row then one row per item through podman's tabwriter; any other template prints
 * one rendered line per item with no header. The result ends with a newline unless it is empty.
 */
export function formatList(items: readonly unknown[], opts: ListFormatOptions): string {
  const format = opts.format ? opts.format : opts.defaultTable;
  if (isJSONFormat(format)) return toGoJSON(items, opts.json ?? { indent: '    ' }) + '\n';
  const table = isTableFormat(format);
  const text = table ? `{{range .}}${normalizeFormat(format)}{{end -}}` : enforceRange(normalizeFormat(format));
  const tmpl = new Template(text, { ...opts.template, name: opts.name ?? 'format' });
  let out = '';
  if (table && !opts.noHeading) {
    const fields = opts.fields ?? [...new Set(items.flatMap((i) => (isPlainObject(i) ? Object.keys(i) : [])))];
    // Podman renders the same template over a map of headers: fields without a header print <no value>.
    out += tmpl.execute([headersFor(fields, opts.headers)]);
  }
  out += tmpl.execute(items);
  return table ? tabwrite(out, PODMAN_TABWRITER) : out;
}

/** podman inspect's JSON: Encoder with SetEscapeHTML(false) and a 5-space indent (measured on podman 4.3). */
export const INSPECT_JSON: GoJSONOptions = { indent: '     ', escapeHTML: false };

/**
 * Renders inspect output: without --format (or with `json`) the items as a JSON array, else the template once
 * per item (podman wraps it in {{range .}}, so `$` is the whole list); no header and no column alignment.
 */
export function formatInspect(items: readonly unknown[], format?: string, opts: { name?: string; json?: GoJSONOptions; template?: Omit<TemplateOptions, 'name'> } = {}): string {
  if (!format || isJSONFormat(format)) return toGoJSON(items, opts.json ?? INSPECT_JSON) + '\n';
  const tmpl = new Template(enforceRange(normalizeFormat(format)), { ...opts.template, name: opts.name ?? 'inspect' });
  return tmpl.execute(items);
}
