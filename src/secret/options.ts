// Parsing of the secret flags: run/create --secret values, secret create --driver-opts and --label (pure).
import { BerthError } from '../util/errors.ts';

/** One `--secret` value after parsing (podman's specgen.Secret, or an env secret). */
export interface SecretRequest {
  source: string;
  type: 'mount' | 'env';
  /** Mount: a path (relative ones land under /run/secrets), empty for /run/secrets/<source>. Env: the variable name. */
  target: string;
  uid: number;
  gid: number;
  /** Permission bits as given (podman's default 0444). */
  mode: number;
}

const parseError = (what: string) => new BerthError('invalid-argument', `${what}: parsing secret`);

const DEFAULT_MODE = 0o444;

/** Go's strconv.ParseUint(s, base, 32): digits only (no sign), fits in 32 bits. */
function parseUint32(s: string, base: 8 | 10): number | undefined {
  if (!(base === 8 ? /^[0-7]+$/ : /^[0-9]+$/).test(s)) return undefined;
  const v = parseInt(s, base);
  return v <= 0xffff_ffff ? v : undefined;
}

/** `--secret NAME[,type=mount|env][,target=T][,uid=N][,gid=N][,mode=OOO]` (also `source=NAME`), podman 4.3's rules and words. */
export function parseSecretFlag(value: string): SecretRequest {
  const parts = value.split(',');
  if (parts.length === 1) return { source: value, type: 'mount', target: '', uid: 0, gid: 0, mode: DEFAULT_MODE };
  let source = '';
  let type = '';
  let target = '';
  let uid = 0;
  let gid = 0;
  let mode = DEFAULT_MODE;
  let mountOnly = false;
  if (!parts[0]!.includes('=')) source = parts.shift()!;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) throw parseError(`option ${part} must be in form option=value`);
    const key = part.slice(0, eq);
    const val = part.slice(eq + 1);
    switch (key) {
      case 'source':
        source = val;
        break;
      case 'type':
        if (type) throw parseError('cannot set more than one secret type');
        if (val !== 'mount' && val !== 'env') throw parseError(`type ${val} is invalid`);
        type = val;
        break;
      case 'target':
        target = val;
        break;
      case 'mode': {
        mountOnly = true;
        const m = parseUint32(val, 8);
        if (m === undefined) throw parseError(`mode ${val} invalid`);
        mode = m;
        break;
      }
      case 'uid':
      case 'UID':
      case 'gid':
      case 'GID': {
        mountOnly = true;
        const n = parseUint32(val, 10);
        const which = key.toUpperCase();
        if (n === undefined) throw parseError(`${which} ${val} invalid`);
        if (which === 'UID') uid = n;
        else gid = n;
        break;
      }
      default:
        throw parseError(`option ${part} invalid`);
    }
  }
  if (source === '') throw parseError(`no source found ${value}`);
  if (type === 'env') {
    if (mountOnly) throw parseError('UID, GID, Mode options cannot be set with secret type env');
    return { source, type: 'env', target: target || source, uid: 0, gid: 0, mode: DEFAULT_MODE };
  }
  return { source, type: 'mount', target, uid, gid, mode };
}

/** Where a mount secret appears in the container: podman joins a relative target (and none: the name) to /run/secrets. */
export function secretMountTarget(req: Pick<SecretRequest, 'source' | 'target'>, name: string): string {
  const t = req.target || name;
  return posixJoin(t.startsWith('/') ? '/' : '/run/secrets', t);
}

/** path.posix.join + clean, without importing node:path into a pure module used at start-up. */
function posixJoin(base: string, rel: string): string {
  const out: string[] = [];
  for (const seg of `${base}/${rel}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/**
 * pflag's stringToString (`--driver-opts a=b,c=d`, repeatable): CSV fields of key=value; later keys win.
 * Podman's usage error wording for a field without '='.
 */
export function parseDriverOpts(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    if (v === '') continue;
    for (const field of v.split(',')) {
      const eq = field.indexOf('=');
      if (eq < 0) throw new BerthError('invalid-argument', `invalid argument "${v}" for "--driver-opts" flag: ${field} must be formatted as key=value`);
      out[field.slice(0, eq)] = field.slice(eq + 1);
    }
  }
  return out;
}

/** `--label KEY=VALUE` / `KEY` (empty value), podman's parse.GetAllLabels errors wrapped as secret create wraps them. */
export function parseSecretLabels(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of values) {
    const eq = l.indexOf('=');
    const key = eq < 0 ? l : l.slice(0, eq);
    if (key === '') throw new BerthError('invalid-argument', `unable to process labels: invalid label format: "${l}"`);
    out[key] = eq < 0 ? '' : l.slice(eq + 1);
  }
  return out;
}
