// What the simulator saw. Tests read these counters to check how a client
// behaved, so every request is counted, faulted or not.

import { itemAt } from "./prng.js";
import type { Endpoint } from "./request.js";

export interface RequestLogEntry {
  /**
   * Real Unix ms (fractional) when the request arrived, from the simulator's
   * real-time source; hung and slow requests are logged on arrival too.
   */
  readonly at: number;
  /** The request target as received: path and raw query. */
  readonly path: string;
  readonly endpoint: Endpoint;
  /** The status answered, or 0 when no HTTP answer is sent (reset, hang). */
  readonly status: number;
  /** Arrived over the rate limit or during an announced cool-down. */
  readonly violation: boolean;
  /** The label of the injected fault (`faultLabel`), if one was applied. */
  readonly fault?: string;
}

export interface RequestStats {
  total: number;
  /** Requests that arrived while the client should have been waiting. */
  violations: number;
  readonly byEndpoint: Record<Endpoint, number>;
  /** Status → count; 0 counts resets and hangs. */
  readonly byStatus: Record<number, number>;
  /** Fault label → count of requests it was applied to. */
  readonly byFault: Record<string, number>;
  /** The most recent MAX_LOGGED_REQUESTS requests, in arrival order. */
  readonly log: RequestLogEntry[];
  /** The most requests in `log` that fall into any window of `windowMs`. */
  maxInWindow(windowMs: number): number;
}

/** Bounds memory when `simulate` runs for days. */
export const MAX_LOGGED_REQUESTS = 10_000;

const zeroCounts = (): Record<Endpoint, number> => ({
  tag: 0,
  suggestions: 0,
  accounts: 0,
  usernames: 0,
  other: 0,
});

export function createRequestStats(): RequestStats {
  const stats: RequestStats = {
    total: 0,
    violations: 0,
    byEndpoint: zeroCounts(),
    byStatus: {},
    byFault: {},
    log: [],
    maxInWindow: (windowMs) => maxInWindow(stats.log, windowMs),
  };
  return stats;
}

/** Clears in place, so references tests hold stay live. */
export function resetRequestStats(stats: RequestStats): void {
  stats.total = 0;
  stats.violations = 0;
  Object.assign(stats.byEndpoint, zeroCounts());
  clearRecord(stats.byStatus);
  clearRecord(stats.byFault);
  stats.log.length = 0;
}

export function recordRequest(
  stats: RequestStats,
  entry: RequestLogEntry,
): void {
  stats.total += 1;
  if (entry.violation) stats.violations += 1;
  stats.byEndpoint[entry.endpoint] += 1;
  stats.byStatus[entry.status] = (stats.byStatus[entry.status] ?? 0) + 1;
  if (entry.fault !== undefined) {
    stats.byFault[entry.fault] = (stats.byFault[entry.fault] ?? 0) + 1;
  }
  stats.log.push(entry);
  if (stats.log.length > MAX_LOGGED_REQUESTS) stats.log.shift();
}

/**
 * The largest number of entries whose arrival times fit in one half-open
 * window `(t - windowMs, t]`, the same window the rate limit uses, so two
 * requests exactly `windowMs` apart never share one. Entries must be in
 * arrival order, as the log keeps them.
 */
export function maxInWindow(
  log: readonly Pick<RequestLogEntry, "at">[],
  windowMs: number,
): number {
  if (!(windowMs > 0)) {
    throw new RangeError(
      `maxInWindow needs a positive window in ms (got ${windowMs})`,
    );
  }
  let best = 0;
  let start = 0;
  for (let end = 0; end < log.length; end++) {
    const endAt = itemAt(log, end).at;
    while (endAt - itemAt(log, start).at >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function clearRecord(record: Record<string | number, number>): void {
  for (const key of Object.keys(record)) delete record[key];
}
