import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/db/open.js";
import { writePage, type PageWriter } from "../../src/workers/items.js";

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "fw-items-"));
  db = await openDb(join(dir, "test.db"));
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A tag row then its history row; a history row for "ghost" has no tag. */
function historyWriter(log: string[]): PageWriter<string, number> {
  const tag = db.sqlite.prepare(
    "insert into tags (id, name, first_seen_at, source) values (?, ?, 0, 'seed')",
  );
  const history = db.sqlite.prepare(
    "insert into tag_history (tag_id, observed_at, view_count) values (?, 1, 1)",
  );
  return {
    write: (id) => {
      log.push(`write ${id}`);
      // "bad" has its tag row written, then fails on a duplicate one.
      if (id !== "ghost") tag.run(id, id);
      if (id === "bad") tag.run(id, id);
      history.run(id === "ghost" ? "nowhere" : id);
      return id.length;
    },
    stored: (id, length) => log.push(`stored ${id} ${length}`),
    failed: (id, error) => log.push(`failed ${id}: ${error.message}`),
  };
}

const ids = (table: string, column: string) =>
  db.sqlite.prepare(`select ${column} from ${table} order by 1`).pluck().all();

describe("writePage", () => {
  it("writes a page without failures once, then reports each item stored", () => {
    const log: string[] = [];
    writePage(db, ["a", "bb"], historyWriter(log));

    expect(log).toEqual(["write a", "write bb", "stored a 1", "stored bb 2"]);
    expect(ids("tag_history", "tag_id")).toEqual(["a", "bb"]);
  });

  it("rolls back a failing item alone, with its own earlier rows, and keeps the others", () => {
    const log: string[] = [];
    writePage(db, ["a", "bad", "c", "ghost", "e"], historyWriter(log));

    expect(ids("tags", "id")).toEqual(["a", "c", "e"]);
    expect(ids("tag_history", "tag_id")).toEqual(["a", "c", "e"]);
    const reports = log.filter((line) => !line.startsWith("write "));
    expect(reports).toEqual([
      "stored a 1",
      expect.stringMatching(/^failed bad: UNIQUE constraint failed/),
      "stored c 1",
      expect.stringMatching(/^failed ghost: FOREIGN KEY constraint failed/),
      "stored e 1",
    ]);
  });

  it("throws when the transaction itself cannot start, reporting no item", async () => {
    const other = await openDb(db.path);
    other.sqlite.pragma("busy_timeout = 0");
    db.sqlite.pragma("busy_timeout = 0");
    other.sqlite.prepare("begin immediate").run();
    try {
      const log: string[] = [];
      expect(() => writePage(db, ["a"], historyWriter(log))).toThrow(
        /database is locked/,
      );
      expect(log).toEqual([]);
    } finally {
      other.sqlite.prepare("rollback").run();
      await other.close();
    }
  });
});
