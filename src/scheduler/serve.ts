import type { ConsolaInstance } from "consola";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/open.js";
import type { RunTrigger } from "../db/schema.js";
import type { FanslyApi } from "../fansly/types.js";
import { loadWorker } from "../workers/registry.js";
import { WORKER_NAMES, type WorkerName } from "../workers/types.js";
import { readNextRunAt } from "./lease.js";
import { readLease } from "./lease-takeover.js";
import { runWorker, type RunResult } from "./run-worker.js";

export interface SchedulerDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly log: ConsolaInstance;
  /** Aborting it stops the tickers and asks running workers to stop. */
  readonly signal: AbortSignal;
  readonly api: () => Promise<FanslyApi>;
  /** Called after every run (metrics). */
  readonly onRun?: (result: RunResult) => void;
  /**
   * The longest a ticker sleeps before it reads `next_run_at` again, so a
   * run done by another process (cron) moves this one's schedule too.
   * @defaultValue 60 s
   */
  readonly maxSleepMs?: number;
}

export interface Scheduler {
  /** Workers running in this process now. */
  running(): WorkerName[];
  /** Resolves once the tickers are stopped and every run has ended. */
  stopped(): Promise<void>;
}

/** What runs after a worker ends well: ranks after an updater, statistics after ranks. */
const CHAIN: Partial<Record<WorkerName, WorkerName>> = {
  "tag-updater": "rank-calculator",
  "creator-updater": "rank-calculator",
  "rank-calculator": "statistics-calculator",
};

/** A chained worker waits while one of these runs; the chain starts it after. */
const UPSTREAM: Partial<Record<WorkerName, WorkerName[]>> = {
  "rank-calculator": ["tag-updater", "creator-updater"],
  "statistics-calculator": ["rank-calculator"],
};

interface Ticker {
  timer: NodeJS.Timeout | null;
  run: Promise<void> | null;
}

/**
 * The in-process loop of `serve`: one ticker per enabled worker, firing when
 * its `next_run_at` has passed. A tick that finds the worker still running is
 * skipped, never queued; the lease keeps cron runs and serve apart.
 */
export function startScheduler(deps: SchedulerDeps): Scheduler {
  const maxSleepMs = deps.maxSleepMs ?? 60_000;
  const enabled = WORKER_NAMES.filter((n) => deps.config.workers[n].enabled);
  const tickers = new Map<WorkerName, Ticker>(
    enabled.map((name) => [name, { timer: null, run: null }]),
  );

  const schedule = (name: WorkerName, delayMs?: number) => {
    const ticker = tickers.get(name);
    if (!ticker || deps.signal.aborted) return;
    if (ticker.timer) clearTimeout(ticker.timer);
    const delay =
      delayMs ?? Math.min(Math.max(0, dueIn(deps, name)), maxSleepMs);
    ticker.timer = setTimeout(() => tick(name), delay);
  };

  const start = (name: WorkerName, trigger: RunTrigger) => {
    const ticker = tickers.get(name);
    if (!ticker || ticker.run || deps.signal.aborted) {
      deps.log.debug(`${name}: still running; this tick is skipped`);
      return;
    }
    ticker.run = execute(deps, name, trigger).then((result) => {
      ticker.run = null;
      if (result) deps.onRun?.(result);
      const next = CHAIN[name];
      if (result?.outcome === "ok" && next) start(next, "chain");
      const skipped = result?.outcome === "skipped";
      schedule(
        name,
        skipped ? waitAfterSkip(deps, name, maxSleepMs) : undefined,
      );
    });
  };

  const upstreamRunning = (name: WorkerName) =>
    (UPSTREAM[name] ?? []).some((up) => tickers.get(up)?.run);

  const tick = (name: WorkerName) => {
    if (upstreamRunning(name)) schedule(name, maxSleepMs);
    else if (dueIn(deps, name) > 0) schedule(name);
    else start(name, "serve");
  };

  for (const name of enabled) schedule(name);
  const stop = () => {
    for (const ticker of tickers.values()) {
      if (ticker.timer) clearTimeout(ticker.timer);
      ticker.timer = null;
    }
  };
  deps.signal.addEventListener("abort", stop, { once: true });

  return {
    running: () => enabled.filter((name) => tickers.get(name)?.run),
    stopped: async () => {
      if (!deps.signal.aborted) {
        await new Promise((resolve) =>
          deps.signal.addEventListener("abort", resolve, { once: true }),
        );
      }
      // A chained run can start while another ends; wait until none is left.
      for (;;) {
        const runs = [...tickers.values()].map((t) => t.run).filter(Boolean);
        if (runs.length === 0) return;
        await Promise.all(runs);
      }
    },
  };
}

/** Milliseconds until the worker is due (0 or less: due now). */
function dueIn(deps: SchedulerDeps, name: WorkerName): number {
  const next = readNextRunAt(deps.db, name);
  return next === null ? 0 : next - deps.clock.now();
}

/**
 * How long a ticker waits after a skipped run. Another process holds the
 * lease and next_run_at is still due, so retrying at once would record a
 * skipped run per tick; it waits until that lease could be taken over (its
 * expiry has passed) or the longest sleep, whichever comes first.
 */
function waitAfterSkip(
  deps: SchedulerDeps,
  name: WorkerName,
  maxSleepMs: number,
): number {
  const expiresAt = readLease(deps.db, name)?.lease_expires_at ?? null;
  // Released since the claim: the next try can take it.
  if (expiresAt === null) return 0;
  const untilTakeable = expiresAt + 1 - deps.clock.now();
  return Math.min(Math.max(0, untilTakeable), maxSleepMs);
}

async function execute(
  deps: SchedulerDeps,
  name: WorkerName,
  trigger: RunTrigger,
): Promise<RunResult | null> {
  try {
    return await runWorker({
      definition: await loadWorker(name),
      db: deps.db,
      config: deps.config,
      clock: deps.clock,
      log: deps.log,
      trigger,
      signal: deps.signal,
      api: deps.api,
    });
  } catch (error) {
    // runWorker records failures itself; this is a bug or a dead database.
    deps.log.error(`${name}: the run could not be recorded: ${String(error)}`);
    return null;
  }
}
