import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** Identifies this process as a lease holder: `host|pid|startMs|token`. */
export interface LeaseOwner {
  readonly host: string;
  readonly pid: number;
  readonly startedAtMs: number;
  readonly token: string;
}

/** Linux's USER_HZ, the unit of a process's start time in /proc. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Start times closer than this are the same process. */
const SAME_START_TOLERANCE_MS = 1_500;

/**
 * When a process started, from /proc where there is one, so that a pid
 * reused by a later process can be told apart from the lease's owner.
 * Both sides of the comparison come from /proc, so they agree exactly.
 */
export function processStartTimeMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: skip past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const startTicks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"));
    if (!btime || !Number.isFinite(startTicks)) return null;
    return Math.round(
      Number(btime[1]) * 1_000 + (startTicks * 1_000) / CLOCK_TICKS_PER_SECOND,
    );
  } catch {
    return null;
  }
}

const PROCESS_STARTED_AT_MS =
  processStartTimeMs(process.pid) ??
  Math.round(Date.now() - process.uptime() * 1_000);

export function currentOwner(token: string): LeaseOwner {
  return {
    host: hostname(),
    pid: process.pid,
    startedAtMs: PROCESS_STARTED_AT_MS,
    token,
  };
}

/**
 * Starts the token of a dry run's owner. A dry run records nothing, so a
 * lease it left behind is cleared without counting an abandoned run.
 */
const DRY_RUN_TOKEN_PREFIX = "dry:";

/** The token of a run's owner; a dry run's is marked as such. */
export const ownerToken = (worker: string, now: number, dryRun: boolean) =>
  `${dryRun ? DRY_RUN_TOKEN_PREFIX : ""}${worker}-${now}`;

export const isDryRunOwner = (owner: LeaseOwner): boolean =>
  owner.token.startsWith(DRY_RUN_TOKEN_PREFIX);

export const formatOwner = (owner: LeaseOwner): string =>
  [owner.host, owner.pid, owner.startedAtMs, owner.token].join("|");

export function parseOwner(value: string): LeaseOwner | null {
  const [host, pid, startedAtMs, token] = value.split("|");
  if (!host || !pid || !startedAtMs || token === undefined) return null;
  return {
    host,
    pid: Number(pid),
    startedAtMs: Number(startedAtMs),
    token,
  };
}

/**
 * True when the owner ran on this host and its process is gone. A pid that
 * exists but belongs to a process that started at another time (pid reuse)
 * is also dead; that check needs /proc and is skipped elsewhere.
 */
export function isOwnerDeadHere(owner: LeaseOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) {
    return owner.startedAtMs !== PROCESS_STARTED_AT_MS;
  }
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  const started = processStartTimeMs(owner.pid);
  return (
    started !== null &&
    Math.abs(started - owner.startedAtMs) > SAME_START_TOLERANCE_MS
  );
}
