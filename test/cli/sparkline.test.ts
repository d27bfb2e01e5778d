import { describe, expect, it } from "vitest";
import { sparkline } from "../../src/cli/reports/sparkline.js";

describe("sparkline", () => {
  it("maps the smallest value to ▁, the largest to █ and the rest in eighths", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([10, 80, 45])).toBe("▁█▅");
  });

  it("draws a series that does not move as a flat line", () => {
    expect(sparkline([5, 5, 5])).toBe("▁▁▁");
  });

  it("is empty without values", () => {
    expect(sparkline([])).toBe("");
  });
});
