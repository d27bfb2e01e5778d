import type { ConsolaInstance } from "consola";
import type { Clock } from "../clock.js";
import type { Db } from "../db/open.js";
import type { FanslyApi } from "../fansly/types.js";
import type { Config } from "../config.js";

export const WORKER_NAMES = [
  "tag-updater",
  "creator-updater",
  "tag-discovery",
  "rank-calculator",
  "statistics-calculator",
] as const;

export type WorkerName = (typeof WORKER_NAMES)[number];

export const isWorkerName = (value: string): value is WorkerName =>
  (WORKER_NAMES as readonly string[]).includes(value);

/** Per-worker settings after configuration is resolved. */
export interface WorkerSettings {
  readonly enabled: boolean;
  /** Time between runs, ms. */
  readonly intervalMs: number;
  /** Items per run (tags, creators, discovery source tags). */
  readonly batch: number;
  /** Maximum run time, ms; the run ends as `timeout` after it. */
  readonly timeoutMs: number;
}

/** Everything a worker may use; workers never touch process state. */
export interface WorkerContext {
  readonly db: Db;
  /** Lazily created so that rank/statistics runs never build a client. */
  readonly api: () => Promise<FanslyApi>;
  readonly signal: AbortSignal;
  readonly log: ConsolaInstance;
  readonly clock: Clock;
  readonly settings: WorkerSettings;
  readonly config: Config;
  readonly dryRun: boolean;
  /**
   * The run's running tally. Workers add to it as items finish, so a run
   * that is cancelled or times out still records the counts so far.
   */
  readonly progress: WorkerReport;
}

/** What one run achieved; only whole-run failures throw. */
export interface WorkerReport {
  ok: number;
  failed: number;
  skipped: number;
  details: Record<string, unknown>;
}

export interface WorkerDefinition {
  readonly name: WorkerName;
  readonly description: string;
  run(context: WorkerContext): Promise<WorkerReport>;
}

export const emptyReport = (): WorkerReport => ({
  ok: 0,
  failed: 0,
  skipped: 0,
  details: {},
});
