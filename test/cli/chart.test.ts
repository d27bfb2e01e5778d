import { describe, expect, it } from "vitest";
import { renderChart, resample } from "../../src/cli/reports/chart.js";

const labels = {
  formatValue: (v: number) => String(v),
  formatTime: (ms: number) => `t${ms}`,
};

describe("renderChart", () => {
  it("draws columns in eighths from the lowest value to the highest, with both ends labelled", () => {
    // Slots end at 10, 20, 30 and 40: values 10, 20, 20 (nothing new by 30)
    // and 40. On 2 rows of 8 steps: 1 + round((v - 10) / 30 × 15) eighths.
    const chart = renderChart(
      [
        { at: 0, value: 0 },
        { at: 10, value: 10 },
        { at: 20, value: 20 },
        { at: 40, value: 40 },
      ],
      { ...labels, width: 4, height: 2 },
    );

    expect(chart.split("\n")).toEqual([
      "40 ┤   █",
      "10 ┤▁▆▆█",
      "   └────",
      "    t0 t40",
    ]);
  });

  it("draws a history that never moved as a flat bottom line", () => {
    const chart = renderChart(
      [
        { at: 0, value: 7 },
        { at: 100, value: 7 },
      ],
      { ...labels, width: 3, height: 2 },
    );

    expect(chart.split("\n").slice(0, 2)).toEqual(["7 ┤   ", "7 ┤▁▁▁"]);
  });

  it("says so when there are fewer than two moments to draw", () => {
    expect(renderChart([], labels)).toBe("(not enough history for a chart)");
    expect(renderChart([{ at: 5, value: 1 }], labels)).toBe(
      "(not enough history for a chart)",
    );
  });
});

describe("resample", () => {
  it("holds the last value through a gap instead of squeezing the samples together", () => {
    const points = [
      { at: 0, value: 1 },
      { at: 5, value: 2 },
      { at: 90, value: 9 },
      { at: 100, value: 10 },
    ];

    expect(resample(points, 10)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 9, 10]);
  });
});
