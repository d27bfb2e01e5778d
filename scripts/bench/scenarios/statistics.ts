import { join } from "node:path";
import {
  BENCH_NOW_MS,
  benchTags,
  copyDb,
  createMigratedDb,
  openForGeneration,
  queryOne,
} from "../datagen.js";
import { HOUR_MS } from "../../../src/clock.js";
import { insertTagsWithHistory, observeEveryTag } from "../history.js";
import { cliEnv, median, runChild, runCliWithRss } from "../processes.js";
import {
  atMost,
  below,
  formatInt,
  formatMb,
  formatMs,
  makeRow,
  type BenchRow,
} from "../report.js";
import {
  LAST_RUN_SQL,
  type LastRun,
  type Scenario,
  type ScenarioContext,
} from "../scenario.js";

const TIME_GOAL = atMost(1.5);
const MEMORY_GOAL = below(200, " MB");
const OBSERVATIONS_PER_TAG = 30;

interface Baseline {
  ms: number;
  rows: number;
  with24h: number;
  with7d: number;
  maxRssKb: number;
}

/** The worker through the CLI: its recorded duration and its peak RSS. */
async function runWorker(db: string, nowMs: number) {
  const env = cliEnv({
    FANSLY_WORKERS_DB: db,
    FANSLY_WORKERS_NOW: String(nowMs),
  });
  const result = await runCliWithRss(["statistics-calculator"], env);
  const run = queryOne<LastRun>(db, LAST_RUN_SQL);
  if (result.code !== 0 || run.outcome !== "ok") {
    throw new Error(
      `statistics-calculator ended ${run.outcome}: ${result.stderr}`,
    );
  }
  // The same count as the baseline's, or the two did not compute one thing.
  const { with24h } = queryOne<{ with24h: number }>(
    db,
    "select count(*) as with24h from tags where deleted_at is null and change_24h is not null",
  );
  return { ms: run.duration_ms, maxRssKb: result.maxRssKb, with24h };
}

type WorkerRun = Awaited<ReturnType<typeof runWorker>>;

/**
 * Baseline and worker in turn, each on a fresh copy of the template (the
 * worker writes); medians of the times, the highest peak RSS.
 */
async function measure(template: string, nowMs: number, ctx: ScenarioContext) {
  const baselines: Baseline[] = [];
  const runs: WorkerRun[] = [];
  for (let round = 0; round < (ctx.quick ? 1 : 3); round += 1) {
    const db = join(ctx.dir, "stats-run.db");
    copyDb(template, db);
    baselines.push(await runChild<Baseline>("stats-baseline", { db }));
    copyDb(template, db);
    runs.push(await runWorker(db, nowMs));
  }
  const baseline = { ...baselines[0]!, ms: median(baselines.map((b) => b.ms)) };
  const project = {
    ...runs[0]!,
    ms: median(runs.map((r) => r.ms)),
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
  };
  return { baseline, project, rounds: runs.length };
}

/**
 * The state production recomputes every hour: one statistics pass done at
 * BENCH_NOW_MS, then one new observation per tracked tag an hour after its
 * last, written as the tag-updater writes it. The measured pass runs an hour
 * after the first, on rows that already hold growth values.
 */
async function hourlyTemplate(template: string, ctx: ScenarioContext) {
  const hourly = copyDb(template, join(ctx.dir, "stats-hourly.db"));
  await runWorker(hourly, BENCH_NOW_MS);
  await observeEveryTag(hourly, LAST_OBSERVED_AT + HOUR_MS);
  return hourly;
}

// insertTagsWithHistory's default: every tag last observed 2 h before now.
const LAST_OBSERVED_AT = BENCH_NOW_MS - 2 * HOUR_MS;

type Measured = Awaited<ReturnType<typeof measure>>;

function rowsOf(scenario: string, label: string, measured: Measured) {
  const { baseline, project, rounds } = measured;
  return [
    makeRow({
      scenario,
      size: label,
      figure: formatMs(project.ms),
      baseline: `${formatMs(baseline.ms)} one SELECT`,
      ratio: project.ms / baseline.ms,
      goal: TIME_GOAL,
      data: { project, baseline, rounds },
    }),
    makeRow({
      scenario: `${scenario}: peak memory`,
      size: label,
      figure: formatMb(project.maxRssKb),
      baseline: `${formatMb(baseline.maxRssKb)} SELECT process`,
      ratio: null,
      value: project.maxRssKb / 1024,
      goal: MEMORY_GOAL,
      data: { maxRssKb: project.maxRssKb, baseline: baseline.maxRssKb },
    }),
  ];
}

/**
 * statistics-calculator through the CLI (its peak RSS included) against
 * one SELECT with two correlated subqueries computing the same changes,
 * each on the same data: a first pass over fresh history, and an hourly
 * pass (see hourlyTemplate). The baseline only reads; the worker also
 * writes every changed tag.
 */
export const statisticsScenario: Scenario = {
  name: "statistics",
  sizes: (quick) => (quick ? [10_000] : [10_000, 100_000]),
  label: (size) => `${formatInt(size)} tags × ${OBSERVATIONS_PER_TAG}`,
  async run(size, ctx): Promise<BenchRow[]> {
    const template = join(ctx.dir, `stats-${size}.db`);
    await createMigratedDb(template);
    const sqlite = openForGeneration(template);
    insertTagsWithHistory(sqlite, benchTags(size), {
      perTag: OBSERVATIONS_PER_TAG,
      lastAtMs: LAST_OBSERVED_AT,
    });
    sqlite.close();
    const label = this.label(size);
    const first = await measure(template, BENCH_NOW_MS, ctx);
    const hourly = await hourlyTemplate(template, ctx);
    const next = await measure(hourly, BENCH_NOW_MS + HOUR_MS, ctx);
    return [
      ...rowsOf("statistics", label, first),
      ...rowsOf("statistics, hourly pass", label, next),
    ];
  },
};
