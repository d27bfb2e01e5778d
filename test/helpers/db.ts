// Direct reads and writes of the harness database, for setting up a state
// (tracked tags, a due time, a lease) and for checking the bookkeeping.

import type BetterSqlite3 from "better-sqlite3";
import { createServer } from "node:net";
import type { WorkerRow, WorkerRunRow } from "../../src/db/schema.js";
import type { Harness } from "./cli.js";

/** Opens the database (migrating it if new), runs `use`, closes it again. */
export async function withDb<T>(
  h: Harness,
  use: (sqlite: BetterSqlite3.Database) => T,
): Promise<T> {
  const db = await h.openDb();
  try {
    return use(db.sqlite);
  } finally {
    await db.close();
  }
}

/** Tracks the named simulator creators without asking the API; never checked. */
export function trackCreators(
  h: Harness,
  usernames: readonly string[],
): Promise<void> {
  return withDb(h, (sqlite) => {
    const insert = sqlite.prepare(
      "insert into creators (id, username, first_seen_at, source) values (?, ?, ?, 'manual')",
    );
    for (const username of usernames) {
      const creator = h.sim.creator(username);
      if (!creator)
        throw new Error(`the simulator has no creator '${username}'`);
      insert.run(creator.id, creator.username, h.sim.clock.now());
    }
  });
}

/**
 * Tracks the named simulator tags without asking the API. `lastCheckedAt`
 * gives each its last check (null: never checked, so due at once).
 */
export function trackTags(
  h: Harness,
  names: readonly string[],
  lastCheckedAt: (index: number) => number | null = () => null,
): Promise<void> {
  return withDb(h, (sqlite) => {
    const insert = sqlite.prepare(
      `insert into tags (id, name, first_seen_at, last_checked_at, source)
       values (?, ?, ?, ?, 'manual')`,
    );
    sqlite.transaction(() => {
      names.forEach((name, i) => {
        const tag = h.sim.tag(name);
        if (!tag) throw new Error(`the simulator has no tag '${name}'`);
        insert.run(tag.id, tag.name, h.sim.clock.now(), lastCheckedAt(i));
      });
    })();
  });
}

export const runsOf = (h: Harness, worker: string): Promise<WorkerRunRow[]> =>
  withDb(
    h,
    (sqlite) =>
      sqlite
        .prepare("select * from worker_runs where worker = ? order by id")
        .all(worker) as WorkerRunRow[],
  );

export const workerRow = (h: Harness, worker: string): Promise<WorkerRow> =>
  withDb(
    h,
    (sqlite) =>
      sqlite
        .prepare("select * from workers where name = ?")
        .get(worker) as WorkerRow,
  );

/** Names of tags with at least one history row. */
export const tagsWithHistory = (h: Harness): Promise<string[]> =>
  withDb(h, (sqlite) =>
    (
      sqlite
        .prepare(
          `select distinct t.name from tag_history th join tags t on t.id = th.tag_id
           order by t.name`,
        )
        .all() as { name: string }[]
    ).map((row) => row.name),
  );

/** Names asked for on E1, in the order the simulator received them. */
export function requestedTags(h: Harness): string[] {
  return h.sim.requests.log
    .filter((entry) => entry.endpoint === "tag")
    .map((entry) => new URL(entry.path, "http://x").searchParams.get("tag")!);
}

/** A local port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") {
    throw new Error("no TCP port was bound");
  }
  return address.port;
}
