import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import type { RawSettings } from "../src/config.js";
import type { StatusView } from "../src/scheduler/status.js";
import { statusToJson } from "../src/scheduler/status-json.js";

const load = (env: RawSettings) => loadConfig({ env });

describe("the politeness settings", () => {
  it("default to a 5 min cool-down, 50 retries a run, 10 min recovery, a 60 s pause and no bursts", () => {
    expect(load({})).toMatchObject({
      maxCooldownMs: 300_000,
      retryBudget: 50,
      rateRecoveryMs: 600_000,
      softThrottlePauseMs: 60_000,
      breakerThreshold: 10,
      concurrency: 2,
      accountBatchSize: 50,
      rateBurst: 1,
      rateMarginMs: null,
    });
  });

  it("read durations and counts", () => {
    const config = load({
      FANSLY_MAX_COOLDOWN: "90s",
      FANSLY_RETRY_BUDGET: "0",
      FANSLY_RATE_RECOVERY: "2m",
      FANSLY_SOFT_THROTTLE_PAUSE: "0",
      FANSLY_RATE_MARGIN: "150ms",
    });
    expect(config).toMatchObject({
      rateMarginMs: 150,
      maxCooldownMs: 90_000,
      retryBudget: 0,
      rateRecoveryMs: 120_000,
      softThrottlePauseMs: 0,
    });
  });

  it.each([
    [
      "FANSLY_MAX_COOLDOWN",
      "1h",
      "FANSLY_MAX_COOLDOWN must be a duration such as 90s, 15m, 1h, 1d or a number of milliseconds, greater than zero, up to 15m (got '1h')",
    ],
    [
      "FANSLY_RETRY_BUDGET",
      "-1",
      "FANSLY_RETRY_BUDGET must be 0 or a positive integer up to 100000 (got '-1')",
    ],
    [
      "FANSLY_RATE_RECOVERY",
      "0",
      "FANSLY_RATE_RECOVERY must be a duration such as 90s, 15m, 1h, 1d or a number of milliseconds, greater than zero (got '0')",
    ],
    [
      "FANSLY_RATE_MARGIN",
      "2m",
      "FANSLY_RATE_MARGIN must be a duration such as 90s, 15m, 1h, 1d or a number of milliseconds, up to 1m (got '2m')",
    ],
    [
      "FANSLY_SOFT_THROTTLE_PAUSE",
      "soon",
      "FANSLY_SOFT_THROTTLE_PAUSE must be a duration such as 90s, 15m, 1h, 1d or a number of milliseconds (got 'soon')",
    ],
  ])("name %s when its value %s is refused", (variable, value, message) => {
    expect(() => load({ [variable]: value })).toThrow(message);
  });
});

describe("statusToJson", () => {
  it("carries the shared rate and any cool-down, times in ISO UTC", () => {
    const view: StatusView = {
      overall: "idle",
      now: Date.parse("2026-01-01T00:00:00Z"),
      workers: [],
      rate: {
        configuredPerSec: 5,
        currentPerSec: 2.5004,
        recoveredAt: Date.parse("2026-01-01T00:10:00Z"),
        blockedUntil: Date.parse("2026-01-01T00:00:30Z"),
      },
    };
    expect(statusToJson(view).rateLimit).toEqual({
      configuredPerSecond: 5,
      currentPerSecond: 2.5,
      recoveredAt: "2026-01-01T00:10:00.000Z",
      blockedUntil: "2026-01-01T00:00:30.000Z",
    });
  });
});
