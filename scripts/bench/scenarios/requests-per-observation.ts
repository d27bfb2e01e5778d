import { join } from "node:path";
import { copyDb, queryOne } from "../datagen.js";
import { BIN, runNode, type Env } from "../processes.js";
import { below, formatInt, type BenchRow } from "../report.js";
import type { Scenario } from "../scenario.js";
import { setUpSimulator, type SimSetup } from "../sim-setup.js";

const GOAL = below(1);

interface Tally {
  readonly requests: number;
  readonly observations: number;
  readonly byEndpoint: Record<string, number>;
}

/** Runs the workers in order and counts requests against tag observations. */
async function tally(
  setup: SimSetup,
  db: string,
  runs: readonly (readonly string[])[],
): Promise<Tally> {
  setup.sim.resetRequests();
  const env: Env = {
    ...setup.env({ FANSLY_RATE_LIMIT: "off", FANSLY_CONCURRENCY: "8" }),
    FANSLY_WORKERS_DB: db,
  };
  for (const args of runs) {
    const result = await runNode([BIN, ...args], env);
    if (result.code !== 0) {
      throw new Error(
        `${args[0]} exited ${result.code}: ${result.stderr.slice(0, 500)}`,
      );
    }
  }
  const { observations } = queryOne<{ observations: number }>(
    db,
    "select count(*) as observations from tag_history",
  );
  const { total, byEndpoint } = setup.sim.requests;
  return { requests: total, observations, byEndpoint: { ...byEndpoint } };
}

/**
 * A discovery run and then a tag-updater run over a tracked set as large
 * as the dataset. Only tag observations count (creators seen on discovery
 * pages are a bonus), so the figure is a ceiling. The baseline is the
 * updater alone on the same start: one lookup per tag.
 */
export const requestsPerObservationScenario: Scenario = {
  name: "requests per observation",
  sizes: (quick) => (quick ? [500] : [500, 5_000]),
  label: (size) => `${formatInt(size)} tags`,
  async run(size, ctx): Promise<BenchRow[]> {
    const setup = await setUpSimulator(ctx.dir, {
      file: `rpo-${size}.db`,
      tags: size,
      creators: Math.max(10, size / 5),
      seed: 5,
    });
    try {
      const alone = copyDb(setup.db, join(ctx.dir, `rpo-${size}-alone.db`));
      // Discovery keeps its default sources; the updater may take every tag.
      const update = ["tag-updater", "--batch", String(size)];
      const cycle = await tally(setup, setup.db, [["tag-discovery"], update]);
      const updater = await tally(setup, alone, [update]);
      const ratio = cycle.requests / cycle.observations;
      const baseline = updater.requests / updater.observations;
      return [
        {
          scenario: "requests per observation",
          size: this.label(size),
          figure: `${formatInt(cycle.requests)} req / ${formatInt(cycle.observations)} obs`,
          baseline: `${baseline.toFixed(2)} updater alone`,
          ratio,
          goal: GOAL.text,
          verdict: ratio < 1 ? "pass" : "miss",
          data: { discoveryThenUpdate: cycle, updaterAlone: updater },
        },
      ];
    } finally {
      await setup.sim.close();
    }
  },
};
