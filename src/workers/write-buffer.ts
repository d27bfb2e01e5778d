import type { ConsolaInstance } from "consola";
import { asError } from "../errors.js";
import { countFailure, writePage, type PageWriter } from "./items.js";
import type { WorkerContext } from "./types.js";

/**
 * Items fetched but not yet written, collected so that many pages of
 * fetches share one transaction. Committing every 50 items wrote each
 * touched index page to the WAL 20 times as often as committing every
 * 1,000, and halved the write speed (issue #6).
 */
export interface WriteBuffer<T> {
  /**
   * Keeps `items`; writes everything kept once the buffer is full or old.
   * Throws the error of a write its timer made since the last call, after
   * keeping `items` for the next write.
   */
  add(items: readonly T[]): void;
  /** Writes everything kept now; the updaters call it before a run ends. */
  flush(): void;
}

/** Runs `fn` after `ms`; returns what cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export interface WriteBufferOptions<T> {
  /** Writes a batch in one transaction (writePage). */
  readonly write: (items: readonly T[]) => void;
  /** Counts the items of a batch whose write threw; they are not tried again. */
  readonly lost: (items: readonly T[], error: Error) => void;
  /** The run's clock, for the age of the oldest kept item. */
  readonly now: () => number;
  /** @defaultValue WRITE_BATCH_ITEMS */
  readonly maxItems?: number;
  /** @defaultValue WRITE_BATCH_MAX_AGE_MS */
  readonly maxAgeMs?: number;
  /** The timer that writes kept items once they are old. @defaultValue unrefTimer */
  readonly schedule?: Schedule;
}

/** Items written per transaction at most. */
export const WRITE_BATCH_ITEMS = 1_000;

/**
 * How long a fetched item may wait for its write: what a crash or a kill
 * can lose, since a stopping run flushes first. A timer enforces it while
 * the next page is still being fetched.
 */
export const WRITE_BATCH_MAX_AGE_MS = 2_000;

/** A timer that never keeps the process alive. */
export const unrefTimer: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export function createWriteBuffer<T>(
  options: WriteBufferOptions<T>,
): WriteBuffer<T> {
  const maxItems = options.maxItems ?? WRITE_BATCH_ITEMS;
  const maxAgeMs = options.maxAgeMs ?? WRITE_BATCH_MAX_AGE_MS;
  const schedule = options.schedule ?? unrefTimer;
  let kept: T[] = [];
  let oldestAt = 0;
  let cancelTimer: (() => void) | undefined;
  let timerError: { readonly error: unknown } | undefined;

  // Emptied before writing: a batch whose write throws is counted as lost
  // and not tried again.
  const write = () => {
    cancelTimer?.();
    cancelTimer = undefined;
    if (kept.length === 0) return;
    const batch = kept;
    kept = [];
    try {
      options.write(batch);
    } catch (error) {
      options.lost(batch, asError(error));
      throw error;
    }
  };
  // better-sqlite3 is synchronous and no transaction of this process spans
  // an await, so a timer's write never lands inside another transaction.
  const writeOnTimer = () => {
    cancelTimer = undefined;
    try {
      write();
    } catch (error) {
      timerError ??= { error };
    }
  };
  const throwTimerError = () => {
    const failed = timerError;
    timerError = undefined;
    if (failed !== undefined) throw failed.error;
  };

  return {
    add(items) {
      if (kept.length === 0 && items.length > 0) {
        oldestAt = options.now();
        cancelTimer = schedule(writeOnTimer, maxAgeMs);
      }
      for (const item of items) kept.push(item);
      throwTimerError();
      const full = kept.length >= maxItems;
      if (full || options.now() - oldestAt >= maxAgeMs) write();
    },
    flush() {
      write();
      throwTimerError();
    },
  };
}

/**
 * The write buffer of an updater's run: batches of answers through
 * `writePage` with `writer`, or in a dry run only counted, as a real run
 * counts what it stores. A batch that could not be written counts as
 * failed items.
 */
export function runWriteBuffer<T, R>(
  ctx: WorkerContext,
  writer: PageWriter<T, R>,
): WriteBuffer<T> {
  return createWriteBuffer<T>({
    write: (batch) => {
      if (ctx.dryRun) ctx.progress.ok += batch.length;
      else writePage(ctx.db, batch, writer);
    },
    lost: (batch, error) =>
      countFailure(
        ctx.progress,
        ctx.log,
        `writing ${batch.length} fetched answers`,
        error,
        { items: batch.length },
      ),
    now: () => ctx.clock.now(),
  });
}

/**
 * Runs `fetchAll`, then writes what `buffer` still keeps, however
 * `fetchAll` ended. When it threw, its error ends the run (a rate-limited
 * run keeps its resumeAt) and a failed last write is only logged; its
 * items are counted as failed either way.
 */
export async function fetchThenFlush<T>(
  buffer: WriteBuffer<T>,
  log: ConsolaInstance,
  fetchAll: () => Promise<void>,
): Promise<void> {
  try {
    await fetchAll();
  } catch (error) {
    try {
      buffer.flush();
    } catch (flushError) {
      log.error(
        `writing the last fetched answers failed too: ${asError(flushError).message}`,
      );
    }
    throw error;
  }
  buffer.flush();
}
