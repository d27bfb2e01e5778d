import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GrowthKind } from "../../src/simulator/growth.js";
import {
  runHourly,
  startInProcess,
  type InProcess,
} from "../helpers/in-process.js";

// Every tag of a seeded dataset is tracked and refreshed every 4 simulated
// hours for 9 days, with the workers and the simulator on one clock. The
// simulator decides each tag's growth (flat, steady, accelerating,
// decaying); heat must agree with it.

const WORKERS = [
  "tag-updater",
  "rank-calculator",
  "statistics-calculator",
] as const;

interface Heat {
  readonly id: string;
  readonly kind: GrowthKind;
  readonly heat: number;
  readonly trend: string;
}

let app: InProcess;
let day3: Map<string, number>;
let day9: Heat[];

/** Tags with a heat (live, 24 h of history), hottest first. */
function readHeats(): Heat[] {
  const kinds = new Map(app.sim.dataset.tags.map((t) => [t.id, t.growth.kind]));
  const rows = app.db.sqlite
    .prepare(
      "select id, heat, trend from tags where heat is not null order by heat desc",
    )
    .all() as { id: string; heat: number; trend: string }[];
  return rows.map((row) => ({ ...row, kind: kinds.get(row.id)! }));
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const heatsOf = (kind: GrowthKind): number[] =>
  day9.filter((h) => h.kind === kind).map((h) => h.heat);

beforeAll(async () => {
  app = await startInProcess({ seed: 7, tags: 150, creators: 5 });
  app.trackAllTags();
  await runHourly(app, { hours: 72, everyHours: 4, workers: WORKERS });
  day3 = new Map(readHeats().map((h) => [h.id, h.heat]));
  app.sim.clock.advance(4 * 3_600_000);
  await runHourly(app, { hours: 140, everyHours: 4, workers: WORKERS });
  day9 = readHeats();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe("heat against the simulator's known growth", () => {
  it("has data for nearly every tag and for every kind of growth", () => {
    expect(day9.length).toBeGreaterThan(140);
    for (const kind of [
      "flat",
      "steady",
      "accelerating",
      "decaying",
    ] as const) {
      expect(heatsOf(kind).length, kind).toBeGreaterThan(5);
    }
  });

  it("gives every flat tag a heat of exactly 0 and the trend flat", () => {
    for (const tag of day9.filter((h) => h.kind === "flat")) {
      expect(tag, tag.id).toMatchObject({ heat: 0, trend: "flat" });
    }
  });

  it("puts an accelerating tag on top, and mostly accelerating tags in the top five", () => {
    expect(day9[0]?.kind).toBe("accelerating");
    const topFive = day9.slice(0, 5).filter((h) => h.kind === "accelerating");
    // They are 10 % of the dataset; chance alone would put one there at most.
    expect(topFive.length).toBeGreaterThanOrEqual(3);
  });

  it("ranks the kinds by median heat: accelerating, steady, decaying, flat", () => {
    const accelerating = median(heatsOf("accelerating"));
    const steady = median(heatsOf("steady"));
    const decaying = median(heatsOf("decaying"));

    expect(accelerating).toBeGreaterThan(steady);
    expect(steady).toBeGreaterThan(decaying);
    expect(decaying).toBeGreaterThanOrEqual(0);
    expect(median(heatsOf("flat"))).toBe(0);
  });

  it("keeps every accelerating tag warm and trending up", () => {
    for (const tag of day9.filter((h) => h.kind === "accelerating")) {
      expect(tag.heat, tag.id).toBeGreaterThan(0);
      expect(tag.trend, tag.id).toBe("up");
    }
  });

  it("cools every decaying tag between day 3 and day 9 as its growth dies down", () => {
    for (const tag of day9.filter((h) => h.kind === "decaying")) {
      const before = day3.get(tag.id);
      if (before === undefined) continue;
      if (before > 0) expect(tag.heat, tag.id).toBeLessThan(before);
      else expect(tag.heat, tag.id).toBe(0);
    }
  });
});
