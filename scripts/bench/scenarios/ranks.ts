import { join } from "node:path";
import {
  benchTags,
  copyDb,
  createMigratedDb,
  insertTags,
  openForGeneration,
  queryOne,
} from "../datagen.js";
import { BIN, cliEnv, median, runChild, runNode } from "../processes.js";
import {
  atMost,
  formatInt,
  formatMs,
  makeRow,
  type BenchRow,
} from "../report.js";
import { LAST_RUN_SQL, type LastRun, type Scenario } from "../scenario.js";

const GOAL = atMost(0.5);

/** One rank-calculator run through the CLI; its duration as the runner recorded it. */
async function rankWithCli(db: string): Promise<number> {
  const result = await runNode(
    [BIN, "rank-calculator"],
    cliEnv({ FANSLY_WORKERS_DB: db }),
  );
  const run = queryOne<LastRun>(db, LAST_RUN_SQL);
  if (result.code !== 0 || run.outcome !== "ok") {
    throw new Error(`rank-calculator ended ${run.outcome}: ${result.stderr}`);
  }
  return run.duration_ms;
}

/**
 * rank-calculator on a table never ranked before (the costliest pass)
 * against the plain DENSE_RANK statement, each on a fresh copy.
 */
export const ranksScenario: Scenario = {
  name: "ranks",
  sizes: (quick) => (quick ? [100_000] : [100_000, 1_000_000]),
  label: (size) => `${formatInt(size)} tags`,
  async run(size, ctx): Promise<BenchRow[]> {
    const template = join(ctx.dir, `ranks-${size}.db`);
    await createMigratedDb(template);
    const sqlite = openForGeneration(template);
    insertTags(sqlite, benchTags(size));
    sqlite.close();

    const rounds = ctx.quick || size >= 1_000_000 ? 1 : 3;
    const project: number[] = [];
    const plain: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const db = copyDb(template, join(ctx.dir, "ranks-run.db"));
      plain.push((await runChild<{ ms: number }>("ranks-baseline", { db })).ms);
      project.push(await rankWithCli(copyDb(template, db)));
    }
    const projectMs = median(project);
    const plainMs = median(plain);
    return [
      makeRow({
        scenario: "ranks",
        size: this.label(size),
        figure: formatMs(projectMs),
        baseline: `${formatMs(plainMs)} plain UPDATE`,
        ratio: projectMs / plainMs,
        goal: GOAL,
        data: { projectMs, plainUpdateMs: plainMs, rounds },
      }),
    ];
  },
};
