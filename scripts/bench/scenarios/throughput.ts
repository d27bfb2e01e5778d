import { HOUR_MS } from "../../../src/clock.js";
import { tagPath } from "../../../src/fansly/paths.js";
import { queryOne } from "../datagen.js";
import { BIN, runChild, runNode } from "../processes.js";
import { atLeast, formatInt, makeRow, type BenchRow } from "../report.js";
import { LAST_RUN_SQL, type LastRun, type Scenario } from "../scenario.js";
import { setUpSimulator, type SimSetup } from "../sim-setup.js";

const GOAL = atLeast(0.7);

interface FetchResult {
  readonly itemsPerSecond: number;
}
const CONCURRENCY = 8;

/** Items per second of one tag-updater run, over the run the runner timed. */
async function updaterRate(setup: SimSetup, size: number): Promise<number> {
  const env = setup.env({
    FANSLY_RATE_LIMIT: "off",
    FANSLY_CONCURRENCY: String(CONCURRENCY),
  });
  // Each round starts an hour later, so every tag is due again.
  setup.sim.clock.advance(HOUR_MS);
  const result = await runNode(
    [BIN, "tag-updater", "--batch", String(size)],
    env,
  );
  const run = queryOne<LastRun>(setup.db, LAST_RUN_SQL);
  if (result.code !== 0 || run.items_ok !== size) {
    throw new Error(
      `tag-updater did ${run.items_ok}/${size} (${run.outcome}, ${run.details}): ${result.stderr.slice(0, 500)}`,
    );
  }
  return (run.items_ok * 1000) / run.duration_ms;
}

/**
 * tag-updater with the rate limit off against Node's global fetch making
 * the same requests to the same simulator at the same concurrency, each in
 * its own process; the better of two alternating rounds of each.
 */
export const throughputScenario: Scenario = {
  name: "updater throughput",
  sizes: (quick) => (quick ? [1_000] : [1_000, 10_000]),
  label: (size) => `${formatInt(size)} tags`,
  async run(size, ctx): Promise<BenchRow[]> {
    const setup = await setUpSimulator(ctx.dir, {
      file: `throughput-${size}.db`,
      tags: size,
      creators: 10,
      seed: 9,
    });
    try {
      const urls = setup.sim.dataset.tags.map(
        (t) => setup.sim.url + tagPath(t.name),
      );
      let project = 0;
      let fetchRate = 0;
      for (let round = 0; round < (ctx.quick ? 1 : 2); round += 1) {
        const input = { urls, concurrency: CONCURRENCY };
        const base = await runChild<FetchResult>("fetch-baseline", input);
        fetchRate = Math.max(fetchRate, base.itemsPerSecond);
        project = Math.max(project, await updaterRate(setup, size));
      }
      return [
        makeRow({
          scenario: "updater throughput",
          size: this.label(size),
          figure: `${formatInt(project)} items/s`,
          baseline: `${formatInt(fetchRate)} items/s fetch`,
          ratio: project / fetchRate,
          goal: GOAL,
          data: {
            projectItemsPerSecond: project,
            fetchItemsPerSecond: fetchRate,
            concurrency: CONCURRENCY,
          },
        }),
      ];
    } finally {
      await setup.sim.close();
    }
  },
};
