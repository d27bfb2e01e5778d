// The benchmark of issue #6: every scenario at its full size and a tenth of
// it (or only small sizes with --quick), each figure beside a baseline
// measured in the same run. Prints one table and writes it as JSON.
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { createWorkspace } from "./datagen.js";
import {
  errorRow,
  formatMs,
  renderTable,
  writeResults,
  type BenchRow,
} from "./report.js";
import type { Scenario, ScenarioContext } from "./scenario.js";
import { bulkWriteScenario } from "./scenarios/bulk-write.js";
import { cycleMemoryScenario } from "./scenarios/cycle-memory.js";
import { ranksScenario } from "./scenarios/ranks.js";
import { rateBudgetScenario } from "./scenarios/rate-budget.js";
import { requestsPerObservationScenario } from "./scenarios/requests-per-observation.js";
import { startupScenario } from "./scenarios/startup.js";
import { statisticsScenario } from "./scenarios/statistics.js";
import { throughputScenario } from "./scenarios/throughput.js";

const SCENARIOS: readonly Scenario[] = [
  startupScenario,
  rateBudgetScenario,
  requestsPerObservationScenario,
  bulkWriteScenario,
  ranksScenario,
  statisticsScenario,
  throughputScenario,
  cycleMemoryScenario,
];

const DEFAULT_OUT = fileURLToPath(
  new URL("../bench-results.json", import.meta.url),
);

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string", default: DEFAULT_OUT },
  },
});

/** `--only ranks,start` keeps the scenarios whose name contains one of the words. */
function selected(): readonly Scenario[] {
  const words = flags.only?.split(",").map((w) => w.trim().toLowerCase());
  if (!words) return SCENARIOS;
  return SCENARIOS.filter((s) => words.some((w) => s.name.includes(w)));
}

async function runScenario(scenario: Scenario, ctx: ScenarioContext) {
  const rows: BenchRow[] = [];
  for (const size of scenario.sizes(ctx.quick)) {
    const started = performance.now();
    ctx.progress(`${scenario.name} at ${scenario.label(size)}…`);
    try {
      rows.push(...(await scenario.run(size, ctx)));
    } catch (error) {
      rows.push(errorRow(scenario.name, scenario.label(size), error));
    }
    ctx.progress(`  took ${formatMs(performance.now() - started)}`);
  }
  return rows;
}

async function main(): Promise<number> {
  const started = performance.now();
  const workspace = createWorkspace();
  const ctx: ScenarioContext = {
    dir: workspace.dir,
    quick: flags.quick,
    progress: (message) => process.stderr.write(`bench: ${message}\n`),
  };
  const rows: BenchRow[] = [];
  try {
    for (const scenario of selected()) {
      rows.push(...(await runScenario(scenario, ctx)));
    }
  } finally {
    workspace.dispose();
  }
  const durationMs = performance.now() - started;
  const mode = flags.quick ? "quick" : "full";
  process.stdout.write(`${renderTable(rows)}\n`);
  process.stdout.write(
    `${mode} run took ${formatMs(durationMs)}; results in ${flags.out}\n`,
  );
  writeResults(flags.out, { mode, durationMs, rows });
  // A missed goal is a finding, not a failure; only a broken scenario fails.
  return rows.some((row) => row.verdict === "error") ? 1 : 0;
}

process.exitCode = await main();
