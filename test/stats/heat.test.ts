import { describe, expect, it } from "vitest";
import {
  accelerationFactor,
  computeHeat,
  percentPerDay,
  trendLabel,
} from "../../src/stats/heat.js";

// Expected values were worked out by hand (and checked with a calculator),
// not by running the code under test.

describe("computeHeat", () => {
  it("gives the documented worked example a heat of exactly 6", () => {
    // 999/h on a base of 266,400 is 9 %/day; the week averaged 499.5/h.
    // log10(1000) × log10(10) × (999 / 499.5) = 3 × 1 × 2.
    const heat = computeHeat({
      rate24hPerHour: 999,
      rate7dPerHour: 499.5,
      baseCount: 266_400,
    });
    expect(heat).toBeCloseTo(6, 12);
  });

  it("damps a tag growing slower than its weekly average by the 0.25 floor", () => {
    // 99/h on 237,600 is 1 %/day; 99 / 396 = 0.25.
    // log10(100) × log10(2) × 0.25 = 2 × 0.30103 × 0.25.
    const heat = computeHeat({
      rate24hPerHour: 99,
      rate7dPerHour: 396,
      baseCount: 237_600,
    });
    expect(heat).toBeCloseTo(0.150515, 6);
  });

  it("is 0 when the last 24 h did not grow, whatever the week did", () => {
    const rates = { rate7dPerHour: 500, baseCount: 10_000 };
    expect(computeHeat({ ...rates, rate24hPerHour: 0 })).toBe(0);
    expect(computeHeat({ ...rates, rate24hPerHour: -40 })).toBe(0);
  });

  it("is null, not zero, without 24 h of history", () => {
    expect(
      computeHeat({
        rate24hPerHour: null,
        rate7dPerHour: null,
        baseCount: null,
      }),
    ).toBeNull();
  });

  it("uses a neutral factor without 7 days of history and the strongest after a flat week", () => {
    const rates = { rate24hPerHour: 999, baseCount: 266_400 };
    expect(computeHeat({ ...rates, rate7dPerHour: null })).toBeCloseTo(3, 12);
    expect(computeHeat({ ...rates, rate7dPerHour: 0 })).toBeCloseTo(12, 12);
    expect(computeHeat({ ...rates, rate7dPerHour: -5 })).toBeCloseTo(12, 12);
    expect(computeHeat({ ...rates, rate7dPerHour: 1 })).toBeCloseTo(12, 12);
  });

  it("grows with the 24 h rate at a fixed base", () => {
    const heats = [1, 10, 100, 1000].map((rate) =>
      computeHeat({
        rate24hPerHour: rate,
        rate7dPerHour: null,
        baseCount: 1e5,
      }),
    );
    const sorted = [...heats].sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(heats).toEqual(sorted);
    expect(new Set(heats).size).toBe(4);
  });

  it("ranks a billion-view tag gaining 0.24 %/day below a mid-size tag gaining 9 %/day", () => {
    // log10(100,001) × log10(1.24) = 5.0000043 × 0.0934217.
    const huge = computeHeat({
      rate24hPerHour: 100_000,
      rate7dPerHour: null,
      baseCount: 1e9,
    });
    expect(huge).toBeCloseTo(0.467109, 6);
    expect(huge).toBeLessThan(3);
  });

  it("floors a zero base at 1 so growth from nothing stays finite", () => {
    // 1/h from 0 is 2,400 %/day: log10(2) × log10(2401) = 0.30103 × 3.38039.
    expect(
      computeHeat({ rate24hPerHour: 1, rate7dPerHour: null, baseCount: 0 }),
    ).toBeCloseTo(1.017599, 6);
  });
});

describe("accelerationFactor", () => {
  it("is the ratio of the two rates, clamped to [0.25, 4]", () => {
    expect(accelerationFactor(30, 20)).toBe(1.5);
    expect(accelerationFactor(1, 20)).toBe(0.25);
    expect(accelerationFactor(100, 20)).toBe(4);
  });
});

describe("percentPerDay", () => {
  it("scales an hourly rate to a day in percent of the base", () => {
    expect(percentPerDay(50, 1200)).toBe(100);
    expect(percentPerDay(-5, 600)).toBe(-20);
  });
});

describe("trendLabel", () => {
  // On a base of 2,400 a rate of r per hour is exactly r %/day.
  const at = (rate: number | null) =>
    trendLabel({
      rate24hPerHour: rate,
      baseCount: rate === null ? null : 2400,
    });

  it("is up at +1 %/day and flat just below", () => {
    expect(at(1)).toBe("up");
    expect(at(0.99)).toBe("flat");
  });

  it("is down at -1 %/day and flat just above", () => {
    expect(at(-1)).toBe("down");
    expect(at(-0.99)).toBe("flat");
  });

  it("is flat without change and null without data", () => {
    expect(at(0)).toBe("flat");
    expect(at(null)).toBeNull();
  });
});
