import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/db/open.js";
import {
  countStale,
  readStale,
  staleReadSql,
  type StaleQuery,
  type StaleRow,
} from "../../src/workers/stale.js";

const NOW = 1_000_000;
const REFRESH_MS = 1_000;
const RECHECK_MS = 5_000;

interface Tag {
  readonly id: string;
  readonly last_checked_at: number | null;
  readonly deleted_at: number | null;
}

/**
 * 200 tags: live and deleted, never checked and checked at a few times
 * (many sharing one), some due and some not; ids in a shuffled order.
 */
function sampleTags(): Tag[] {
  const times = [null, 10, 10, NOW - 6_000, NOW - 2_000, NOW - 500, NOW];
  return Array.from({ length: 200 }, (_, i) => ({
    id: `t${((i * 37) % 200).toString().padStart(3, "0")}`,
    last_checked_at: times[i % times.length]!,
    deleted_at: i % 3 === 0 ? 5 : null,
  }));
}

/** The due tags in the order DESIGN §4 gives, worked out in plain code. */
function expectedOrder(tags: readonly Tag[], now: number): string[] {
  const isDue = (t: Tag) => {
    const age = t.deleted_at === null ? REFRESH_MS : RECHECK_MS;
    return t.last_checked_at === null || t.last_checked_at <= now - age;
  };
  const key = (t: Tag) => [
    t.deleted_at === null ? 0 : 1,
    t.last_checked_at === null ? 0 : 1,
    t.last_checked_at ?? 0,
  ];
  return tags
    .filter(isDue)
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      for (let i = 0; i < ka.length; i += 1) {
        if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((t) => t.id);
}

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "fw-stale-"));
  db = await openDb(join(dir, "test.db"));
  const insert = db.sqlite.prepare(
    `insert into tags (id, name, first_seen_at, last_checked_at, deleted_at, source)
     values (?, ?, 0, ?, ?, 'seed')`,
  );
  for (const t of sampleTags()) {
    insert.run(t.id, `name-${t.id}`, t.last_checked_at, t.deleted_at);
  }
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const query = (limit: number, now = NOW): StaleQuery => ({
  now,
  refreshAgeMs: REFRESH_MS,
  deletedRecheckAgeMs: RECHECK_MS,
  limit,
});

const markChecked = (id: string, at: number) =>
  db.sqlite
    .prepare("update tags set last_checked_at = ? where id = ?")
    .run(at, id);

describe("readStale", () => {
  it("returns every due tag once, most stale first, in full pages", () => {
    const expected = expectedOrder(sampleTags(), NOW);
    const pages = [...readStale<StaleRow>(db, "tags", query(1_000), 7)];

    expect(pages.flat().map((row) => row.id)).toEqual(expected);
    expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true);
    expect(pages.at(-1)!.length).toBe(expected.length % 7 || 7);
  });

  it("stops at the batch limit", () => {
    const expected = expectedOrder(sampleTags(), NOW).slice(0, 45);
    const pages = [...readStale<StaleRow>(db, "tags", query(45), 10)];

    expect(pages.map((page) => page.length)).toEqual([10, 10, 10, 10, 5]);
    expect(pages.flat().map((row) => row.id)).toEqual(expected);
  });

  it("reads a failed tag once and a stored one never again in the same run", () => {
    const expected = expectedOrder(sampleTags(), NOW);
    const seen: string[] = [];
    for (const page of readStale<StaleRow>(db, "tags", query(1_000), 6)) {
      for (const row of page) {
        seen.push(row.id);
        // Every other tag is stored (checked now); the rest fail, unchanged.
        if (seen.length % 2 === 0) markChecked(row.id, NOW);
      }
    }
    expect(seen).toEqual(expected);
  });

  it("with a refresh age of zero, does not read again what the run stored", () => {
    const zero = { ...query(1_000), refreshAgeMs: 0, deletedRecheckAgeMs: 0 };
    const seen: string[] = [];
    for (const page of readStale<StaleRow>(db, "tags", zero, 9)) {
      for (const row of page) {
        seen.push(row.id);
        markChecked(row.id, NOW);
      }
    }
    const checkedBefore = sampleTags().filter(
      (t) => t.last_checked_at === null || t.last_checked_at < NOW,
    );
    expect(seen).toHaveLength(checkedBefore.length);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe("countStale", () => {
  it("counts every due tag, beyond the batch limit", () => {
    const expected = expectedOrder(sampleTags(), NOW).length;
    expect(countStale(db, "tags", query(10))).toBe(expected);
  });
});

describe("staleReadSql", () => {
  it.each(["tags", "creators"] as const)(
    "reads each page of %s from its index, without sorting",
    (kind) => {
      const sql = staleReadSql(kind);
      const plan = (statement: string, ...args: unknown[]) =>
        (
          db.sqlite.prepare(`explain query plan ${statement}`).all(...args) as {
            detail: string;
          }[]
        )
          .map((row) => row.detail)
          .join("; ");
      const details = [
        plan(sql.checked, 0, NOW, 0, "", 50),
        plan(sql.neverChecked, 1, "", 50),
      ];
      for (const detail of details) {
        expect(detail).toMatch(`SEARCH ${kind} USING INDEX ${kind}_stale_idx`);
        expect(detail).not.toContain("TEMP B-TREE");
      }
    },
  );
});
