import { writePage, type PageWriter } from "./items.js";
import type { WorkerContext } from "./types.js";

/**
 * Items fetched but not yet written, collected so that many pages of
 * fetches share one transaction. Committing every 50 items wrote each
 * touched index page to the WAL 20 times as often as committing every
 * 1,000, and halved the write speed (issue #6).
 */
export interface WriteBuffer<T> {
  /** Keeps `items`; writes everything kept once the buffer is full or old. */
  add(items: readonly T[]): void;
  /** Writes everything kept now; the updaters call it before a run ends. */
  flush(): void;
}

export interface WriteBufferOptions<T> {
  /** Writes a batch in one transaction (writePage). */
  readonly write: (items: readonly T[]) => void;
  /** The run's clock, for the age of the oldest kept item. */
  readonly now: () => number;
  /** @defaultValue WRITE_BATCH_ITEMS */
  readonly maxItems?: number;
  /** @defaultValue WRITE_BATCH_MAX_AGE_MS */
  readonly maxAgeMs?: number;
}

/** Items written per transaction at most. */
export const WRITE_BATCH_ITEMS = 1_000;

/**
 * How long a fetched item may wait for its write: what a crash or a kill
 * can lose, since a stopping run flushes first.
 */
export const WRITE_BATCH_MAX_AGE_MS = 2_000;

export function createWriteBuffer<T>(
  options: WriteBufferOptions<T>,
): WriteBuffer<T> {
  const maxItems = options.maxItems ?? WRITE_BATCH_ITEMS;
  const maxAgeMs = options.maxAgeMs ?? WRITE_BATCH_MAX_AGE_MS;
  let kept: T[] = [];
  let oldestAt = 0;

  // Emptied before writing: a batch whose write throws is not tried again.
  const flush = () => {
    if (kept.length === 0) return;
    const batch = kept;
    kept = [];
    options.write(batch);
  };

  return {
    add(items) {
      if (kept.length === 0) oldestAt = options.now();
      for (const item of items) kept.push(item);
      const full = kept.length >= maxItems;
      if (full || options.now() - oldestAt >= maxAgeMs) flush();
    },
    flush,
  };
}

/**
 * The write buffer of an updater's run: batches of answers through
 * `writePage` with `writer`, or in a dry run only counted, as a real run
 * counts what it stores.
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
    now: () => ctx.clock.now(),
  });
}
