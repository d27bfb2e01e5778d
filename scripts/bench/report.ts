import Table from "cli-table3";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

/** `info`: a row shown for comparison, which no goal applies to. */
export type Verdict = "pass" | "miss" | "error" | "info";

/** One line of the benchmark table; `data` keeps the raw numbers for JSON. */
export interface BenchRow {
  readonly scenario: string;
  readonly size: string;
  readonly figure: string;
  readonly baseline: string;
  /** Figure over baseline, in the direction the goal states. */
  readonly ratio: number | null;
  readonly goal: string;
  readonly verdict: Verdict;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A goal on a number: `≤ 1.6x`, `≥ 0.95`, `< 200 MB`. */
export interface Goal {
  readonly text: string;
  readonly met: (value: number) => boolean;
}

export const atMost = (limit: number, unit = "x"): Goal => ({
  text: `≤ ${limit}${unit}`,
  met: (value) => value <= limit,
});

export const atLeast = (limit: number, unit = ""): Goal => ({
  text: `≥ ${limit}${unit}`,
  met: (value) => value >= limit,
});

export const below = (limit: number, unit = ""): Goal => ({
  text: `< ${limit}${unit}`,
  met: (value) => value < limit,
});

export const verdictOf = (goal: Goal, value: number): Verdict =>
  goal.met(value) ? "pass" : "miss";

/** A row whose verdict is the goal applied to `value` (the ratio by default). */
export function makeRow(
  input: Omit<BenchRow, "goal" | "verdict"> & {
    readonly goal: Goal;
    readonly value?: number;
  },
): BenchRow {
  const { goal, value, ...row } = input;
  const checked = value ?? row.ratio;
  if (checked === null)
    throw new TypeError(`${row.scenario}: nothing to check`);
  return { ...row, goal: goal.text, verdict: verdictOf(goal, checked) };
}

export const formatInt = (n: number): string =>
  Math.round(n).toLocaleString("en-US");

export const formatMs = (ms: number): string =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${formatInt(ms)} ms`;

export const formatMb = (kb: number): string => `${formatInt(kb / 1024)} MB`;

export const formatRatio = (ratio: number | null): string =>
  ratio === null ? "-" : ratio.toFixed(2);

/** A row for a scenario that threw: the table still shows every scenario. */
export function errorRow(scenario: string, size: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  return {
    scenario,
    size,
    figure: "error",
    baseline: "-",
    ratio: null,
    goal: "-",
    verdict: "error",
    data: { error: message },
  } satisfies BenchRow;
}

export function renderTable(rows: readonly BenchRow[]): string {
  const table = new Table({
    head: ["scenario", "size", "figure", "baseline", "ratio", "goal", "result"],
    style: { head: [], border: [], compact: true },
    colAligns: ["left", "right", "right", "right", "right", "left", "left"],
  });
  for (const row of rows) {
    table.push([
      row.scenario,
      row.size,
      row.figure,
      row.baseline,
      formatRatio(row.ratio),
      row.goal,
      row.verdict,
    ]);
  }
  return table.toString();
}

/** What the JSON file carries besides the rows, so results can be compared. */
export function machineInfo(): Record<string, unknown> {
  const cores = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? "unknown",
    memoryMb: Math.round(totalmem() / 1024 / 1024),
  };
}

export function writeResults(
  path: string,
  run: { mode: string; durationMs: number; rows: readonly BenchRow[] },
): void {
  const body = {
    startedAt: new Date(Date.now() - run.durationMs).toISOString(),
    mode: run.mode,
    durationMs: Math.round(run.durationMs),
    machine: machineInfo(),
    rows: run.rows,
  };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
}
