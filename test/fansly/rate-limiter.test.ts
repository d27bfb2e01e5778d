import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManualClock, type ManualClock } from "../../src/clock.js";
import { openDb, type Db } from "../../src/db/open.js";
import { WorkerError } from "../../src/errors.js";
import {
  createUnlimitedRateLimiter,
  MAX_BLOCK_MS,
} from "../../src/fansly/rate-limiter.js";
import {
  createSharedRateLimiter,
  defaultRateMarginMs,
  type SharedRateLimiterOptions,
} from "../../src/fansly/shared-rate-limiter.js";

const START_MS = 1_700_000_000_000;

let dir: string;
let dbs: Db[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "fansly-limiter-"));
  dbs = [];
});

afterEach(async () => {
  for (const db of dbs) await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Two connections to one file, as two processes would have. */
async function openTwice(): Promise<[Db, Db]> {
  const path = join(dir, "limiter.db");
  const first = await openDb(path);
  const second = await openDb(path);
  dbs.push(first, second);
  return [first, second];
}

/** A sleep that moves the manual clock instead of waiting. */
const clockSleep = (clock: ManualClock) => async (ms: number) => {
  clock.advance(ms);
};

// 5 requests per second, 3 back to back: then one every 367 ms (1100 ms with
// 100 ms headroom, over the 3 requests a window has left after the burst).
const budget = (clock: ManualClock): SharedRateLimiterOptions => ({
  requests: 5,
  perMs: 1_000,
  burst: 3,
  marginMs: 100,
  clock,
  sleep: clockSleep(clock),
});

describe("createSharedRateLimiter", () => {
  it("shares one burst between two processes, then spaces requests", async () => {
    const clock = createManualClock(START_MS);
    const [dbA, dbB] = await openTwice();
    const a = createSharedRateLimiter(dbA, budget(clock));
    const b = createSharedRateLimiter(dbB, budget(clock));

    expect([a.tryAcquire(), b.tryAcquire(), a.tryAcquire()]).toEqual([0, 0, 0]);
    expect(b.tryAcquire()).toBe(367);
    expect(a.tryAcquire()).toBe(367);
    clock.advance(367);
    expect(b.tryAcquire()).toBe(0);
    expect(a.tryAcquire()).toBe(367);
  });

  it("never lets two processes together put more than the budget into any window", async () => {
    const clock = createManualClock(START_MS);
    const [dbA, dbB] = await openTwice();
    const limiters = [dbA, dbB].map((db) =>
      createSharedRateLimiter(db, budget(clock)),
    );
    const grants: number[] = [];

    for (let step = 0; step < 1_000; step += 1) {
      for (const limiter of limiters) {
        while (limiter.tryAcquire() === 0) grants.push(clock.now());
      }
      clock.advance(13);
    }

    // Over 13 s: the burst of 3 plus one per 367 ms.
    expect(grants.length).toBeLessThanOrEqual(3 + Math.floor(13_000 / 367));
    expect(grants.length).toBeGreaterThanOrEqual(Math.floor(13_000 / 367));
    for (const [index, time] of grants.entries()) {
      const inWindow = grants.filter((t) => t >= time && t < time + 1_000);
      expect(inWindow.length, `window at grant ${index}`).toBeLessThanOrEqual(
        5,
      );
    }
  });

  it("spaces requests evenly by default, with a margin of 2 % and at least 20 ms", async () => {
    const clock = createManualClock(START_MS);
    const [db] = await openTwice();
    const paced = (requests: number, perMs: number) =>
      createSharedRateLimiter(db, { requests, perMs, burst: 1, clock });

    // 20/1s: the window plus its 20 ms margin, over 20: 51 ms apart.
    const perSecond = paced(20, 1_000);
    expect([perSecond.tryAcquire(), perSecond.tryAcquire()]).toEqual([0, 51]);
    clock.advance(60_000);
    // 50/10s: 10,200 ms (2 % margin) over 50: 204 ms apart.
    const perTen = paced(50, 10_000);
    expect([perTen.tryAcquire(), perTen.tryAcquire()]).toEqual([0, 204]);
    clock.advance(60_000);
    // 5/200ms: 2 % would be 4 ms, so the 20 ms floor: 220 / 5 = 44 ms.
    const short = paced(5, 200);
    expect([short.tryAcquire(), short.tryAcquire()]).toEqual([0, 44]);
    expect(defaultRateMarginMs(200)).toBe(20);
  });

  it("takes a configured margin instead of the default one", async () => {
    const clock = createManualClock(START_MS);
    const [db] = await openTwice();
    const limiter = createSharedRateLimiter(db, {
      requests: 10,
      perMs: 1_000,
      burst: 1,
      marginMs: 0,
      clock,
    });
    expect([limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([0, 100]);
    expect(() =>
      createSharedRateLimiter(db, {
        requests: 1,
        perMs: 1_000,
        burst: 1,
        marginMs: -1,
      }),
    ).toThrow("marginMs must be a whole number of ms, 0 or more (got -1)");
  });

  it("makes acquire wait out a block set by another process", async () => {
    const clock = createManualClock(START_MS);
    const [dbA, dbB] = await openTwice();
    const a = createSharedRateLimiter(dbA, budget(clock));
    const b = createSharedRateLimiter(dbB, budget(clock));

    a.block(START_MS + 7_000);
    a.block(START_MS + 3_000);
    expect(await b.acquire()).toBe(7_000);
    expect(clock.now()).toBe(START_MS + 7_000);
  });

  it("rejects an aborted acquire with the signal's reason", async () => {
    const [db] = await openTwice();
    const limiter = createSharedRateLimiter(db, {
      requests: 1,
      perMs: 60_000,
      burst: 1,
    });
    limiter.block(Date.now() + 60_000);
    const controller = new AbortController();
    const reason = new WorkerError("E_ABORTED", "Stopped by SIGINT");

    const pending = limiter.acquire(controller.signal);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("waits in real time when no sleep is injected", async () => {
    const [db] = await openTwice();
    const limiter = createSharedRateLimiter(db, {
      requests: 1,
      perMs: 30,
      burst: 1,
    });

    expect(await limiter.acquire()).toBe(0);
    const started = performance.now();
    expect(await limiter.acquire()).toBeGreaterThan(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(20);
  });

  it("pulls back a cell written under a far-future clock", async () => {
    const clock = createManualClock(START_MS);
    const [db] = await openTwice();
    db.sqlite
      .prepare("UPDATE rate_limit SET tat = ?, blocked_until = ? WHERE id = 1")
      .run(START_MS + 365 * 86_400_000, START_MS + 365 * 86_400_000);
    const limiter = createSharedRateLimiter(db, budget(clock));

    expect(limiter.tryAcquire()).toBe(MAX_BLOCK_MS);
    clock.advance(MAX_BLOCK_MS);
    expect(limiter.tryAcquire()).toBe(0);
  });

  it("refuses a budget that is not a positive integer", async () => {
    const [db] = await openTwice();
    expect(() =>
      createSharedRateLimiter(db, { requests: 0, perMs: 1_000, burst: 1 }),
    ).toThrow("Rate limiter requests must be a positive integer (got 0)");
  });
});

describe("createUnlimitedRateLimiter", () => {
  it("never waits unless blocked", async () => {
    const clock = createManualClock(START_MS);
    const limiter = createUnlimitedRateLimiter({
      clock,
      sleep: clockSleep(clock),
    });

    expect(await limiter.acquire()).toBe(0);
    limiter.block(START_MS + 2_500);
    expect(await limiter.acquire()).toBe(2_500);
    expect(await limiter.acquire()).toBe(0);
  });
});
