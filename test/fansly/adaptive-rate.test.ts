import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManualClock, type ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import {
  effectiveRate,
  halvedRate,
  type AdaptivePolicy,
} from "../../src/fansly/adaptive-rate.js";
import { readRateStatus } from "../../src/fansly/rate-status.js";
import {
  createSharedRateLimiter,
  type SharedRateLimiterOptions,
} from "../../src/fansly/shared-rate-limiter.js";

const START_MS = 1_700_000_000_000;
const MINUTE_MS = 60_000;

// 10 requests per second, 10 minutes to recover.
const policy: AdaptivePolicy = {
  configuredPerSec: 10,
  recoveryMs: 10 * MINUTE_MS,
};

describe("effectiveRate", () => {
  it("is the configured rate when nothing slowed it", () => {
    const state = { currentRate: null, slowedAt: 0 };
    expect(effectiveRate(policy, state, START_MS)).toBe(10);
  });

  it("climbs linearly from the halved rate and is whole after the recovery period", () => {
    const state = { currentRate: 5, slowedAt: START_MS };
    const at = (minutes: number) =>
      effectiveRate(policy, state, START_MS + minutes * MINUTE_MS);

    expect([at(0), at(2), at(5), at(10), at(60)]).toEqual([5, 6, 7.5, 10, 10]);
  });

  it("never lets a row written under a faster configuration speed things up", () => {
    const state = { currentRate: 40, slowedAt: START_MS };
    expect(effectiveRate(policy, state, START_MS)).toBe(10);
  });
});

describe("halvedRate", () => {
  it("halves the rate in force at the time of the 429", () => {
    const recovering = { currentRate: 5, slowedAt: START_MS };
    expect(
      halvedRate(policy, { currentRate: null, slowedAt: 0 }, START_MS),
    ).toBe(5);
    expect(halvedRate(policy, recovering, START_MS + 5 * MINUTE_MS)).toBe(3.75);
  });

  it("stops at a sixteenth of the configured rate", () => {
    const slow = { currentRate: 0.7, slowedAt: START_MS };
    expect(halvedRate(policy, slow, START_MS)).toBe(0.625);
  });
});

describe("the shared limiter after a 429", () => {
  let dir: string;
  let dbs: Db[];
  let clock: ManualClock;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fansly-adaptive-"));
    dbs = [];
    clock = createManualClock(START_MS);
  });
  afterEach(async () => {
    for (const db of dbs) await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (): Promise<Db> => {
    const db = await openDb(join(dir, "shared.db"));
    dbs.push(db);
    return db;
  };
  // 10/1s with a burst of 2: one every ceil(1100 / 9) = 123 ms after the burst.
  const options = (): SharedRateLimiterOptions => ({
    requests: 10,
    perMs: 1_000,
    burst: 2,
    marginMs: 100,
    clock,
    recoveryMs: 10 * MINUTE_MS,
    sleep: async (ms) => clock.advance(ms),
  });

  /** Grants in the next `ms`, claiming as fast as the limiter allows. */
  const grantsIn = (limiter: { tryAcquire(): number }, ms: number): number => {
    let grants = 0;
    const end = clock.now() + ms;
    while (clock.now() < end) {
      const wait = limiter.tryAcquire();
      if (wait === 0) grants += 1;
      else clock.advance(wait);
    }
    return grants;
  };

  it("halves the pace of every process, without bursts, until it recovers", async () => {
    const a = createSharedRateLimiter(await open(), options());
    const b = createSharedRateLimiter(await open(), options());
    expect(grantsIn(b, 10_000)).toBe(2 + 81);

    expect(a.slowDown(clock.now() - 5)).toBe(5);
    clock.advance(1_000);
    // 246 ms apart and no burst: the other process slows down too.
    expect(b.tryAcquire()).toBe(0);
    expect(b.tryAcquire()).toBe(246);
    clock.advance(246);
    expect(b.tryAcquire()).toBe(0);

    clock.advance(10 * MINUTE_MS);
    expect([b.tryAcquire(), b.tryAcquire()]).toEqual([0, 0]);
  });

  it("halves once for a burst of 429s, and again only for a request sent after the slow-down", async () => {
    const db = await open();
    const limiter = createSharedRateLimiter(db, options());
    const sentBefore = clock.now();
    clock.advance(50);

    expect(limiter.slowDown(sentBefore)).toBe(5);
    expect(limiter.slowDown(sentBefore)).toBeNull();
    clock.advance(1_000);
    expect(limiter.slowDown(clock.now() - 1)).toBe(
      // Half of the rate 1 s into the recovery.
      (5 + (5 * 1_000) / (10 * MINUTE_MS)) / 2,
    );
  });

  it("shows the rate in force and the cool-down in status", async () => {
    const db = await open();
    const limiter = createSharedRateLimiter(db, options());
    const config = loadConfig({
      env: { FANSLY_RATE_LIMIT: "10/1s", FANSLY_RATE_RECOVERY: "10m" },
    });
    expect(readRateStatus(db, config, clock.now())).toEqual({
      configuredPerSec: 10,
      currentPerSec: 10,
      recoveredAt: null,
      blockedUntil: null,
    });

    const slowedAt = clock.now();
    limiter.slowDown(slowedAt - 1);
    limiter.block(slowedAt + 3_000);
    clock.advance(MINUTE_MS);
    expect(readRateStatus(db, config, clock.now())).toEqual({
      configuredPerSec: 10,
      currentPerSec: 5.5,
      recoveredAt: slowedAt + 10 * MINUTE_MS,
      blockedUntil: null,
    });
    expect(readRateStatus(db, config, slowedAt + 1_000).blockedUntil).toBe(
      slowedAt + 3_000,
    );
  });

  it("rejects acquire with the resume time instead of waiting out a block longer than maxWaitMs", async () => {
    const a = createSharedRateLimiter(await open(), options());
    const b = createSharedRateLimiter(await open(), {
      ...options(),
      maxWaitMs: 60_000,
    });
    a.block(START_MS + 10 * MINUTE_MS);

    await expect(b.acquire()).rejects.toMatchObject({
      code: "E_RATE_LIMITED",
      resumeAt: START_MS + 10 * MINUTE_MS,
      message: expect.stringContaining(
        "pause for 600 s, longer than FANSLY_MAX_COOLDOWN (60 s)",
      ),
    });
    expect(clock.now()).toBe(START_MS);
  });
});
