import type { Db } from "../db/open.js";
import { clearDeadLease, readNextRunAt } from "../scheduler/lease.js";
import type { RunOutcome, RunTrigger } from "../db/schema.js";
import { exitCodeForSignal } from "../scheduler/shutdown.js";
import type { RunResult } from "../scheduler/run-worker.js";
import { workerEnvName } from "../config.js";
import type { WorkerName } from "../workers/types.js";
import type { CommandContext } from "./context.js";

export interface WorkerCommandOptions {
  ifDue?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

/** Who started this run: a person at a terminal, or cron (no TTY). */
export const detectTrigger = (): RunTrigger =>
  process.stdin.isTTY || process.stderr.isTTY ? "cli" : "cron";

export function exitCodeFor(outcome: RunOutcome, ctx: CommandContext): number {
  if (outcome === "cancelled")
    return exitCodeForSignal(ctx.shutdown.received());
  if (outcome === "ok" || outcome === "skipped") return 0;
  return 1;
}

/** When the worker is due next, or null when it never ran. */
export const nextRunAt = (db: Db, worker: WorkerName): number | null =>
  readNextRunAt(db, worker);

export const isDue = (db: Db, worker: WorkerName, now: number): boolean => {
  const next = nextRunAt(db, worker);
  return next === null || next <= now;
};

/** Where `runOne` was called from; a cycle has no --force to suggest. */
interface RunOneOptions extends WorkerCommandOptions {
  trigger?: RunTrigger;
  inCycle?: boolean;
}

/** Runs one worker now (or only when due); null when it did not run. */
export async function runOne(
  ctx: CommandContext,
  name: WorkerName,
  options: RunOneOptions,
): Promise<RunResult | null> {
  const settings = ctx.config.workers[name];
  if (!settings.enabled && !options.force) {
    ctx.log.info(disabledMessage(name, options.inCycle ?? false));
    return null;
  }
  const db = await ctx.db();
  if (options.ifDue && !isDue(db, name, ctx.clock.now())) {
    // A dry run leaves `workers` alone, dead leases included.
    if (!options.dryRun) clearAbandonedRun(ctx, db, name);
    const next = new Date(nextRunAt(db, name) ?? 0).toISOString();
    ctx.log.debug(`${name} is not due until ${next}; nothing to do`);
    return null;
  }
  const { runWorker } = await import("../scheduler/run-worker.js");
  const { loadWorker } = await import("../workers/registry.js");
  return runWorker({
    definition: await loadWorker(name),
    db,
    config: ctx.config,
    clock: ctx.clock,
    log: ctx.log,
    trigger: options.trigger ?? detectTrigger(),
    signal: ctx.shutdown.signal,
    api: ctx.api,
    dryRun: options.dryRun,
  });
}

/** A dead run's lease is cleared even when the worker is not due. */
function clearAbandonedRun(ctx: CommandContext, db: Db, name: WorkerName) {
  const cleared = clearDeadLease(db, name, ctx.clock.now());
  if (!cleared) return;
  if (cleared.dryRun) {
    ctx.log
      .withTag(name)
      .debug(
        "cleared the lease of a dry run that stopped; it recorded nothing",
      );
    return;
  }
  const run = cleared.runId === null ? "a run" : `run ${cleared.runId}`;
  const message = `${run} was abandoned by a process that died; marked abandoned`;
  ctx.log.withTag(name).warn(`${message} (not due, so nothing runs now)`);
}

function disabledMessage(name: WorkerName, inCycle: boolean): string {
  const variable = `WORKER_${workerEnvName(name)}_ENABLED`;
  const how = inCycle
    ? `left out; to run it anyway, use \`fansly-workers ${name} --force\` or set ${variable}=true`
    : "use --force to run it anyway";
  return `${name} is disabled (${variable}=false); ${how}`;
}

/** The order of a cycle; discovery only when due, the calculators chained. */
const CYCLE: { name: WorkerName; chained: boolean; alwaysIfDue: boolean }[] = [
  { name: "tag-discovery", chained: false, alwaysIfDue: true },
  { name: "tag-updater", chained: false, alwaysIfDue: false },
  { name: "creator-updater", chained: false, alwaysIfDue: false },
  { name: "rank-calculator", chained: true, alwaysIfDue: false },
  { name: "statistics-calculator", chained: true, alwaysIfDue: false },
];

export interface CycleStep {
  readonly worker: WorkerName;
  readonly result: RunResult | null;
  readonly note: string;
}

/** Runs the whole chain; stops early only when the process is interrupted. */
export async function runCycle(
  ctx: CommandContext,
  options: WorkerCommandOptions,
): Promise<CycleStep[]> {
  const steps: CycleStep[] = [];
  const trigger = detectTrigger();
  for (const step of CYCLE) {
    if (ctx.shutdown.signal.aborted) break;
    const enabled = ctx.config.workers[step.name].enabled;
    const result = await runOne(ctx, step.name, {
      ...options,
      force: false,
      inCycle: true,
      ifDue: options.ifDue || step.alwaysIfDue,
      trigger: step.chained ? "chain" : trigger,
    });
    const note = result ? "" : enabled ? "not due" : "disabled";
    steps.push({ worker: step.name, result, note });
  }
  return steps;
}
