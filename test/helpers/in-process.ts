import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOUR_MS } from "../../src/clock.js";
import type { CommandContext } from "../../src/cli/context.js";
import { runOne } from "../../src/cli/run-commands.js";
import { loadConfig, type Config } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import { createApiFromConfig } from "../../src/fansly/index.js";
import { createLogger } from "../../src/logger.js";
import { onShutdown } from "../../src/scheduler/shutdown.js";
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/index.js";
import type { WorkerName } from "../../src/workers/types.js";

/**
 * The workers and the simulator in this process, on one manual clock (as
 * the demo runs them): many simulated days take seconds, not a process
 * spawn per run.
 */
export interface InProcess {
  readonly sim: Simulator;
  readonly db: Db;
  readonly ctx: CommandContext;
  /** Inserts every dataset tag as tracked, as a long-running install would have. */
  trackAllTags(): void;
  /** Runs the workers in order at the current time, each through the runner. */
  run(workers: readonly WorkerName[]): Promise<void>;
  close(): Promise<void>;
}

function inProcessConfig(
  apiBase: string,
  dbPath: string,
  env: Record<string, string>,
): Config {
  return loadConfig({
    env: {
      FANSLY_API_BASE: apiBase,
      FANSLY_WORKERS_DB: dbPath,
      FANSLY_RATE_LIMIT: "off",
      // Tests that exercise the pause after a suspicious empty page set it.
      FANSLY_SOFT_THROTTLE_PAUSE: "50ms",
      FANSLY_CONCURRENCY: "8",
      FANSLY_REFRESH_AGE: "0",
      WORKER_TAG_UPDATER_BATCH: "1000000",
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      ...env,
    },
  });
}

export async function startInProcess(
  options: SimulatorOptions,
  env: Record<string, string> = {},
): Promise<InProcess> {
  const sim = await startSimulator(options);
  const dir = mkdtempSync(join(tmpdir(), "fw-in-process-"));
  const config = inProcessConfig(sim.url, join(dir, "test.db"), env);
  const db = await openDb(config.dbPath);
  const log = await createLogger({ format: "json", level: "warn" });
  const shutdown = onShutdown(log);
  const api = createApiFromConfig(config, db, log, sim.clock);
  const ctx: CommandContext = {
    config,
    log,
    clock: sim.clock,
    shutdown,
    db: async () => db,
    api: async () => api,
    close: async () => undefined,
  };
  return {
    sim,
    db,
    ctx,
    trackAllTags: () => trackAllTags(sim, db),
    run: async (workers) => {
      for (const name of workers) {
        await runOne(ctx, name, { force: true, trigger: "cli" });
      }
    },
    close: async () => {
      shutdown.dispose();
      await db.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function trackAllTags(sim: Simulator, db: Db): void {
  const add = db.sqlite.prepare(
    "insert or ignore into tags (id, name, first_seen_at, source) values (?, ?, ?, 'manual')",
  );
  const now = sim.clock.now();
  db.sqlite.transaction(() => {
    for (const tag of sim.dataset.tags) add.run(tag.id, tag.name, now);
  })();
}

/** Advances the shared clock hour by hour, running `workers` every `everyHours`. */
export async function runHourly(
  app: InProcess,
  options: {
    hours: number;
    everyHours: number;
    workers: readonly WorkerName[];
  },
): Promise<void> {
  for (let hour = 0; hour <= options.hours; hour += options.everyHours) {
    await app.run(options.workers);
    if (hour + options.everyHours <= options.hours) {
      app.sim.clock.advance(options.everyHours * HOUR_MS);
    }
  }
}
