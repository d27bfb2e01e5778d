import { join } from "node:path";
import {
  benchTags,
  createMigratedDb,
  insertTags,
  openForGeneration,
} from "../datagen.js";
import { BIN, cliEnv, median, timeSync } from "../processes.js";
import {
  atMost,
  formatInt,
  formatMs,
  verdictOf,
  type BenchRow,
} from "../report.js";
import type { Scenario, ScenarioContext } from "../scenario.js";

const GOAL = atMost(1.6);
const WARMUP_RUNS = 2;

/**
 * `status` and `--help` against `node -e ''`, run in turn so that a slow
 * moment of the machine hits all three alike; medians of each.
 */
export const startupScenario: Scenario = {
  name: "start-up",
  sizes: (quick) => (quick ? [1_000] : [1_000, 10_000]),
  label: (size) => `${formatInt(size)} tags`,
  async run(size: number, ctx: ScenarioContext): Promise<BenchRow[]> {
    const path = join(ctx.dir, `startup-${size}.db`);
    await createMigratedDb(path);
    const sqlite = openForGeneration(path);
    insertTags(sqlite, benchTags(size));
    sqlite.close();

    const env = cliEnv({ FANSLY_WORKERS_DB: path });
    const commands = {
      bare: ["-e", ""],
      status: [BIN, "status"],
      help: [BIN, "--help"],
    };
    const runs = ctx.quick ? 5 : 21;
    const times = {
      bare: [] as number[],
      status: [] as number[],
      help: [] as number[],
    };
    for (let i = 0; i < WARMUP_RUNS + runs; i += 1) {
      for (const key of ["bare", "status", "help"] as const) {
        const ms = timeSync(commands[key], env);
        if (i >= WARMUP_RUNS) times[key].push(ms);
      }
    }
    const bare = median(times.bare);
    return (["status", "help"] as const).map((key) =>
      startupRow(key, this.label(size), median(times[key]), bare, runs),
    );
  },
};

function startupRow(
  command: "status" | "help",
  size: string,
  ms: number,
  bareMs: number,
  runs: number,
): BenchRow {
  const ratio = ms / bareMs;
  return {
    scenario: `start-up: ${command === "help" ? "--help" : "status"}`,
    size,
    figure: formatMs(ms),
    baseline: `${formatMs(bareMs)} node -e ''`,
    ratio,
    goal: GOAL.text,
    verdict: verdictOf(GOAL, ratio),
    data: { medianMs: ms, bareNodeMedianMs: bareMs, runs },
  };
}
