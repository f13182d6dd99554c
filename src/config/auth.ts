// auth.json: credential lookup across the files Podman reads, and atomic login/logout writes.
import { mkdirSync, readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from '../sys/random.ts';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import type { AuthFile } from './paths.ts';

export interface AuthEntry {
  auth?: string;
  identitytoken?: string;
  [other: string]: unknown;
}

/** The file's content; unknown top-level keys (Docker's credsStore, HttpHeaders...) are kept on rewrite. */
export interface AuthFileContent {
  auths: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  [other: string]: unknown;
}

export interface Credentials {
  username: string;
  password: string;
  identityToken?: string;
  /** The file and key they came from (for `--log-level debug` and `login --get-login`). */
  file: string;
  key: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Reads an auth file; undefined if it does not exist. Legacy ~/.dockercfg files are a bare key → entry map. */
export function readAuthFile(file: string, legacy = false): AuthFileContent | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BerthError('invalid-argument', `reading JSON file "${file}": ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    throw new BerthError('invalid-argument', `reading JSON file "${file}": unmarshaling JSON at "${file}": ${(e as Error).message}`);
  }
  if (!isObject(raw)) throw new BerthError('invalid-argument', `reading JSON file "${file}": not a JSON object`);
  if (legacy) return { auths: raw as Record<string, AuthEntry> };
  const content = { ...raw } as AuthFileContent;
  content.auths = isObject(raw.auths) ? (raw.auths as Record<string, AuthEntry>) : {};
  return content;
}

/** Writes atomically (temp file + rename in the same directory), file mode 0600, directory created 0700. */
export function writeAuthFile(file: string, content: AuthFileContent): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, `${JSON.stringify(content, null, '\t')}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw new BerthError('internal', `writing ${file}: ${(e as Error).message}`);
  }
}

/** `docker.io/library/foo` → [`docker.io/library/foo`, `docker.io/library`, `docker.io`]. */
export function authKeysFor(key: string): string[] {
  const out: string[] = [];
  for (let k = key; ; k = k.slice(0, k.lastIndexOf('/'))) {
    out.push(k);
    if (!k.includes('/')) break;
  }
  return out;
}

/** Docker Hub has several spellings; all compare as index.docker.io. */
function normalizeRegistry(registry: string): string {
  return registry === 'docker.io' || registry === 'registry-1.docker.io' ? 'index.docker.io' : registry;
}

/** A file key as a registry host: URL keys (`https://index.docker.io/v1/`) lose scheme and path. */
function normalizeFileKey(key: string, legacy: boolean): string {
  const stripped = key.replace(/^https?:\/\//, '');
  const host = legacy || stripped !== key ? stripped.split('/')[0]! : stripped;
  return normalizeRegistry(host);
}

function decode(file: string, key: string, entry: AuthEntry): Credentials | undefined {
  const token = typeof entry.identitytoken === 'string' && entry.identitytoken ? entry.identitytoken : undefined;
  const decoded = typeof entry.auth === 'string' ? Buffer.from(entry.auth, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon === -1) {
    // Docker leaves empty entries behind for credential helpers; skip them, as containers/image does.
    if (decoded) log.warn(`Error parsing the "auth" field of a credential entry "${key}" in "${file}", missing semicolon`);
    return token ? { username: '', password: '', identityToken: token, file, key } : undefined;
  }
  const creds: Credentials = {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1).replace(/^\0+|\0+$/g, ''),
    file,
    key,
  };
  if (token) creds.identityToken = token;
  return creds;
}

function fromContent(content: AuthFileContent, file: AuthFile, key: string): Credentials | undefined {
  const registry = key.split('/')[0]!;
  const helperKey = file.legacy ? `https://${registry}` : registry;
  const helper = content.credHelpers?.[helperKey];
  if (helper !== undefined) {
    throw new BerthError(
      'unavailable',
      `credential helper "docker-credential-${helper}" configured for ${registry} in ${file.path} is not supported`,
      { hint: `log in with "berth login ${registry}" to store the credentials in an auth file instead` },
    );
  }
  // Repository and namespace keys only match exactly; the registry key also matches its URL spellings.
  for (const k of file.legacy ? [key] : authKeysFor(key)) {
    const entry = content.auths[k];
    if (entry) return decode(file.path, k, entry);
  }
  const wanted = normalizeRegistry(registry);
  for (const [k, entry] of Object.entries(content.auths)) {
    if (normalizeFileKey(k, file.legacy) === wanted) return decode(file.path, k, entry);
  }
  return undefined;
}

/**
 * Finds credentials for `key` (a registry `host[:port]` or a repository `host/ns/repo`) in the files in order;
 * the first usable entry wins. A credHelpers entry for the registry is an error: helpers are not supported yet.
 */
export function lookupCredentials(files: readonly AuthFile[], key: string): Credentials | undefined {
  for (const f of files) {
    const content = readAuthFile(f.path, f.legacy);
    if (!content) continue;
    const creds = fromContent(content, f, key);
    if (creds && ((creds.username && creds.password) || creds.identityToken)) return creds;
  }
  return undefined;
}

/** Stores `username:password` under `key` (registry or repository), keeping every other entry. */
export function setCredentials(file: string, key: string, username: string, password: string): void {
  const content = readAuthFile(file) ?? { auths: {} };
  content.auths[key] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  writeAuthFile(file, content);
}

/** Removes `key`; Podman's wording when there is nothing to remove. */
export function removeCredentials(file: string, key: string): void {
  const content = readAuthFile(file);
  if (!content || !(key in content.auths)) throw new BerthError('not-found', `not logged into ${key}`);
  delete content.auths[key];
  writeAuthFile(file, content);
}

/** Removes every entry (logout --all). */
export function removeAllCredentials(file: string): void {
  const content = readAuthFile(file);
  if (!content) return;
  content.auths = {};
  writeAuthFile(file, content);
}
