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
  claimDryRunLease,
  claimLease,
  ensureWorkerRows,
  LEASE_TTL_MS,
  readNextRunAt,
  recordSkippedRun,
  releaseLease,
  renewLease,
  type ClaimInput,
  type LeaseHeld,
} from "./lease.js";
import { currentOwner, ownerToken, type LeaseOwner } from "./owner.js";
import { classifyFailure, describeFailure, logSummary } from "./run-outcome.js";

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
  const owner = currentOwner(
    ownerToken(definition.name, clock.now(), options.dryRun ?? false),
  );
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
  const claim = options.dryRun
    ? claimDryRunLease(db, claimInput)
    : claimLease(db, claimInput);
  if (!claim.claimed) return skipRun(options, claimInput, claim);

  const log = runLogger(options.log, definition.name, claim.runId ?? "dry-run");
  if (claim.abandoned !== undefined) {
    log.warn(
      `run ${claim.abandoned} was abandoned by a process that died; marked abandoned`,
    );
  }
  if (claimInput.missedIntervals > 0 && !options.dryRun) {
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

/** Another owner holds the lease: a skipped run, recorded unless dry. */
function skipRun(
  options: RunWorkerOptions,
  input: ClaimInput,
  claim: LeaseHeld,
): RunResult {
  const worker = options.definition.name;
  const since =
    claim.since === null ? "" : ` since ${new Date(claim.since).toISOString()}`;
  const reason = `already running (${claim.holder}${since})`;
  const runId = options.dryRun
    ? null
    : recordSkippedRun(options.db, input, reason);
  options.log.withTag(worker).info(`${worker} is ${reason}; skipped`);
  return {
    worker,
    outcome: "skipped",
    runId,
    report: emptyReport(),
    durationMs: 0,
    error: reason,
    errorCode: null,
  };
}

async function execute(
  options: RunWorkerOptions,
  settings: WorkerSettings,
  runId: number | null,
  owner: LeaseOwner,
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
  const worker = options.definition.name;
  try {
    // A dry run leaves `workers` and `worker_runs` as they were.
    if (runId === null) releaseLease(options.db, worker, owner);
    else {
      recordOutcome(options.db, {
        ...{ worker, runId, owner, startedAt, durationMs, finishedAt },
        ...{ outcome, report, error, nextRunAt },
      });
    }
  } catch (caught) {
    log.error(`could not record the outcome: ${asError(caught).message}`);
  }
  const dryRun = options.dryRun ?? false;
  logSummary(log, { worker, outcome, report, durationMs, error, dryRun });
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
