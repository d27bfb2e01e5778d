import type { Config } from "../config.js";
import type { Db } from "../db/open.js";
import { readRateStatus, type RateStatus } from "../fansly/rate-status.js";
import type { RunOutcome, WorkerRow } from "../db/schema.js";
import { WORKER_NAMES, type WorkerName } from "../workers/types.js";
import { ensureWorkerRows } from "./lease.js";
import { isOwnerDeadHere, parseOwner } from "./owner.js";

/** A worker counts as overdue this long after its next run was due. */
export const OVERDUE_GRACE_MS = 15 * 60_000;

export type DisplayStatus =
  "idle" | "running" | "failed" | "cancelled" | "disabled" | "stale";

/** One worker as `status`, `status --json` and the HTTP endpoint show it. */
export interface WorkerStatusView {
  readonly name: WorkerName;
  readonly enabled: boolean;
  readonly status: DisplayStatus;
  readonly lastRun: number | null;
  readonly lastFinished: number | null;
  readonly nextRun: number | null;
  readonly runCount: number;
  readonly successCount: number;
  readonly errorCount: number;
  readonly consecutiveFailures: number;
  readonly lastOutcome: RunOutcome | null;
  readonly lastError: string | null;
  readonly lastDurationMs: number | null;
  readonly intervalMs: number;
  readonly overdue: boolean;
}

export interface StatusView {
  readonly overall: "failed" | "running" | "idle";
  readonly now: number;
  /**
   * When a worker that never ran became due: when the database was created,
   * or when `serve` started if that is later. Past the grace period such a
   * worker is overdue, so a cron job that never ran is noticed.
   * @defaultValue null (never-run workers are not judged)
   */
  readonly firstDueAt?: number | null;
  readonly workers: readonly WorkerStatusView[];
  /** The shared request rate and any 429 cool-down. */
  readonly rate?: RateStatus;
}

export interface ReadStatusOptions {
  /**
   * Never-run workers are not due before this (serve's start, so that its
   * health check does not fail for workers it has not had time to run).
   * @defaultValue none: due since the database was created
   */
  readonly notBefore?: number;
}

export function readStatus(
  db: Db,
  config: Config,
  now: number,
  options: ReadStatusOptions = {},
): StatusView {
  ensureWorkerRows(db);
  const rows = db.sqlite.prepare("select * from workers").all() as WorkerRow[];
  const byName = new Map(rows.map((row) => [row.name, row]));
  const createdAt = readCreatedAt(db);
  const firstDueAt =
    createdAt === null
      ? null
      : Math.max(createdAt, options.notBefore ?? Number.NEGATIVE_INFINITY);
  const workers = WORKER_NAMES.map((name) =>
    toView(name, byName.get(name), config, { now, firstDueAt }),
  );
  const overall = workers.some(
    (w) => w.status === "failed" || w.status === "stale",
  )
    ? "failed"
    : workers.some((w) => w.status === "running")
      ? "running"
      : "idle";
  const rate = readRateStatus(db, config, now);
  return { overall, now, firstDueAt, workers, rate };
}

/**
 * When the database was created: its first migration's time, which Kysely
 * records in wall-clock time. Null when the file has no migration table.
 */
function readCreatedAt(db: Db): number | null {
  try {
    const row = db.sqlite
      .prepare("select min(timestamp) as at from kysely_migration")
      .get() as { at: string | null } | undefined;
    const at = row?.at ? Date.parse(row.at) : Number.NaN;
    return Number.isFinite(at) ? at : null;
  } catch {
    return null;
  }
}

function toView(
  name: WorkerName,
  row: WorkerRow | undefined,
  config: Config,
  times: { readonly now: number; readonly firstDueAt: number | null },
): WorkerStatusView {
  const { now } = times;
  const settings = config.workers[name];
  const nextRun = row?.next_run_at ?? null;
  const dueAt = nextRun ?? times.firstDueAt;
  return {
    name,
    enabled: settings.enabled,
    status: displayStatus(row, settings.enabled, now),
    lastRun: row?.last_run_at ?? null,
    lastFinished: row?.last_finished_at ?? null,
    nextRun,
    runCount: row?.run_count ?? 0,
    successCount: row?.success_count ?? 0,
    errorCount: row?.error_count ?? 0,
    consecutiveFailures: row?.consecutive_failures ?? 0,
    lastOutcome: row?.last_outcome ?? null,
    lastError: row?.last_error ?? null,
    lastDurationMs: row?.last_duration_ms ?? null,
    intervalMs: settings.intervalMs,
    overdue:
      settings.enabled && dueAt !== null && dueAt + OVERDUE_GRACE_MS < now,
  };
}

/** A run whose owner is gone is never shown as running. */
function displayStatus(
  row: WorkerRow | undefined,
  enabled: boolean,
  now: number,
): DisplayStatus {
  if (!row) return enabled ? "idle" : "disabled";
  if (row.status === "running") {
    const owner = row.lease_owner ? parseOwner(row.lease_owner) : null;
    const expired = (row.lease_expires_at ?? 0) < now;
    if (!owner || expired || isOwnerDeadHere(owner)) return "stale";
    return "running";
  }
  if (!enabled) return "disabled";
  return row.status;
}
