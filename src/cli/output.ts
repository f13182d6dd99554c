// Writes single-object reports (info, version) as YAML, JSON or a Go template, the way podman does.
import { Template, goStruct } from '../format/template.ts';
import { isJSONFormat, normalizeFormat } from '../format/report.ts';
import { toGoJSON } from '../format/gojson.ts';
import { toGoYAML } from '../format/yaml.ts';

/**
 * Marks every nested object as a Go struct so that `{{.Host.Arch}}` finds `host.arch` (struct fields match
 * case-insensitively in our engine), except the objects at `mapPaths` (dotted JSON paths), which stay Go maps.
 */
export function asStructs<T>(value: T, mapPaths: ReadonlySet<string> = new Set(), at = ''): T {
  if (Array.isArray(value)) return value.map((v) => asStructs(v, mapPaths, at)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = asStructs(v, mapPaths, at ? `${at}.${k}` : k);
  return mapPaths.has(at) ? (out as T) : (goStruct(out) as T);
}

export interface ObjectFormatOptions {
  /** JSON indentation for `--format json` ('' = compact, as `podman version`). */
  jsonIndent: string;
  /** Dotted paths of objects that are Go maps in podman's types. */
  mapPaths?: ReadonlySet<string>;
  name?: string;
}

export function formatObject(obj: unknown, format: string, opts: ObjectFormatOptions): string {
  if (isJSONFormat(format)) return `${toGoJSON(obj, { indent: opts.jsonIndent, escapeHTML: false })}\n`;
  const tmpl = new Template(normalizeFormat(format), { name: opts.name ?? 'format' });
  return tmpl.execute(asStructs(obj, opts.mapPaths));
}

/** YAML as `podman info` prints it (go-yaml, sorted keys) and the blank line podman adds after it. */
export function toYaml(obj: unknown): string {
  return `${toGoYAML(obj)}\n`;
}
