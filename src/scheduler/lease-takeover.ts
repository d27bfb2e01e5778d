import type { Db } from "../db/open.js";
import { isDryRunOwner, isOwnerDeadHere, parseOwner } from "./owner.js";

// Leases whose owner is gone: found, then taken over or cleared. A real
// run's is counted as an abandoned run; a dry run's recorded nothing.

export interface LeaseRow {
  lease_owner: string | null;
  lease_expires_at: number | null;
  current_run_id: number | null;
  last_run_at: number | null;
}

export function readLease(db: Db, worker: string): LeaseRow | undefined {
  return db.sqlite
    .prepare(
      `select lease_owner, lease_expires_at, current_run_id, last_run_at
       from workers where name = ?`,
    )
    .get(worker) as LeaseRow | undefined;
}

/** A lease that expired, or whose owner died on this host. */
export interface GoneLease {
  readonly row: LeaseRow;
  readonly owner: string;
  /** Held by a dry run, which recorded nothing. */
  readonly dryRun: boolean;
}

export function findGoneLease(
  db: Db,
  worker: string,
  now: number,
): GoneLease | undefined {
  const row = readLease(db, worker);
  if (!row?.lease_owner) return undefined;
  const owner = parseOwner(row.lease_owner);
  const expired = (row.lease_expires_at ?? 0) < now;
  if (!expired && !(owner && isOwnerDeadHere(owner))) return undefined;
  const dryRun = owner !== null && isDryRunOwner(owner);
  return { row, owner: row.lease_owner, dryRun };
}

/**
 * A lease whose owner died on this host is released at once (not after its
 * expiry), and the run it left behind is marked abandoned and counted as a
 * run and an error, so runs stay the sum of successes, errors and
 * cancellations. A dry run's lease is only cleared: it ran nothing that
 * counts. Returns the lease that was released.
 */
export function releaseIfOwnerGone(
  db: Db,
  worker: string,
  now: number,
): GoneLease | undefined {
  const gone = findGoneLease(db, worker, now);
  if (gone?.dryRun) clearLease(db, worker, gone.owner);
  else if (gone) markAbandoned(db, worker, gone.row, now);
  return gone;
}

export function clearLease(db: Db, worker: string, owner: string): void {
  db.sqlite
    .prepare(
      `update workers set lease_owner = null, lease_expires_at = null
       where name = ? and lease_owner = ?`,
    )
    .run(worker, owner);
}

/**
 * Releases the lease of an owner that is gone without starting a run, for
 * `--if-due` on a worker that is not due: otherwise status would show it
 * stuck until its next due time. Returns the run marked abandoned (null
 * when the lease had none, always for a dry run's), or undefined when
 * nothing was released.
 */
export function clearDeadLease(
  db: Db,
  worker: string,
  now: number,
): { readonly runId: number | null; readonly dryRun: boolean } | undefined {
  // Read first: most ticks find no lease and need no write lock.
  if (!readLease(db, worker)?.lease_owner) return undefined;
  const released = db.sqlite
    .transaction(() => releaseIfOwnerGone(db, worker, now))
    .immediate();
  if (!released) return undefined;
  const runId = released.dryRun ? null : released.row.current_run_id;
  return { runId, dryRun: released.dryRun };
}

function markAbandoned(
  db: Db,
  worker: string,
  row: LeaseRow,
  now: number,
): void {
  const message = `abandoned: owner ${row.lease_owner} stopped without finishing`;
  if (row.current_run_id !== null) {
    db.sqlite
      .prepare(
        `update worker_runs set outcome = 'abandoned', finished_at = ?, error = ?
         where id = ? and outcome = 'running'`,
      )
      .run(now, message, row.current_run_id);
  }
  db.sqlite
    .prepare(
      `update workers set lease_owner = null, lease_expires_at = null,
         status = 'failed', run_count = run_count + 1,
         error_count = error_count + 1,
         consecutive_failures = consecutive_failures + 1,
         last_error = ?, last_outcome = 'abandoned', current_run_id = null
       where name = ? and lease_owner = ?`,
    )
    .run(message, worker, row.lease_owner);
}
