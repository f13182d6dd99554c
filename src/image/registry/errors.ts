// Registry error answers to BerthErrors: the distribution spec's `{"errors":[{code,message,detail}]}` body,
// status-specific wording close to containers/image's, and never a credential in the text.
import { BerthError, type ErrorCode } from '../../util/errors.ts';

export interface RegistryErrorEntry {
  code: string;
  message: string;
}

/** The first error of a distribution-spec error body, if the body is one. */
export function parseErrorBody(body: Buffer | string | undefined): RegistryErrorEntry | undefined {
  if (!body || body.length === 0) return undefined;
  try {
    const v = JSON.parse(body.toString()) as { errors?: Array<{ code?: unknown; message?: unknown }> };
    const e = v.errors?.[0];
    if (!e) return undefined;
    return {
      code: typeof e.code === 'string' ? e.code : '',
      message: typeof e.message === 'string' ? e.message : '',
    };
  } catch {
    return undefined;
  }
}

const STATUS_CODE: Record<number, ErrorCode> = { 401: 'unauthorized', 403: 'unauthorized', 404: 'not-found' };

const DEFAULT_WORDING: Record<number, string> = {
  401: 'unauthorized: authentication required',
  403: 'denied: requested access to the resource is denied',
  404: 'not found',
  429: 'toomanyrequests: too many requests',
};

/**
 * Builds the error for a non-success answer. `context` says what was being done ("reading manifest latest in
 * host/repo"); the registry's own `errors[0]` is quoted as `code: message` the way Go's errcode prints it.
 */
export function registryError(context: string, status: number, body?: Buffer | string, opts: { hint?: string } = {}): BerthError {
  const entry = parseErrorBody(body);
  let detail: string;
  if (entry && (entry.message || entry.code)) {
    // Go's errcode prints MANIFEST_UNKNOWN as "manifest unknown".
    const code = entry.code.toLowerCase().replace(/_/g, ' ');
    detail = entry.message ? (code ? `${code}: ${entry.message}` : entry.message) : code;
  } else {
    detail = DEFAULT_WORDING[status] ?? `received unexpected HTTP status: ${status}`;
  }
  const code: ErrorCode = STATUS_CODE[status] ?? (status === 429 || status >= 500 ? 'unavailable' : 'internal');
  return new BerthError(code, `${context}: ${detail}`, opts.hint ? { hint: opts.hint } : {});
}
