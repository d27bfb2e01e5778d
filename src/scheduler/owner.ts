import { hostname } from "node:os";

/** Identifies this process as a lease holder: `host|pid|startMs|token`. */
export interface LeaseOwner {
  readonly host: string;
  readonly pid: number;
  readonly startedAtMs: number;
  readonly token: string;
}

const PROCESS_STARTED_AT_MS = Math.round(Date.now() - process.uptime() * 1_000);

export function currentOwner(token: string): LeaseOwner {
  return {
    host: hostname(),
    pid: process.pid,
    startedAtMs: PROCESS_STARTED_AT_MS,
    token,
  };
}

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
 * exists but belongs to a process started later than the owner (pid reuse)
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
  return false;
}
