// Registry authentication: WWW-Authenticate parsing, credentials, the bearer token cache (per realm/service/scope).

export type Credentials = { username: string; password: string } | { identityToken: string };

export interface Challenge {
  /** Lower-case scheme: 'bearer', 'basic', ... */
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a WWW-Authenticate header (RFC 7235): one or more challenges, each a scheme followed by comma-separated
 * `key=value` or `key="quoted \" value"` parameters. Parameter names are lower-cased; unknown syntax is skipped.
 */
export function parseWWWAuthenticate(header: string | string[] | undefined): Challenge[] {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const out: Challenge[] = [];
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const token = () => {
    const m = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(text.slice(i));
    if (!m) return '';
    i += m[0].length;
    return m[0];
  };
  let current: Challenge | null = null;
  while (i < n) {
    skipSpace();
    if (text[i] === ',') {
      i++;
      continue;
    }
    const name = token();
    if (!name) {
      i++; // stray character: skip it
      continue;
    }
    skipSpace();
    const isParam = text[i] === '=' && text[i + 1] !== '=' && !/^=\s*(,|$)/.test(text.slice(i));
    if (isParam) {
      i++;
      skipSpace();
      let value = '';
      if (text[i] === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n) i++;
          value += text[i];
          i++;
        }
        i++; // closing quote
      } else {
        // Unquoted values should be tokens, but registries send bare URLs and scopes: read up to a comma or space.
        const m = /^[^,\s]*/.exec(text.slice(i))!;
        value = m[0];
        i += value.length;
      }
      if (current) current.params[name.toLowerCase()] = value;
      continue;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    out.push(current);
    // A token68 credential after the scheme (`Negotiate abc==`) is not a parameter: skip it.
    const t68 = /^[A-Za-z0-9\-._~+/]+=*\s*(?=,|$)/.exec(text.slice(i));
    if (t68) i += t68[0].length;
  }
  return out;
}

/** The scopes a bearer token needs, e.g. `repository:library/busybox:pull`. */
export const repositoryScope = (repo: string, actions: 'pull' | 'pull,push') => `repository:${repo}:${actions}`;

export const basicAuthorization = (c: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

export interface CachedToken {
  token: string;
  /** Epoch milliseconds after which the token is not used any more. */
  expiresAt: number;
}

/** Minimum lifetime the token spec says to assume when the server does not tell. */
export const DEFAULT_TOKEN_SECONDS = 60;

/** Reads a token endpoint's JSON answer: `token` or `access_token`, `expires_in`, `issued_at`. */
export function parseTokenResponse(body: unknown, now = Date.now()): CachedToken | null {
  if (!body || typeof body !== 'object') return null;
  const o = body as Record<string, unknown>;
  const token = typeof o.token === 'string' && o.token ? o.token : typeof o.access_token === 'string' ? o.access_token : '';
  if (!token) return null;
  const seconds = typeof o.expires_in === 'number' && o.expires_in > 0 ? o.expires_in : DEFAULT_TOKEN_SECONDS;
  let issued = typeof o.issued_at === 'string' ? Date.parse(o.issued_at) : NaN;
  if (!Number.isFinite(issued) || issued > now) issued = now;
  // Renew a little early so a token does not expire between the check and the request.
  return { token, expiresAt: issued + seconds * 1000 - 5000 };
}

/** Bearer tokens by realm, service and scope; expired entries are dropped on read. */
export class TokenCache {
  private entries = new Map<string, CachedToken>();
  private key(realm: string, service: string, scope: string) {
    return `${realm}\u0000${service}\u0000${scope}`;
  }
  get(realm: string, service: string, scope: string, now = Date.now()): string | undefined {
    const k = this.key(realm, service, scope);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.expiresAt <= now) {
      this.entries.delete(k);
      return undefined;
    }
    return e.token;
  }
  set(realm: string, service: string, scope: string, token: CachedToken): void {
    this.entries.set(this.key(realm, service, scope), token);
  }
}
