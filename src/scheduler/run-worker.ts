import type { ConsolaInstance } from "consola";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/open.js";
import type { RunOutcome, RunTrigger } from "../db/schema.js";
import { asError, isWorkerError, type ErrorCode } from "../errors.js";
import type { FanslyApi } from "../fansly/types.js";
import { runLogger } from "../logger.js";
import {
  emptyReport,
  type WorkerDefinition,
  type WorkerReport,
  type WorkerSettings,
} from "../workers/types.js";
import { recordOutcome } from "./finish.js";
import {
  claimLease,
  ensureWorkerRows,
  LEASE_TTL_MS,
  readNextRunAt,
  recordSkippedRun,
  renewLease,
  type ClaimInput,
} from "./lease.js";
import { currentOwner } from "./owner.js";

export interface RunWorkerOptions {
  readonly definition: WorkerDefinition;
  readonly db: Db;
  readonly config: Config;
  readonly clock: Clock;
  readonly log: ConsolaInstance;
  readonly trigger: RunTrigger;
  /** The process's shutdown signal. */
  readonly signal: AbortSignal;
  readonly api: () => Promise<FanslyApi>;
  readonly dryRun?: boolean;
  /** Overrides the configured settings of this worker (flags). */
  readonly settings?: WorkerSettings;
}

export interface RunResult {
  readonly worker: string;
  readonly outcome: RunOutcome;
  readonly runId: number | null;
  readonly report: WorkerReport;
  readonly durationMs: number;
  readonly error: string | null;
  /** The WorkerError code of a failed run, when it had one. */
  readonly errorCode: ErrorCode | null;
}

/** Runs one worker through lease, bookkeeping and summary; never throws for a worker failure. */
export async function runWorker(options: RunWorkerOptions): Promise<RunResult> {
  const { definition, db, clock } = options;
  const settings = options.settings ?? options.config.workers[definition.name];
  const owner = currentOwner(`${definition.name}-${clock.now()}`);
  ensureWorkerRows(db);
  const claimInput: ClaimInput = {
    worker: definition.name,
    owner,
    now: clock.now(),
    trigger: options.trigger,
    missedIntervals: missedIntervals(
      db,
      definition.name,
      settings,
      clock.now(),
    ),
  };
  const claim = claimLease(db, claimInput);
  if (!claim.claimed) {
    const since =
      claim.since === null
        ? ""
        : ` since ${new Date(claim.since).toISOString()}`;
    const reason = `already running (${claim.holder}${since})`;
    const runId = recordSkippedRun(db, claimInput, reason);
    options.log
      .withTag(definition.name)
      .info(`${definition.name} is ${reason}; skipped`);
    return {
      worker: definition.name,
      outcome: "skipped",
      runId,
      report: emptyReport(),
      durationMs: 0,
      error: reason,
      errorCode: null,
    };
  }

  const log = runLogger(options.log, definition.name, claim.runId);
  if (claim.abandoned !== undefined) {
    log.warn(
      `run ${claim.abandoned} was abandoned by a process that died; marked abandoned`,
    );
  }
  if (claimInput.missedIntervals > 0) {
    log.info(
      `catching up once after ${claimInput.missedIntervals} missed interval(s)`,
    );
  }
  const renewal = setInterval(
    () => renewLease(db, definition.name, owner, clock.now()),
    LEASE_TTL_MS / 4,
  );
  renewal.unref();
  try {
    return await execute(
      options,
      settings,
      claim.runId,
      owner,
      claimInput.now,
      log,
    );
  } finally {
    clearInterval(renewal);
  }
}

async function execute(
  options: RunWorkerOptions,
  settings: WorkerSettings,
  runId: number,
  owner: ReturnType<typeof currentOwner>,
  startedAt: number,
  log: ConsolaInstance,
): Promise<RunResult> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  const realStart = performance.now();
  const progress = emptyReport();
  let outcome: Exclude<RunOutcome, "running" | "skipped" | "abandoned"> = "ok";
  let report = progress;
  let error: string | null = null;
  let errorCode: ErrorCode | null = null;
  let resumeAt: number | undefined;
  log.debug(`${options.definition.name} started (trigger ${options.trigger})`);
  try {
    report = await Promise.resolve().then(() =>
      options.definition.run({
        db: options.db,
        api: options.api,
        signal,
        log,
        clock: options.clock,
        settings,
        config: options.config,
        dryRun: options.dryRun ?? false,
        progress,
      }),
    );
  } catch (caught) {
    outcome = classifyFailure(caught, options.signal, timeout);
    error = describeFailure(caught, outcome, settings);
    errorCode = isWorkerError(caught) ? caught.code : null;
    if (isWorkerError(caught, "E_RATE_LIMITED") && caught.resumeAt) {
      resumeAt = caught.resumeAt;
      error = `${error}; requests resume at ${new Date(resumeAt).toISOString()}`;
    }
  }
  const finishedAt = options.clock.now();
  // Durations are real elapsed time even when the clock is simulated.
  const durationMs = Math.round(performance.now() - realStart);
  // An interrupted run keeps its due time: the next tick continues the work.
  const nextRunAt =
    outcome === "cancelled"
      ? null
      : Math.max(
          startedAt + settings.intervalMs,
          resumeAt ?? Number.NEGATIVE_INFINITY,
        );
  try {
    recordOutcome(options.db, {
      worker: options.definition.name,
      runId,
      owner,
      startedAt,
      durationMs,
      finishedAt,
      outcome,
      report,
      error,
      nextRunAt,
    });
  } catch (caught) {
    log.error(`could not record the outcome: ${asError(caught).message}`);
  }
  logSummary(log, options.definition.name, outcome, report, durationMs, error);
  return {
    worker: options.definition.name,
    outcome,
    runId,
    report,
    durationMs,
    error,
    errorCode,
  };
}

function classifyFailure(
  caught: unknown,
  processSignal: AbortSignal,
  timeout: AbortSignal,
): Exclude<RunOutcome, "running" | "skipped" | "abandoned" | "ok"> {
  if (timeout.aborted && !processSignal.aborted) return "timeout";
  if (processSignal.aborted) return "cancelled";
  if (isWorkerError(caught, "E_RATE_LIMITED")) return "rate_limited";
  return "failed";
}

function describeFailure(
  caught: unknown,
  outcome: RunOutcome,
  settings: WorkerSettings,
): string {
  if (outcome === "timeout") {
    return `timed out after ${formatLimit(settings.timeoutMs)}`;
  }
  const error = asError(caught);
  const code = isWorkerError(error) ? `${error.code}: ` : "";
  return `${code}${error.message}`;
}

function logSummary(
  log: ConsolaInstance,
  worker: string,
  outcome: RunOutcome,
  report: WorkerReport,
  durationMs: number,
  error: string | null,
): void {
  const line = `${worker} ${outcome}: ${report.ok} ok, ${report.failed} failed, ${report.skipped} skipped in ${formatSeconds(durationMs)}`;
  if (outcome === "ok" && report.failed === 0) log.info(line);
  else if (outcome === "ok" || outcome === "cancelled")
    log.warn(error ? `${line} (${error})` : line);
  else log.error(`${line}: ${error}`);
}

const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A configured limit as written: whole seconds, else milliseconds (not "0 s"). */
const formatLimit = (ms: number): string =>
  ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;

/** Whole intervals that passed since the worker was due; at most one catch-up run follows. */
function missedIntervals(
  db: Db,
  worker: string,
  settings: WorkerSettings,
  now: number,
): number {
  const next = readNextRunAt(db, worker);
  if (!next || now <= next) return 0;
  return Math.floor((now - next) / settings.intervalMs);
}
