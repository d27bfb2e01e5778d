import { join } from "node:path";
import {
  benchTags,
  copyDb,
  createMigratedDb,
  insertTags,
  openForGeneration,
} from "../datagen.js";
import { RAW_BATCH, UPDATER_PAGE_SIZE } from "../child-db.js";
import { median, runChild } from "../processes.js";
import { atLeast, formatInt, makeRow, type BenchRow } from "../report.js";
import type { Scenario, ScenarioContext } from "../scenario.js";

const GOAL = atLeast(0.5);

/** Observations per second of each writer, alternating, each on a fresh copy. */
async function measureRates(
  template: string,
  size: number,
  ctx: ScenarioContext,
) {
  const rounds = ctx.quick ? 1 : 3;
  const rates = { project: [] as number[], raw: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    for (const writer of ["raw", "project"] as const) {
      const db = copyDb(template, join(ctx.dir, "bulk-run.db"));
      const task = `bulk-${writer}`;
      const { ms } = await runChild<{ ms: number }>(task, { db, count: size });
      rates[writer].push((size * 1000) / ms);
    }
  }
  return { project: median(rates.project), raw: median(rates.raw), rounds };
}

/**
 * Observations (count update + history row) through createTagStore and
 * writePage, paged as the tag-updater pages them, against two raw prepared
 * statements in batches.
 */
export const bulkWriteScenario: Scenario = {
  name: "bulk write",
  sizes: (quick) => (quick ? [10_000] : [10_000, 100_000]),
  label: (size) => `${formatInt(size)} obs`,
  async run(size, ctx): Promise<BenchRow[]> {
    const template = join(ctx.dir, `bulk-${size}.db`);
    await createMigratedDb(template);
    const sqlite = openForGeneration(template);
    insertTags(sqlite, benchTags(size), { deletedShare: 0 });
    sqlite.close();

    const rates = await measureRates(template, size, ctx);
    return [
      makeRow({
        scenario: "bulk write",
        size: this.label(size),
        figure: `${formatInt(rates.project)} obs/s`,
        baseline: `${formatInt(rates.raw)} obs/s raw`,
        ratio: rates.project / rates.raw,
        goal: GOAL,
        data: {
          ...rates,
          projectPageSize: UPDATER_PAGE_SIZE,
          rawBatch: RAW_BATCH,
        },
      }),
    ];
  },
};
