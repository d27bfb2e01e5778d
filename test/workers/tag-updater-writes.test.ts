import { afterEach, describe, expect, it, vi } from "vitest";
import { createManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { Db } from "../../src/db/open.js";
import { WorkerError } from "../../src/errors.js";
import type { FanslyApi, FanslyTag } from "../../src/fansly/types.js";
import { tagUpdater } from "../../src/workers/tag-updater.js";
import { emptyReport, type WorkerContext } from "../../src/workers/types.js";
import { captureLog } from "../fansly/helpers.js";
import { useTestDb } from "../stats/trends-db.js";

const T0 = Date.UTC(2025, 0, 10);
const idOf = (name: string): string => `t${name.slice(3)}`;

function trackTags(db: Db, count: number): void {
  const insert = db.sqlite.prepare(
    `insert into tags (id, name, view_count, first_seen_at, source)
     values (?, ?, 1, ?, 'manual')`,
  );
  for (let i = 1; i <= count; i += 1) insert.run(`t${i}`, `tag${i}`, T0);
}

/** An API that answers the first 50 calls (a page) at once, the rest with `later`. */
function fakeApi(later: (name: string) => Promise<FanslyTag>): FanslyApi {
  const stats = {
    requests: 0,
    retries: 0,
    rateLimited: 0,
    rateLimitWaitMs: 0,
    retryWaitMs: 0,
    failures: 0,
    byEndpoint: {},
  };
  let calls = 0;
  const getTagByName = async (name: string): Promise<FanslyTag> => {
    calls += 1;
    if (calls > 50) return later(name);
    return {
      id: idOf(name),
      name,
      viewCount: 7,
      postCount: 1,
      createdAt: null,
    };
  };
  return { getTagByName, stats } as unknown as FanslyApi;
}

function contextFor(db: Db, api: FanslyApi) {
  const config = loadConfig({ env: { FANSLY_REFRESH_AGE: "0" } });
  const { log, lines } = captureLog();
  const ctx: WorkerContext = {
    db,
    api: async () => api,
    signal: new AbortController().signal,
    log,
    clock: createManualClock(T0),
    settings: config.workers["tag-updater"],
    config,
    dryRun: false,
    progress: emptyReport(),
  };
  return { ctx, lines };
}

/** The database, with every transaction failing as a locked file does. */
function lockedForWrites(db: Db): Db {
  const busy = () => {
    throw new Error("database is locked");
  };
  const sqlite = new Proxy(db.sqlite, {
    get(target, key) {
      if (key === "transaction")
        return () => Object.assign(busy, { immediate: busy });
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...db, sqlite, close: () => db.close() };
}

const checkedCount = (db: Db) =>
  db.sqlite
    .prepare("select count(*) from tags where last_checked_at is not null")
    .pluck()
    .get();

describe("tag-updater writes", () => {
  const test = useTestDb("fw-tag-updater-writes-");
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes a page within the max age while the next one is being fetched", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const db = test.current();
    trackTags(db, 60);
    const pending: (() => void)[] = [];
    const api = fakeApi(
      (name) =>
        new Promise((resolve) => {
          const id = idOf(name);
          pending.push(() =>
            resolve({ id, name, viewCount: 9, postCount: 1, createdAt: null }),
          );
        }),
    );
    const { ctx } = contextFor(db, api);

    const run = tagUpdater.run(ctx);
    while (pending.length < 10) await new Promise(setImmediate);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(checkedCount(db)).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(checkedCount(db)).toBe(50);

    for (const answer of pending) answer();
    await expect(run).resolves.toMatchObject({ ok: 60, failed: 0 });
    expect(checkedCount(db)).toBe(60);
  });

  it("keeps a rate-limited run's error when its last write fails, counting its items", async () => {
    const db = test.current();
    trackTags(db, 60);
    const resumeAt = T0 + 3_600_000;
    const api = fakeApi(async () => {
      throw new WorkerError("E_RATE_LIMITED", "cool-down too long", {
        resumeAt,
      });
    });
    const { ctx, lines } = contextFor(lockedForWrites(db), api);

    await expect(tagUpdater.run(ctx)).rejects.toMatchObject({
      code: "E_RATE_LIMITED",
      resumeAt,
    });
    expect(ctx.progress).toMatchObject({ ok: 0, failed: 50 });
    expect(lines.some((line) => line.includes("database is locked"))).toBe(
      true,
    );
    expect(checkedCount(db)).toBe(0);
  });
});
