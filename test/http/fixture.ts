import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConsola, type ConsolaInstance } from "consola";
import { afterEach, beforeEach } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import type { WorkerRow } from "../../src/db/schema.js";
import { createMetrics, type Metrics } from "../../src/http/metrics.js";
import { startStatusServer, type StatusServer } from "../../src/http/server.js";
import { ensureWorkerRows } from "../../src/scheduler/lease.js";
import { readStatus, type StatusView } from "../../src/scheduler/status.js";

/** The fixed "now" every status read in these tests uses. */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const HOUR_MS = 3_600_000;

export interface ServerFixture {
  db: Db;
  config: Config;
  metrics: Metrics;
  log: ConsolaInstance;
  status: () => StatusView;
  server: StatusServer;
}

/**
 * A status server on 127.0.0.1, port 0, over a fresh migrated database with
 * every worker row present and tag-discovery disabled; new for each test.
 */
export function useStatusServer(): ServerFixture {
  const fixture = {} as ServerFixture;
  let dir = "";

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "fw-http-"));
    const db = await openDb(join(dir, "test.db"));
    ensureWorkerRows(db);
    const config = loadConfig({
      env: { WORKER_TAG_DISCOVERY_ENABLED: "false" },
    });
    const status = () => readStatus(db, config, NOW);
    const metrics = createMetrics();
    metrics.trackStatus(status);
    const log = createConsola({ level: -999 });
    const server = await startStatusServer({
      host: "127.0.0.1",
      port: 0,
      status,
      metrics,
      log,
    });
    Object.assign(fixture, { db, config, metrics, log, status, server });
  });

  afterEach(async () => {
    await fixture.server.close();
    await fixture.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return fixture;
}

export function setWorker(
  db: Db,
  name: string,
  values: Partial<WorkerRow>,
): void {
  const columns = Object.keys(values);
  db.sqlite
    .prepare(
      `update workers set ${columns.map((c) => `${c} = @${c}`).join(", ")} where name = @name`,
    )
    .run({ ...values, name });
}

/** A pid that belonged to a process on this host which has already exited. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (child.pid === undefined) throw new Error("Could not spawn a child");
  return child.pid;
}

/**
 * libuv releases a closed handle a loop turn or two after Node reports it
 * closed; a leaked keep-alive socket would stay for seconds, so a few turns
 * separate the two.
 */
export async function settledResources(): Promise<string[]> {
  for (let turn = 0; turn < 20; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.getActiveResourcesInfo().sort();
}
