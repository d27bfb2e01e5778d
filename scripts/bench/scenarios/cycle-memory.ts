import { queryOne } from "../datagen.js";
import { bareNodeRssKb, runCliWithRss } from "../processes.js";
import {
  below,
  formatInt,
  formatMb,
  formatMs,
  makeRow,
  type BenchRow,
} from "../report.js";
import type { Scenario } from "../scenario.js";
import { setUpSimulator, type SimSetup } from "../sim-setup.js";

const GOAL = below(250, " MB");
const HISTORY_PER_TAG = 10;

/** One `cycle` over every tracked entity; its peak RSS and what it did. */
async function runCycle(setup: SimSetup, tags: number, creators: number) {
  const env = setup.env({
    FANSLY_RATE_LIMIT: "off",
    FANSLY_CONCURRENCY: "8",
    WORKER_TAG_UPDATER_BATCH: String(tags),
    WORKER_CREATOR_UPDATER_BATCH: String(creators),
  });
  const result = await runCliWithRss(["cycle"], env);
  if (result.code !== 0) {
    throw new Error(
      `cycle exited ${result.code}: ${result.stderr.slice(0, 800)}`,
    );
  }
  const { observations } = queryOne<{ observations: number }>(
    setup.db,
    `select count(*) as observations from tag_history
     where observed_at >= ${setup.sim.clock.now()}`,
  );
  return {
    maxRssKb: result.maxRssKb,
    cycleWall: formatMs(result.ms),
    requests: setup.sim.requests.total,
    newTagObservations: observations,
  };
}

/**
 * A whole `cycle` (discovery, both updaters over every tracked entity,
 * ranks, statistics) in one process, on a database tracking every tag and
 * creator of the simulator with some history; its peak RSS.
 */
export const cycleMemoryScenario: Scenario = {
  name: "cycle memory",
  sizes: (quick) => (quick ? [5_000] : [10_000, 100_000]),
  label: (size) => `${formatInt(size)} tags`,
  async run(size, ctx): Promise<BenchRow[]> {
    const creators = size / 20;
    const setup = await setUpSimulator(ctx.dir, {
      file: `cycle-${size}.db`,
      tags: size,
      creators,
      // Every tag on one post at least; more posts only slow the dataset down.
      posts: size,
      seed: 13,
      trackCreators: true,
      historyPerTag: HISTORY_PER_TAG,
    });
    try {
      const cycle = await runCycle(setup, size, creators);
      const bare = await bareNodeRssKb();
      return [
        makeRow({
          scenario: "cycle: peak memory",
          size: this.label(size),
          figure: formatMb(cycle.maxRssKb),
          baseline: `${formatMb(bare)} bare node`,
          ratio: null,
          value: cycle.maxRssKb / 1024,
          goal: GOAL,
          data: { ...cycle, bareNodeMaxRssKb: bare },
        }),
      ];
    } finally {
      await setup.sim.close();
    }
  },
};
