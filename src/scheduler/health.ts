import type { StatusView, WorkerStatusView } from "./status.js";

/** Consecutive failed runs after which `status --check` calls a worker failing. */
export const FAILING_AFTER_FAILURES = 3;

/** Longest stored error text quoted in a one-line reason. */
const MAX_ERROR_CHARS = 160;

export interface HealthProblem {
  readonly worker: string;
  /** One line, starting with the worker's name. */
  readonly reason: string;
}

export interface HealthReport {
  readonly healthy: boolean;
  readonly problems: readonly HealthProblem[];
}

export interface HealthOptions {
  /**
   * Consecutive failures that make a worker failing; `null` leaves failures
   * out, as `/healthz` does, so an unreachable API does not get a healthy
   * process restarted by its supervisor.
   * @defaultValue FAILING_AFTER_FAILURES (3)
   */
  readonly failingAfter?: number | null;
  /**
   * Extra knowledge the caller has about a running worker (serve knows when
   * a run outlived its time limit while its lease is still renewed).
   * @defaultValue none
   */
  readonly isStuck?: (worker: WorkerStatusView) => boolean;
}

/**
 * Judges a status view the same way for `/healthz` and `status --check`:
 * an enabled worker is unhealthy when it is overdue, stuck or failing.
 * Disabled workers never count.
 */
export function evaluateHealth(
  view: StatusView,
  options: HealthOptions = {},
): HealthReport {
  const problems: HealthProblem[] = [];
  for (const worker of view.workers) {
    if (!worker.enabled) continue;
    const reasons = workerProblems(worker, view, options);
    for (const reason of reasons) {
      problems.push({ worker: worker.name, reason });
    }
  }
  return { healthy: problems.length === 0, problems };
}

function workerProblems(
  w: WorkerStatusView,
  view: StatusView,
  options: HealthOptions,
): string[] {
  const { failingAfter = FAILING_AFTER_FAILURES, isStuck } = options;
  const { now, firstDueAt = null } = view;
  const reasons: string[] = [];
  if (w.overdue && w.nextRun !== null) {
    reasons.push(
      `${w.name} overdue: next run was due ${iso(w.nextRun)} (${ago(now - w.nextRun)})`,
    );
  } else if (w.overdue && firstDueAt !== null) {
    reasons.push(
      `${w.name} overdue: never ran, due since ${iso(firstDueAt)} (${ago(now - firstDueAt)})`,
    );
  }
  const stuck = stuckReason(w, now, isStuck);
  if (stuck) reasons.push(stuck);
  if (failingAfter !== null && w.consecutiveFailures >= failingAfter) {
    reasons.push(
      `${w.name} failing: ${w.consecutiveFailures} consecutive failures, last error: ${oneLine(w.lastError)}`,
    );
  }
  return reasons;
}

function stuckReason(
  w: WorkerStatusView,
  now: number,
  isStuck: HealthOptions["isStuck"],
): string | null {
  const since =
    w.lastRun === null
      ? "an unknown time"
      : `${iso(w.lastRun)} (${ago(now - w.lastRun)})`;
  // The view does not say which of the two made a running row stale.
  if (w.status === "stale") {
    return `${w.name} stuck: running since ${since} but its owner is gone or its lease expired`;
  }
  if (w.status === "running" && isStuck?.(w)) {
    return `${w.name} stuck: running since ${since}, longer than its time limit`;
  }
  return null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** "37 min ago", "5 h 12 min ago", "3 d 4 h ago": coarse, for a log line. */
function ago(elapsedMs: number): string {
  const minutes = Math.max(0, Math.floor(elapsedMs / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min ago`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h ago`;
}

/** Stored errors may hold stack-like newlines; a reason must stay one line. */
function oneLine(error: string | null): string {
  if (error === null) return "none recorded";
  const flat = error.replace(/\s+/g, " ").trim();
  return flat.length > MAX_ERROR_CHARS
    ? `${flat.slice(0, MAX_ERROR_CHARS - 1)}…`
    : flat;
}
