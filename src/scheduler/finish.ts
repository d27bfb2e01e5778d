import type { Db } from "../db/open.js";
import type { RunOutcome } from "../db/schema.js";
import type { WorkerReport } from "../workers/types.js";
import { formatOwner, type LeaseOwner } from "./owner.js";

export interface FinishInput {
  readonly worker: string;
  readonly runId: number;
  readonly owner: LeaseOwner;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Real elapsed time, independent of the (possibly simulated) clock. */
  readonly durationMs: number;
  readonly outcome: Exclude<RunOutcome, "running" | "skipped" | "abandoned">;
  readonly report: WorkerReport;
  readonly error: string | null;
  /**
   * When the worker is due next (start + interval, or later after a 429);
   * null leaves it as it was, so an interrupted run stays due.
   */
  readonly nextRunAt: number | null;
}

const STATUS_BY_OUTCOME = {
  ok: "idle",
  failed: "failed",
  timeout: "failed",
  rate_limited: "failed",
  cancelled: "cancelled",
} as const;

/**
 * Writes the outcome to `worker_runs` and `workers` and releases the lease,
 * all in one IMMEDIATE transaction, so status never shows half a result.
 */
export function recordOutcome(db: Db, input: FinishInput): void {
  const success = input.outcome === "ok" ? 1 : 0;
  const isError = input.outcome === "cancelled" ? 0 : 1 - success;
  const durationMs = Math.max(0, Math.round(input.durationMs));
  db.sqlite
    .transaction(() => {
      db.sqlite
        .prepare(
          `update worker_runs set finished_at = ?, outcome = ?, items_ok = ?,
             items_failed = ?, items_skipped = ?, error = ?, details = ?
           where id = ?`,
        )
        .run(
          input.finishedAt,
          input.outcome,
          input.report.ok,
          input.report.failed,
          input.report.skipped,
          input.error,
          JSON.stringify(input.report.details),
          input.runId,
        );
      db.sqlite
        .prepare(
          `update workers set status = ?, last_finished_at = ?,
             next_run_at = coalesce(?, next_run_at),
             run_count = run_count + 1, success_count = success_count + ?,
             error_count = error_count + ?,
             consecutive_failures = case when ? = 1 then 0
               else consecutive_failures + ? end,
             last_error = case when ? = 1 then last_error else ? end,
             last_duration_ms = ?, last_outcome = ?,
             lease_owner = null, lease_expires_at = null, current_run_id = null
           where name = ? and lease_owner = ?`,
        )
        .run(
          STATUS_BY_OUTCOME[input.outcome],
          input.finishedAt,
          input.nextRunAt,
          success,
          isError,
          success,
          isError,
          success,
          input.error,
          durationMs,
          input.outcome,
          input.worker,
          formatOwner(input.owner),
        );
    })
    .immediate();
}
