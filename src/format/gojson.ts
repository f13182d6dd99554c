// JSON encoding as Go's encoding/json (and json-iterator) write it: HTML escaping, indentation, Go's escapes.

export interface GoJSONOptions {
  /** Indent unit; '' means compact (json.Marshal). Podman: ls verbs '  ' or '    ', inspect '     '. */
  indent?: string;
  /** Escape <, > and & as \u003c etc. (json.Marshal does; Encoder.SetEscapeHTML(false) does not). */
  escapeHTML?: boolean;
  /** json-iterator's MarshalIndent prints an empty object as "{\n<indent>\n}" (podman ps/volume ls/network ls). */
  jsoniterEmptyObject?: boolean;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** Go's encoding/json string escaping (Go 1.19: no \b or \f short forms). */
export function goJSONString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20) out += '\\u' + hex4(c);
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) out += '\\u' + hex4(c);
    else if (c === 0x2028 || c === 0x2029) out += '\\u' + hex4(c);
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { out += s[i]! + s[i + 1]!; i++; } else out += '\\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\\ufffd';
    else out += s[i];
  }
  return out + '"';
}

/** Go's float64 encoding: shortest repr, exponent form below 1e-6 and from 1e21 (same cut-offs as JS). */
function goJSONNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? '-0' : String(n);
}

/** Go's time.Time JSON form (RFC 3339 with trailing zeros of the fraction removed). */
function goJSONTime(d: Date): string {
  const iso = d.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `"${iso.slice(0, 19)}${frac ? '.' + frac : ''}Z"`;
}

/** Encodes a value like Go's encoding/json. Object keys keep insertion order (Go structs keep field order). */
export function toGoJSON(value: unknown, opts: GoJSONOptions = {}): string {
  const indent = opts.indent ?? '';
  const escapeHTML = opts.escapeHTML ?? true;
  const nl = (depth: number) => (indent ? '\n' + indent.repeat(depth) : '');
  const colon = indent ? ': ' : ':';
  const enc = (v: unknown, depth: number): string | undefined => {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (v === null) return 'null';
    if (typeof v === 'string') return goJSONString(v, escapeHTML);
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return goJSONNumber(v);
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Date) return goJSONTime(v);
    if (v instanceof Uint8Array) return `"${Buffer.from(v).toString('base64')}"`; // Go encodes []byte as base64
    const withToJSON = v as { toJSON?: () => unknown };
    if (typeof withToJSON.toJSON === 'function') return enc(withToJSON.toJSON(), depth);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const parts = v.map((e) => enc(e, depth + 1) ?? 'null');
      return '[' + parts.map((p) => nl(depth + 1) + p).join(',') + nl(depth) + ']';
    }
    const parts: string[] = [];
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      const s = enc(e, depth + 1);
      if (s !== undefined) parts.push(nl(depth + 1) + goJSONString(k, escapeHTML) + colon + s);
    }
    if (parts.length === 0) return indent && opts.jsoniterEmptyObject ? '{' + nl(depth + 1) + nl(depth) + '}' : '{}';
    return '{' + parts.join(',') + nl(depth) + '}';
  };
  return enc(value, 0) ?? 'null';
}
