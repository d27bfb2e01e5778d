import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/clock.js";
import { computeGrowth, computeWindowChange } from "../../src/stats/growth.js";
import {
  DAY_ONLY,
  DROP,
  FROM_ZERO,
  GAP,
  IRREGULAR,
  NOW,
  REGULAR,
  SHORT,
  WORKED,
  observations,
} from "./trends-fixtures.js";

describe("computeWindowChange", () => {
  it("measures regular samples against the one exactly a window earlier", () => {
    const history = observations(REGULAR);
    expect(computeWindowChange(history, NOW, DAY_MS)).toEqual({
      change: 1_200,
      pct: 1_200 / 184,
      perHour: 50,
      baseCount: 18_400,
    });
    expect(computeWindowChange(history, NOW, 7 * DAY_MS)).toEqual({
      change: 8_400,
      pct: 75,
      perHour: 50,
      baseCount: 11_200,
    });
  });

  it("ignores future samples and divides by the real time between irregular samples", () => {
    const history = observations(IRREGULAR);
    const day = computeWindowChange(history, NOW, DAY_MS);
    expect(day?.change).toBe(400);
    expect(day?.perHour).toBeCloseTo(13.793103448, 8);
    expect(day?.pct).toBeCloseTo(6.779661017, 8);
    const week = computeWindowChange(history, NOW, 7 * DAY_MS);
    expect(week?.change).toBe(1_300);
    expect(week?.perHour).toBeCloseTo(6.532663317, 8);
    expect(week?.pct).toBeCloseTo(26, 10);
  });

  it("reaches back across a gap and normalises by its length", () => {
    const day = computeWindowChange(observations(GAP), NOW, DAY_MS);
    expect(day?.change).toBe(400);
    expect(day?.perHour).toBeCloseTo(400 / 214, 12);
    expect(day?.pct).toBeCloseTo(36.363636364, 8);
  });

  it("reports a drop as a negative change", () => {
    const history = observations(DROP);
    expect(computeWindowChange(history, NOW, DAY_MS)).toEqual({
      change: -480,
      pct: -1,
      perHour: -20,
      baseCount: 48_000,
    });
    const week = computeWindowChange(history, NOW, 7 * DAY_MS);
    expect(week?.change).toBe(-2_480);
    expect(week?.pct).toBeCloseTo(-4.96, 12);
    expect(week?.perHour).toBeCloseTo(-14.761904762, 8);
  });

  it("returns null without an observation a full window before the latest", () => {
    expect(computeWindowChange(observations(SHORT), NOW, DAY_MS)).toBeNull();
    expect(computeWindowChange([], NOW, DAY_MS)).toBeNull();
    expect(
      computeWindowChange(observations([[5, 10]]), NOW, DAY_MS),
    ).toBeNull();
  });

  it("has no percent from a zero base", () => {
    expect(computeWindowChange(observations(FROM_ZERO), NOW, DAY_MS)).toEqual({
      change: 48,
      pct: null,
      perHour: 2,
      baseCount: 0,
    });
  });
});

describe("computeGrowth", () => {
  it("fills every growth column of the worked example", () => {
    const growth = computeGrowth(observations(WORKED), NOW);
    expect(growth).toMatchObject({
      change_24h: 23_976,
      change_24h_per_hour: 999,
      change_7d: 83_916,
      change_7d_per_hour: 499.5,
      trend: "up",
    });
    expect(growth.heat).toBeCloseTo(6, 12);
  });

  it("leaves the 7 d columns null with one day of history and uses a neutral acceleration", () => {
    // 0.8/h on 100 is 19.2 %/day: log10(1.8) × log10(20.2) = 0.255273 × 1.305351.
    const growth = computeGrowth(observations(DAY_ONLY), NOW);
    expect(growth.change_7d).toBeNull();
    expect(growth.heat).toBeCloseTo(0.3332203, 7);
  });
});
