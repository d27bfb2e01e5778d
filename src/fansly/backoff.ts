/** How long to wait before retry number `attempt + 1`. */
export interface BackoffPolicy {
  /** First retry waits up to this long. @defaultValue 500 ms */
  readonly baseMs: number;
  /** No single wait is longer. @defaultValue 30 s */
  readonly capMs: number;
  /** Source of jitter in [0, 1); tests pass a constant. @defaultValue Math.random */
  readonly random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 500,
  capMs: 30_000,
  random: Math.random,
};

/**
 * Exponential backoff with full jitter: a random wait up to the doubled,
 * capped ceiling, so processes that failed together do not retry together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.round(policy.random() * ceiling);
}

/**
 * The instant (Unix ms) a `Retry-After` header points at: delay-seconds or an
 * HTTP date (RFC 9110 §10.2.3). null when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | null,
  nowMs: number,
): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return nowMs + Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(nowMs, date) : null;
}
