// A worker, the real client and a real database against an in-process
// simulator on one manual clock: for worker tests that need the API but not
// a CLI process.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import { createApiFromConfig } from "../../src/fansly/index.js";
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/index.js";
import {
  emptyReport,
  type WorkerContext,
  type WorkerName,
} from "../../src/workers/types.js";
import { captureLog } from "../fansly/helpers.js";

export interface SimWorld {
  readonly sim: Simulator;
  readonly db: Db;
  /** Every log line of every context made so far. */
  readonly lines: string[];
  /** A fresh run context for `worker`, with its own progress and client. */
  context(
    worker: WorkerName,
    options?: { env?: Record<string, string>; signal?: AbortSignal },
  ): WorkerContext;
  /** Tracks simulator creators by id, as found at their last check. */
  trackCreators(ids: readonly string[]): void;
  /** Tracks a simulator tag by name, with the counts the simulator shows now. */
  trackTag(name: string): void;
  close(): Promise<void>;
}

/** Defaults that keep runs fast: no shared budget, a short soft-throttle pause. */
const BASE_ENV = {
  FANSLY_RATE_LIMIT: "off",
  FANSLY_SOFT_THROTTLE_PAUSE: "20ms",
  FANSLY_REFRESH_AGE: "0",
};

export async function startSimWorld(
  options: SimulatorOptions,
): Promise<SimWorld> {
  const sim = await startSimulator(options);
  const dir = mkdtempSync(join(tmpdir(), "fw-sim-world-"));
  const db = await openDb(join(dir, "test.db"));
  const { log, lines } = captureLog();

  const context: SimWorld["context"] = (worker, extra = {}) => {
    const env = { ...BASE_ENV, FANSLY_API_BASE: sim.url, ...extra.env };
    const config = loadConfig({ env });
    const api = createApiFromConfig(config, db, log, sim.clock);
    return {
      db,
      api: async () => api,
      signal: extra.signal ?? new AbortController().signal,
      log,
      clock: sim.clock,
      settings: config.workers[worker],
      config,
      dryRun: false,
      progress: emptyReport(),
    };
  };

  return {
    sim,
    db,
    lines,
    context,
    trackCreators: (ids) => trackCreators(db, sim, ids),
    trackTag: (name) => trackTag(db, sim, name),
    close: async () => {
      await db.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function trackCreators(db: Db, sim: Simulator, ids: readonly string[]): void {
  const insert = db.sqlite.prepare(
    `insert into creators (id, username, first_seen_at, source, misses)
     values (?, ?, ?, 'manual', 0)`,
  );
  for (const id of ids) {
    insert.run(id, sim.creator(id)!.username, sim.clock.now());
  }
}

function trackTag(db: Db, sim: Simulator, name: string): void {
  const tag = sim.tag(name)!;
  db.sqlite
    .prepare(
      `insert into tags (id, name, view_count, post_count, first_seen_at, source)
       values (?, ?, ?, ?, ?, 'manual')`,
    )
    .run(tag.id, tag.name, tag.viewCount, tag.postCount, sim.clock.now());
}
