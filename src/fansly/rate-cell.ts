import type { Db } from "../db/open.js";
import { WorkerError, asError } from "../errors.js";

// The shared `rate_limit` row (id 1) and the statements on it. Every change
// is one UPDATE with its condition in the WHERE clause, so two processes can
// never both take the last slot and no transaction spans an await.

// GCRA (generic cell rate algorithm): `tat` is the theoretical arrival time
// of the next request. A request may leave when tat is at most `slack` ahead
// of now.
const CLAIM_SQL = `UPDATE rate_limit SET tat = max(tat, :now) + :interval, updated_at = :now
  WHERE id = 1 AND max(tat, :now) - :now <= :slack AND blocked_until <= :now`;
const READ_SQL =
  "SELECT tat, blocked_until, current_rate, slowed_at FROM rate_limit WHERE id = 1";
const BLOCK_SQL = `UPDATE rate_limit SET blocked_until = max(blocked_until, :until), updated_at = :now
  WHERE id = 1`;
// Only a 429 for a request sent after the last slow-down halves the rate.
const SLOW_SQL = `UPDATE rate_limit SET current_rate = :rate, slowed_at = :now, updated_at = :now
  WHERE id = 1 AND slowed_at < :sentAt`;
const CLAMP_SQL = `UPDATE rate_limit SET tat = min(tat, :now + :horizon),
  blocked_until = min(blocked_until, :now + :maxBlock),
  slowed_at = min(slowed_at, :now), updated_at = :now WHERE id = 1`;

export interface Cell {
  readonly tat: number;
  readonly blocked_until: number;
  readonly current_rate: number | null;
  readonly slowed_at: number;
}

/** Runs statements, turning SQLite's errors into E_DB. */
function runSql<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof WorkerError) throw error;
    const message = `Rate limiter could not use the rate_limit row: ${asError(error).message}`;
    throw new WorkerError("E_DB", message, { cause: error });
  }
}

export interface CellStatements {
  read(): Cell;
  /** Takes one slot; false when tat is too far ahead or a block is on. */
  claim(now: number, interval: number, slack: number): boolean;
  block(until: number, now: number): void;
  /** Records a slow-down; false when one newer than `sentAt` exists. */
  slow(rate: number, now: number, sentAt: number): boolean;
  /** Pulls tat, blocked_until and slowed_at back to at most these bounds. */
  clamp(now: number, horizon: number, maxBlock: number): void;
}

export function prepareCell(db: Db): CellStatements {
  const sql = runSql(() => ({
    claim: db.sqlite.prepare(CLAIM_SQL),
    read: db.sqlite.prepare(READ_SQL),
    block: db.sqlite.prepare(BLOCK_SQL),
    slow: db.sqlite.prepare(SLOW_SQL),
    clamp: db.sqlite.prepare(CLAMP_SQL),
  }));
  return {
    read: () => runSql(() => readCell(sql.read.get() as Cell | undefined)),
    claim: (now, interval, slack) =>
      runSql(() => sql.claim.run({ now, interval, slack }).changes === 1),
    block: (until, now) => runSql(() => sql.block.run({ until, now })),
    slow: (rate, now, sentAt) =>
      runSql(() => sql.slow.run({ rate, now, sentAt }).changes === 1),
    clamp: (now, horizon, maxBlock) =>
      runSql(() => sql.clamp.run({ now, horizon, maxBlock })),
  };
}

function readCell(cell: Cell | undefined): Cell {
  if (cell === undefined) {
    throw new WorkerError(
      "E_DB",
      "The rate_limit table has no row 1; open the database with openDb so the migrations create it",
    );
  }
  return cell;
}
