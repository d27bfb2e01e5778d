import { describe, expect, it } from "vitest";
import {
  formatChange,
  formatCompact,
  formatCount,
  formatPercent,
  formatScore,
  formatSignedCompact,
} from "../../src/cli/format.js";

describe("number formats for people", () => {
  it("groups thousands", () => {
    expect(formatCount(44_702_126)).toBe("44,702,126");
    expect(formatCount(null)).toBe("-");
  });

  it("groups negative and small counts, and fractions as Intl does", () => {
    expect(formatCount(-1_234_567)).toBe("-1,234,567");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(1_234.5)).toBe("1,234.5");
  });

  it("shortens large numbers to one decimal, moving up a unit instead of printing 1000.0K", () => {
    expect(formatCompact(999)).toBe("999");
    expect(formatCompact(1_234)).toBe("1.2K");
    expect(formatCompact(999_949)).toBe("999.9K");
    expect(formatCompact(999_950)).toBe("1.0M");
    expect(formatCompact(1_234_567)).toBe("1.2M");
    expect(formatCompact(-1_500)).toBe("-1.5K");
    expect(formatCompact(2_500_000_000)).toBe("2.5B");
  });

  it("signs changes and percents", () => {
    expect(formatSignedCompact(1_494_808)).toBe("+1.5M");
    expect(formatSignedCompact(-480)).toBe("-480");
    expect(formatPercent(3.4)).toBe("+3.4%");
    expect(formatChange(1_494_808, 3.4596)).toBe("+1.5M (+3.5%)");
    expect(formatChange(48, null)).toBe("+48");
    expect(formatChange(null, null)).toBe("-");
  });

  it("prints heat with two decimals and '-' for not enough data", () => {
    expect(formatScore(3.1129796988)).toBe("3.11");
    expect(formatScore(0)).toBe("0.00");
    expect(formatScore(null)).toBe("-");
  });
});
