// Typed errors: a stable code per kind, mapped to the CLI exit code and HTTP status, with a hint and redaction.

/** Stable error kinds shared by the CLI, the REST API and the engine. */
export type ErrorCode =
  | 'invalid-argument' // bad flag value, malformed reference, bad config
  | 'not-found' // no such container/image/network/volume
  | 'already-exists' // name in use
  | 'conflict' // in use, wrong state
  | 'unauthorized' // registry 401/403
  | 'unavailable' // registry/network down, helper missing
  | 'integrity' // digest or size mismatch
  | 'cannot-invoke' // container command exists but cannot run (126)
  | 'command-not-found' // container command missing (127)
  | 'internal'; // anything else

const EXIT_CODES: Record<ErrorCode, number> = {
  'invalid-argument': 125,
  'not-found': 125,
  'already-exists': 125,
  conflict: 125,
  unauthorized: 125,
  unavailable: 125,
  integrity: 125,
  'cannot-invoke': 126,
  'command-not-found': 127,
  internal: 125,
};

const HTTP_STATUS: Record<ErrorCode, number> = {
  'invalid-argument': 400,
  'not-found': 404,
  'already-exists': 409,
  conflict: 409,
  unauthorized: 401,
  unavailable: 503,
  integrity: 500,
  'cannot-invoke': 500,
  'command-not-found': 500,
  internal: 500,
};

export interface BerthErrorOptions {
  /** A sentence naming the fix, printed after the message at the CLI. */
  hint?: string;
  /** Overrides the exit code derived from the code (podman uses 1 for some verbs). */
  exitCode?: number;
  cause?: unknown;
}

/** The one error class the engine throws for anything a user can cause or fix. */
export class BerthError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;
  constructor(code: ErrorCode, message: string, opts: BerthErrorOptions = {}) {
    super(redact(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BerthError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? EXIT_CODES[code];
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const isBerthError = (e: unknown): e is BerthError => e instanceof BerthError;

/** Removes credentials from text that may quote a URL, an Authorization header or a --creds value. */
export function redact(text: string): string {
  return text
    .replace(/(\/\/)[^/@\s:]+:[^/@\s]+@/g, '$1***:***@')
    .replace(/(authorization:\s*(?:basic|bearer)\s+)[^\s"']+/gi, '$1***')
    .replace(/(--creds[= ])[^\s:]+:[^\s]+/g, '$1***:***')
    .replace(/("(?:password|auth|identitytoken|registrytoken|access_token|token)"\s*:\s*")[^"]*"/gi, '$1***"');
}

export const notFound = (what: string, opts?: BerthErrorOptions) => new BerthError('not-found', what, opts);
export const invalidArgument = (what: string, opts?: BerthErrorOptions) =>
  new BerthError('invalid-argument', what, opts);
