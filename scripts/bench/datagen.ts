import BetterSqlite3 from "better-sqlite3";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOUR_MS } from "../../src/clock.js";
import { openDb } from "../../src/db/open.js";
import { createRng, type Rng } from "../../src/simulator/prng.js";

/** Where every simulated "now" of the benchmark sits: 2026-01-01T00:00:00Z. */
export const BENCH_NOW_MS = Date.UTC(2026, 0, 1);

/** Rows per generation transaction: large, since nothing else runs. */
const GENERATION_BATCH = 20_000;

/** A tag row to generate; absent fields get realistic random values. */
export interface TagSeed {
  readonly id: string;
  readonly name: string;
}

/** Ids look like Fansly's 18-digit snowflakes and sort like them. */
export const benchTagId = (i: number): string =>
  `7${String(i).padStart(17, "0")}`;

export function* benchTags(count: number): Generator<TagSeed> {
  for (let i = 0; i < count; i += 1) {
    yield { id: benchTagId(i), name: `tag${i.toString(36)}` };
  }
}

/** A scratch folder for this run's databases, removed by `dispose`. */
export function createWorkspace(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "fw-bench-"));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Creates the file with the project's own migrations, then closes it. */
export async function createMigratedDb(path: string): Promise<void> {
  const db = await openDb(path);
  await db.close();
}

/**
 * A raw connection for bulk generation. synchronous=OFF is safe here: a
 * crash only loses a scratch file.
 */
export function openForGeneration(path: string): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -65536");
  return sqlite;
}

/** Copies a generated template so every measurement starts from the same file. */
export function copyDb(from: string, to: string): string {
  // A stale WAL beside the target would be replayed into the fresh copy.
  for (const suffix of ["-wal", "-shm"]) rmSync(to + suffix, { force: true });
  copyFileSync(from, to);
  return to;
}

/** Heavy-tailed, like real view counts: most tags small, a few huge. */
export const viewCountFrom = (rng: Rng): number =>
  Math.floor(Math.exp(rng.next() * Math.log(50_000_000)));

interface TagOptions {
  /** Share of tags marked deleted. @defaultValue 0.02 */
  readonly deletedShare?: number;
  /** Share of tags never counted (view_count null). @defaultValue 0.01 */
  readonly uncountedShare?: number;
  /** @defaultValue 1 */
  readonly seed?: number;
}

/** Inserts tracked tags with counts, checked two hours before BENCH_NOW_MS. */
export function insertTags(
  sqlite: BetterSqlite3.Database,
  tags: Iterable<TagSeed>,
  options: TagOptions = {},
): number {
  const rng = createRng(options.seed ?? 1);
  const deleted = options.deletedShare ?? 0.02;
  const uncounted = options.uncountedShare ?? 0.01;
  const checkedAt = BENCH_NOW_MS - 2 * HOUR_MS;
  const insert = sqlite.prepare(
    `insert into tags (id, name, view_count, post_count, first_seen_at,
       last_checked_at, deleted_at, source) values (?, ?, ?, ?, ?, ?, ?, 'manual')`,
  );
  const row = (tag: TagSeed): unknown[] => {
    const views = rng.chance(uncounted) ? null : viewCountFrom(rng);
    const gone = rng.chance(deleted) ? checkedAt : null;
    const posts = views === null ? null : Math.ceil(views / 400);
    return [tag.id, tag.name, views, posts, checkedAt, checkedAt, gone];
  };
  return insertInBatches(sqlite, tags, (tag) => insert.run(...row(tag)));
}

/** Runs `write` for every item, GENERATION_BATCH items per transaction. */
export function insertInBatches<T>(
  sqlite: BetterSqlite3.Database,
  items: Iterable<T>,
  write: (item: T) => void,
): number {
  let count = 0;
  let batch: T[] = [];
  const flush = sqlite.transaction((rows: T[]) => rows.forEach(write));
  for (const item of items) {
    batch.push(item);
    count += 1;
    if (batch.length === GENERATION_BATCH) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  return count;
}

/** Tracks creators by id and username only, as `creators add` would. */
export function insertCreators(
  sqlite: BetterSqlite3.Database,
  creators: Iterable<{ readonly id: string; readonly username: string }>,
): number {
  const insert = sqlite.prepare(
    `insert into creators (id, username, first_seen_at, source)
     values (?, ?, ?, 'manual')`,
  );
  const firstSeen = BENCH_NOW_MS - 2 * HOUR_MS;
  return insertInBatches(sqlite, creators, (c) =>
    insert.run(c.id, c.username, firstSeen),
  );
}

/** One read from a finished run's database. */
export function queryOne<T>(path: string, sql: string): T {
  const sqlite = new BetterSqlite3(path, { readonly: true });
  try {
    return sqlite.prepare(sql).get() as T;
  } finally {
    sqlite.close();
  }
}
