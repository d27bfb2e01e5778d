import { join } from "node:path";
import {
  benchTags,
  copyDb,
  createMigratedDb,
  insertTags,
  openForGeneration,
} from "../datagen.js";
import { RAW_BATCH } from "../child-db.js";
import { TAG_FETCH_PAGE } from "../../../src/workers/tag-updater.js";
import { WRITE_BATCH_ITEMS } from "../../../src/workers/write-buffer.js";
import { median, runChild } from "../processes.js";
import { atLeast, formatInt, makeRow, type BenchRow } from "../report.js";
import type { Scenario, ScenarioContext } from "../scenario.js";

const GOAL = atLeast(0.5);

type Writer = readonly ["bulk-project" | "bulk-raw", number];

/**
 * The writers compared: the raw baseline, the write path as the
 * tag-updater runs it, and the same committing every fetched page.
 */
const WRITERS: readonly Writer[] = [
  ["bulk-raw", RAW_BATCH],
  ["bulk-project", WRITE_BATCH_ITEMS],
  ["bulk-project", TAG_FETCH_PAGE],
];

/**
 * Observations per second of each writer: rounds alternate between them so
 * that a slow moment of the machine hits all alike; each run starts from a
 * fresh copy of the same file. Medians, in WRITERS order.
 */
async function measureRates(
  template: string,
  count: number,
  ctx: ScenarioContext,
): Promise<number[]> {
  const rates: number[][] = WRITERS.map(() => []);
  for (let round = 0; round < (ctx.quick ? 1 : 3); round += 1) {
    for (const [i, [task, pageSize]] of WRITERS.entries()) {
      const db = copyDb(template, join(ctx.dir, "bulk-run.db"));
      const input = { db, count, pageSize };
      const { ms } = await runChild<{ ms: number }>(task, input);
      rates[i]!.push((count * 1000) / ms);
    }
  }
  return rates.map(median);
}

function bulkRow(
  scenario: string,
  size: string,
  rates: { project: number; raw: number; pageSize: number },
): BenchRow {
  return makeRow({
    scenario,
    size,
    figure: `${formatInt(rates.project)} obs/s`,
    baseline: `${formatInt(rates.raw)} obs/s raw`,
    ratio: rates.project / rates.raw,
    goal: GOAL,
    data: { ...rates, rawBatch: RAW_BATCH },
  });
}

/**
 * Observations (count update + history row) through the tag-updater's
 * write buffer, writePage and createTagStore against two raw prepared
 * statements in batches of 1,000. The write path runs as the tag-updater
 * runs it (pages of 50 fetched, up to 1,000 per transaction), and again
 * committing every page of 50, to show what the batching is worth.
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

    const [raw = 0, batched = 0, paged = 0] = await measureRates(
      template,
      size,
      ctx,
    );
    const label = this.label(size);
    const rows = [
      bulkRow("bulk write", label, {
        project: batched,
        raw,
        pageSize: WRITE_BATCH_ITEMS,
      }),
      // Not the shipped path: how it did before writes were batched.
      {
        ...bulkRow(`bulk write, a commit per ${TAG_FETCH_PAGE}`, label, {
          project: paged,
          raw,
          pageSize: TAG_FETCH_PAGE,
        }),
        goal: "-",
        verdict: "info" as const,
      },
    ];
    return rows;
  },
};
