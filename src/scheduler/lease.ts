import type { Db } from "../db/open.js";
import type { RunTrigger } from "../db/schema.js";
import { WORKER_NAMES } from "../workers/types.js";
import {
  clearLease,
  findGoneLease,
  readLease,
  releaseIfOwnerGone,
} from "./lease-takeover.js";
import {
  formatOwner,
  isDryRunOwner,
  parseOwner,
  type LeaseOwner,
} from "./owner.js";

export { clearDeadLease } from "./lease-takeover.js";

/** How long a lease lasts without renewal. */
export const LEASE_TTL_MS = 120_000;

/** Who holds a lease that could not be taken. */
export interface LeaseHeld {
  readonly claimed: false;
  readonly holder: string;
  readonly since: number | null;
}

export type ClaimResult =
  | { readonly claimed: true; readonly runId: number; abandoned?: number }
  | LeaseHeld;

/** A dry run's claim: no run row, nothing taken over. */
export type DryClaimResult =
  | { readonly claimed: true; readonly runId: null; abandoned?: undefined }
  | LeaseHeld;

export interface ClaimInput {
  readonly worker: string;
  readonly owner: LeaseOwner;
  readonly now: number;
  readonly trigger: RunTrigger;
  readonly missedIntervals: number;
}

/** Makes sure every worker has its row, so status and claims find it. */
export function ensureWorkerRows(db: Db): void {
  const insert = db.sqlite.prepare(
    "insert or ignore into workers (name) values (?)",
  );
  db.sqlite.transaction(() => {
    for (const name of WORKER_NAMES) insert.run(name);
  })();
}

/**
 * Takes the worker's lease and opens its run row in one IMMEDIATE
 * transaction. The claim itself is a single conditional UPDATE, so two
 * processes racing for it cannot both win.
 */
export function claimLease(db: Db, input: ClaimInput): ClaimResult {
  return db.sqlite
    .transaction((): ClaimResult => {
      const abandoned = takeOverDeadLease(db, input);
      const claimed = db.sqlite
        .prepare(
          `update workers set lease_owner = ?, lease_expires_at = ?
           where name = ? and (lease_owner is null or lease_expires_at < ?)`,
        )
        .run(
          formatOwner(input.owner),
          input.now + LEASE_TTL_MS,
          input.worker,
          input.now,
        );
      if (claimed.changes === 0) return describeHolder(db, input.worker);
      const runId = openRun(db, input, "running");
      db.sqlite
        .prepare(
          `update workers set status = 'running', current_run_id = ?,
             last_run_at = ? where name = ?`,
        )
        .run(runId, input.now, input.worker);
      return { claimed: true, runId, abandoned };
    })
    .immediate();
}

/**
 * Takes a free lease for a dry run, which records nothing: no run row, no
 * status, and no take-over of a dead real run's lease (a real run or
 * `--if-due` does that bookkeeping). A lease left by a dry run that died or
 * expired is taken over, as it holds no run. Holding the lease still keeps
 * a real run of the same worker from overlapping it.
 */
export function claimDryRunLease(db: Db, input: ClaimInput): DryClaimResult {
  return db.sqlite
    .transaction((): DryClaimResult => {
      const gone = findGoneLease(db, input.worker, input.now);
      if (gone?.dryRun) clearLease(db, input.worker, gone.owner);
      const claimed = db.sqlite
        .prepare(
          `update workers set lease_owner = ?, lease_expires_at = ?
           where name = ? and lease_owner is null`,
        )
        .run(formatOwner(input.owner), input.now + LEASE_TTL_MS, input.worker);
      if (claimed.changes === 0) return describeHolder(db, input.worker);
      return { claimed: true, runId: null };
    })
    .immediate();
}

/** Gives up a lease that recorded no run (a dry run's). */
export function releaseLease(db: Db, worker: string, owner: LeaseOwner): void {
  clearLease(db, worker, formatOwner(owner));
}

/** Records a run that did not happen because another owner holds the lease. */
export function recordSkippedRun(
  db: Db,
  input: ClaimInput,
  reason: string,
): number {
  const runId = openRun(db, input, "skipped");
  db.sqlite
    .prepare("update worker_runs set finished_at = ?, error = ? where id = ?")
    .run(input.now, reason, runId);
  return runId;
}

function openRun(db: Db, input: ClaimInput, outcome: string): number {
  const result = db.sqlite
    .prepare(
      `insert into worker_runs
         (worker, started_at, outcome, missed_intervals, pid, host, trigger)
       values (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      input.worker,
      input.now,
      outcome,
      input.missedIntervals,
      input.owner.pid,
      input.owner.host,
      input.trigger,
    );
  return Number(result.lastInsertRowid);
}

function takeOverDeadLease(db: Db, input: ClaimInput): number | undefined {
  const released = releaseIfOwnerGone(db, input.worker, input.now);
  if (!released || released.dryRun) return undefined;
  return released.row.current_run_id ?? undefined;
}

function describeHolder(db: Db, worker: string): LeaseHeld {
  const row = readLease(db, worker);
  const owner = row?.lease_owner ? parseOwner(row.lease_owner) : null;
  const since = row?.last_run_at ?? null;
  if (!owner) return { claimed: false, holder: "another process", since };
  const pid = `pid ${owner.pid} on ${owner.host}`;
  // A dry run sets no last_run_at: the one stored is an earlier real run's.
  if (isDryRunOwner(owner)) {
    return { claimed: false, holder: `a dry run, ${pid}`, since: null };
  }
  return { claimed: false, holder: pid, since };
}

/** Extends the lease while the run lasts; false when it was lost. */
export function renewLease(
  db: Db,
  worker: string,
  owner: LeaseOwner,
  now: number,
): boolean {
  const result = db.sqlite
    .prepare(
      "update workers set lease_expires_at = ? where name = ? and lease_owner = ?",
    )
    .run(now + LEASE_TTL_MS, worker, formatOwner(owner));
  return result.changes === 1;
}

/** When the worker is due next, or null when it never ran (or has no row). */
export function readNextRunAt(db: Db, worker: string): number | null {
  const row = db.sqlite
    .prepare("select next_run_at from workers where name = ?")
    .get(worker) as { next_run_at: number | null } | undefined;
  return row?.next_run_at ?? null;
}
