import type { BenchRow } from "./report.js";

/** What every scenario gets: a scratch folder and the run's mode. */
export interface ScenarioContext {
  /** Scratch folder, removed after the run. */
  readonly dir: string;
  readonly quick: boolean;
  /** Progress on stderr; stdout carries only the table. */
  progress(message: string): void;
}

export interface Scenario {
  readonly name: string;
  /** The sizes to run: the full size and a tenth of it, or small ones with --quick. */
  sizes(quick: boolean): readonly number[];
  /** Human label of a size: "10,000 tags". */
  label(size: number): string;
  run(size: number, ctx: ScenarioContext): Promise<BenchRow[]>;
}

/** The last run of a worker, as the runner recorded it. */
export const LAST_RUN_SQL = `select outcome, items_ok, items_failed, details,
  finished_at - started_at as duration_ms
  from worker_runs order by id desc limit 1`;

export interface LastRun {
  readonly outcome: string;
  readonly items_ok: number;
  readonly items_failed: number;
  /** The worker's report details, as JSON text. */
  readonly details: string | null;
  readonly duration_ms: number;
}
