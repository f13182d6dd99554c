// Go's fmt.Sprint, Sprintln and Sprintf for template values (the verbs people use in --format).

import { formatFloatG, formatV, goTypeName, structName, sortedKeys } from './govalue.ts';

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(a);
  });
  return out;
}

/** fmt.Sprintln: always spaces, then a newline. */
export function sprintln(args: unknown[]): string {
  return args.map((a) => formatV(a)).join(' ') + '\n';
}

interface Spec { minus: boolean; plus: boolean; sharp: boolean; space: boolean; zero: boolean; width?: number; prec?: number }

/** strconv.Quote: Go-syntax double-quoted string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if (/\p{C}/u.test(ch)) out += c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  const len = [...s].length;
  if (len >= width) return s;
  if (spec.minus) return s + ' '.repeat(width - len);
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(width - len) + s.slice(sign.length);
  }
  return ' '.repeat(width - len) + s;
}

const isInt = (v: unknown): v is number | bigint => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));

function signed(s: string, neg: boolean, spec: Spec): string {
  return (neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '') + s;
}

function fmtInt(v: number | bigint, verb: string, spec: Spec): string {
  const big = BigInt(v);
  const neg = big < 0n;
  const abs = neg ? -big : big;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'd': case 'v': digits = abs.toString(10); break;
    case 'x': digits = abs.toString(16); if (spec.sharp) prefix = '0x'; break;
    case 'X': digits = abs.toString(16).toUpperCase(); if (spec.sharp) prefix = '0X'; break;
    case 'o': digits = abs.toString(8); if (spec.sharp) prefix = '0'; break;
    case 'O': digits = abs.toString(8); prefix = '0o'; break;
    case 'b': digits = abs.toString(2); break;
    default: digits = abs.toString(10);
  }
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  return pad(signed(prefix + digits, neg, spec), spec, spec.prec === undefined);
}

function fmtFloat(f: number, verb: string, spec: Spec): string {
  const neg = f < 0 || Object.is(f, -0);
  const a = Math.abs(f);
  let s: string;
  if (!Number.isFinite(a)) s = Number.isNaN(a) ? 'NaN' : 'Inf';
  else switch (verb) {
    case 'f': case 'F': s = a.toFixed(spec.prec ?? 6); break;
    case 'e': case 'E': s = expForm(a.toExponential(spec.prec ?? 6)); break;
    default: // g, G, v
      if (spec.prec === undefined) s = formatFloatG(a);
      else {
        const p = spec.prec === 0 ? 1 : spec.prec;
        const exp = a === 0 ? 0 : Math.floor(Math.log10(a));
        s = exp < -4 || exp >= p ? expForm(a.toExponential(p - 1)) : String(Number(a.toPrecision(p)));
        if (s.includes('e')) s = s.replace(/\.?0+e/, 'e');
      }
  }
  if (verb === 'E' || verb === 'G') s = s.toUpperCase();
  if (Number.isNaN(f)) return pad((spec.plus ? '+' : spec.space ? ' ' : '') + 'NaN', spec, false);
  return pad(signed(s, neg, spec), spec, Number.isFinite(f));
}

/** "1.5e+6" -> "1.5e+06": Go prints at least two exponent digits. */
function expForm(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function badVerb(verb: string, v: unknown): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${formatV(v)})`;
}

function fmtOne(v: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(goTypeName(v), spec, false);
  if (verb === 'v' && (spec.plus || spec.sharp) && typeof v === 'object' && v !== null) return pad(formatV(v, true), spec, false);
  if (Array.isArray(v) && verb !== 'T') return '[' + v.map((e) => fmtOne(e, verb, spec)).join(' ') + ']';
  if (typeof v === 'object' && v !== null && !(v instanceof Date) && verb !== 'v') {
    const o = v as Record<string, unknown>;
    if (structName(o)) return '{' + Object.keys(o).map((k) => fmtOne(o[k], verb, spec)).join(' ') + '}';
    return 'map[' + sortedKeys(o).map((k) => `${fmtOne(k, verb, spec)}:${fmtOne(o[k], verb, spec)}`).join(' ') + ']';
  }
  switch (verb) {
    case 'v':
      if (isInt(v)) return fmtInt(v, 'd', spec);
      if (typeof v === 'number') return fmtFloat(v, 'g', spec);
      return pad(formatV(v), spec, false);
    case 'd': case 'b': case 'o': case 'O':
      return isInt(v) ? fmtInt(v, verb, spec) : badVerb(verb, v);
    case 'x': case 'X':
      if (isInt(v)) return fmtInt(v, verb, spec);
      if (typeof v === 'string') {
        const h = Buffer.from(v.slice(0, spec.prec ?? v.length)).toString('hex');
        return pad((spec.sharp ? (verb === 'x' ? '0x' : '0X') : '') + (verb === 'X' ? h.toUpperCase() : h), spec, false);
      }
      return badVerb(verb, v);
    case 'c':
      return isInt(v) ? pad(String.fromCodePoint(Number(v)), spec, false) : badVerb(verb, v);
    case 'U':
      return isInt(v) ? pad('U+' + Number(v).toString(16).toUpperCase().padStart(4, '0'), spec, false) : badVerb(verb, v);
    case 'q':
      if (typeof v === 'string') return pad(spec.sharp && !v.includes('`') ? '`' + v + '`' : goQuote(v), spec, false);
      if (isInt(v)) return pad("'" + goQuote(String.fromCodePoint(Number(v))).slice(1, -1).replace(/\\"/g, '"') + "'", spec, false);
      return badVerb(verb, v);
    case 's':
      if (typeof v === 'string') return pad(spec.prec !== undefined ? [...v].slice(0, spec.prec).join('') : v, spec, false);
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null || v === undefined) return badVerb(verb, v);
      return pad(formatV(v), spec, false);
    case 't':
      return typeof v === 'boolean' ? pad(String(v), spec, false) : badVerb(verb, v);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
      return typeof v === 'number' || typeof v === 'bigint' ? fmtFloat(Number(v), verb, spec) : badVerb(verb, v);
    default:
      return badVerb(verb, v);
  }
}

/** fmt.Sprintf with Go's verbs, flags, width/precision (including '*') and its %!verb(...) error forms. */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) { out += format.slice(i); break; }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') { spec.minus = true; spec.zero = false; } else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = !spec.minus;
      else break;
    }
    const num = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const a = args[argi++];
        if (!isInt(a)) { out += '%!(BADWIDTH)'; return undefined; }
        return Number(a);
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    spec.width = num();
    if (spec.width !== undefined && spec.width < 0) { spec.minus = true; spec.width = -spec.width; }
    if (format[i] === '.') { i++; spec.prec = num() ?? 0; }
    const verb = format[i];
    if (verb === undefined) { out += '%!(NOVERB)'; break; }
    i++;
    if (verb === '%') { out += '%'; continue; }
    if (argi >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    out += fmtOne(args[argi++], verb, spec);
  }
  if (argi < args.length) {
    out += '%!(EXTRA ' + args.slice(argi).map((a) => `${goTypeName(a)}=${formatV(a)}`).join(', ') + ')';
  }
  return out;
}
