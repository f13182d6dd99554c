// Retry policy for registry requests: which answers are worth retrying, exponential backoff, Retry-After.

export interface RetryPolicy {
  /** Retries after the first attempt (default 3). */
  count: number;
  /** First backoff delay; doubled on each retry (default 500 ms). */
  baseDelayMs: number;
  /** Upper bound for any single wait, including a server's Retry-After (default 30 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { count: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Too many requests and server-side failures may go away; 501 (an unsupported method) and 505 will not. */
export const isRetryableStatus = (status: number) => status === 429 || (status >= 500 && status !== 501 && status !== 505);

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/** The wait before retry number `attempt` (0-based): the server's Retry-After if given, else base * 2^attempt. */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  const d = retryAfterMs ?? policy.baseDelayMs * 2 ** attempt;
  return Math.min(d, policy.maxDelayMs);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
