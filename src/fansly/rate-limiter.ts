import { systemClock, type Clock } from "../clock.js";
import type { Db } from "../db/open.js";
import { WorkerError, asError } from "../errors.js";
import { sleep, throwIfAborted } from "./abort.js";

/** Paces requests; every request of the client awaits `acquire` first. */
export interface RateLimiter {
  /** Waits until a request may leave; resolves with the ms spent waiting. */
  acquire(signal?: AbortSignal): Promise<number>;
  /** No request may leave before `untilMs` (Unix ms), e.g. after a 429. */
  block(untilMs: number): void;
}

/** The SQLite-backed limiter; `tryAcquire` lets tests check decisions without sleeping. */
export interface SharedRateLimiter extends RateLimiter {
  /** One claim: 0 when a request may leave now, else ms until one may. */
  tryAcquire(): number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface SharedRateLimiterOptions {
  /** Requests per window, shared by every process on the database. */
  readonly requests: number;
  readonly perMs: number;
  /** Requests that may leave back to back. */
  readonly burst: number;
  /** @defaultValue the system clock */
  readonly clock?: Clock;
  /** How to wait between claims; tests pass one that moves a manual clock. */
  readonly sleep?: Sleep;
}

/**
 * A block longer than this cannot come from Fansly (the client gives up past
 * 5 minutes); a larger value was written under another clock, such as a demo
 * pinned by FANSLY_WORKERS_NOW, and would stall every process.
 */
export const MAX_BLOCK_MS = 15 * 60_000;

// GCRA (generic cell rate algorithm): `tat` is the theoretical arrival time
// of the next request. A request may leave when tat is at most `slack` ahead
// of now. The claim is one conditional UPDATE, so two processes can never
// both take the last slot and no transaction spans an await.
const CLAIM_SQL = `UPDATE rate_limit SET tat = max(tat, :now) + :interval, updated_at = :now
  WHERE id = 1 AND max(tat, :now) - :now <= :slack AND blocked_until <= :now`;
const READ_SQL = "SELECT tat, blocked_until FROM rate_limit WHERE id = 1";
const BLOCK_SQL = `UPDATE rate_limit SET blocked_until = max(blocked_until, :until), updated_at = :now
  WHERE id = 1`;
const CLAMP_SQL = `UPDATE rate_limit SET tat = min(tat, :now + :horizon),
  blocked_until = min(blocked_until, :now + :maxBlock), updated_at = :now WHERE id = 1`;

interface Cell {
  readonly tat: number;
  readonly blocked_until: number;
}

/** Claims and sleeps until one claim succeeds; shared by both limiters. */
async function acquireWith(
  tryAcquire: () => number,
  wait: Sleep,
  signal?: AbortSignal,
): Promise<number> {
  let waited = 0;
  for (;;) {
    throwIfAborted(signal);
    const waitMs = tryAcquire();
    if (waitMs === 0) return waited;
    await wait(waitMs, signal);
    waited += waitMs;
  }
}

/** GCRA parameters in whole ms. */
interface Gcra {
  readonly interval: number;
  /** How far ahead of now `tat` may be for a request to leave. */
  readonly slack: number;
  /** The furthest ahead `tat` can be under this configuration. */
  readonly horizon: number;
}

function gcraOf(options: SharedRateLimiterOptions): Gcra {
  const { requests, perMs, burst } = options;
  for (const [name, value] of Object.entries({ requests, perMs, burst })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(
        `Rate limiter ${name} must be a positive integer (got ${value})`,
      );
    }
  }
  // Rounded up so that rounding can never exceed the configured budget.
  const interval = Math.ceil(perMs / requests);
  const slack = (burst - 1) * interval;
  return { interval, slack, horizon: slack + interval };
}

/** Runs statements, turning SQLite's errors into E_DB. */
function runSql<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof WorkerError) throw error;
    const message = `Rate limiter could not use the rate_limit row: ${asError(error).message}`;
    throw new WorkerError("E_DB", message, { cause: error });
  }
}

function prepareStatements(db: Db) {
  return runSql(() => ({
    claim: db.sqlite.prepare(CLAIM_SQL),
    read: db.sqlite.prepare(READ_SQL),
    block: db.sqlite.prepare(BLOCK_SQL),
    clamp: db.sqlite.prepare(CLAMP_SQL),
  }));
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * How long until a claim can succeed. A cell no process of this
 * configuration could have written (another clock, a slower budget) is
 * pulled back first, so it cannot stall every process for hours.
 */
function waitAfterFailedClaim(
  statements: Statements,
  gcra: Gcra,
  now: number,
): number {
  const cell = statements.read.get() as Cell | undefined;
  if (cell === undefined) {
    throw new WorkerError(
      "E_DB",
      "The rate_limit table has no row 1; open the database with openDb so the migrations create it",
    );
  }
  const tat = Math.min(cell.tat, now + gcra.horizon);
  const blockedUntil = Math.min(cell.blocked_until, now + MAX_BLOCK_MS);
  if (tat !== cell.tat || blockedUntil !== cell.blocked_until) {
    statements.clamp.run({
      now,
      horizon: gcra.horizon,
      maxBlock: MAX_BLOCK_MS,
    });
  }
  return Math.max(1, blockedUntil - now, tat - gcra.slack - now);
}

/** One request budget for every process using the same SQLite file. */
export function createSharedRateLimiter(
  db: Db,
  options: SharedRateLimiterOptions,
): SharedRateLimiter {
  const clock = options.clock ?? systemClock;
  const gcra = gcraOf(options);
  const statements = prepareStatements(db);

  const tryAcquire = (): number =>
    runSql(() => {
      const now = clock.now();
      const { interval, slack } = gcra;
      if (statements.claim.run({ now, interval, slack }).changes === 1) {
        return 0;
      }
      return waitAfterFailedClaim(statements, gcra, now);
    });

  return {
    tryAcquire,
    acquire: (signal) =>
      acquireWith(tryAcquire, options.sleep ?? sleep, signal),
    block: (untilMs) => {
      const now = clock.now();
      const until = Math.min(Math.round(untilMs), now + MAX_BLOCK_MS);
      runSql(() => statements.block.run({ until, now }));
    },
  };
}

/**
 * For `FANSLY_RATE_LIMIT=off`: no pacing, but a 429's Retry-After still
 * pauses this process (only this one: nothing is shared).
 */
export function createUnlimitedRateLimiter(
  options: { readonly clock?: Clock; readonly sleep?: Sleep } = {},
): RateLimiter {
  const clock = options.clock ?? systemClock;
  let blockedUntil = 0;
  const tryAcquire = () => Math.max(0, blockedUntil - clock.now());
  return {
    acquire: (signal) =>
      acquireWith(tryAcquire, options.sleep ?? sleep, signal),
    block: (untilMs) => {
      const limit = clock.now() + MAX_BLOCK_MS;
      blockedUntil = Math.max(blockedUntil, Math.min(untilMs, limit));
    },
  };
}
