import { createConsola, LogLevels } from "consola";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import type { WorkerRunRow } from "../../src/db/schema.js";
import type { RunResult } from "../../src/scheduler/run-worker.js";
import { startScheduler } from "../../src/scheduler/serve.js";
import type {
  WorkerDefinition,
  WorkerName,
  WorkerReport,
} from "../../src/workers/types.js";

/** Fake workers: each run waits for the gate its test hands it. */
const gates = vi.hoisted(() => ({
  calls: [] as string[],
  hold: new Map<string, Promise<void>>(),
  started: (_name: string): void => undefined,
}));

vi.mock("../../src/workers/registry.js", () => ({
  loadWorker: async (name: string): Promise<WorkerDefinition> => ({
    name: name as WorkerName,
    description: "fake",
    run: async (ctx): Promise<WorkerReport> => {
      gates.calls.push(name);
      gates.started(name);
      await gates.hold.get(name);
      return ctx.progress;
    },
  }),
}));

const NOW = Date.UTC(2026, 0, 1, 12);
const HOUR_MS = 3_600_000;

/** A promise with its resolver, to hold a fake run or wait for an event. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("startScheduler", () => {
  let db: Db;
  let shutdown: AbortController;
  const clock = createManualClock(NOW);
  const debug: string[] = [];

  beforeEach(async () => {
    db = await openDb(":memory:");
    shutdown = new AbortController();
    gates.calls.length = 0;
    gates.hold.clear();
    debug.length = 0;
    gates.started = () => undefined;
  });
  afterEach(async () => {
    shutdown.abort();
    await db.close();
  });

  const setNextRun = (worker: WorkerName, at: number) =>
    db.sqlite
      .prepare(
        `insert into workers (name, next_run_at) values (?, ?)
         on conflict (name) do update set next_run_at = excluded.next_run_at`,
      )
      .run(worker, at);
  const runs = () =>
    db.sqlite
      .prepare("select * from worker_runs order by id")
      .all() as WorkerRunRow[];

  /** Only tag-updater, rank-calculator and statistics-calculator are enabled. */
  const start = (onRun: (result: RunResult) => void) =>
    startScheduler({
      config: loadConfig({
        env: {
          WORKER_CREATOR_UPDATER_ENABLED: "false",
          WORKER_TAG_DISCOVERY_ENABLED: "false",
        },
      }),
      db,
      clock,
      log: createConsola({
        level: LogLevels.debug,
        reporters: [
          {
            log: (entry) => {
              if (entry.type === "debug") debug.push(String(entry.args[0]));
            },
          },
        ],
      }),
      signal: shutdown.signal,
      api: () => Promise.reject(new Error("no API here")),
      onRun,
      maxSleepMs: 5,
    });

  it("skips a chained start of a worker that is still running, never queueing it", async () => {
    clock.set(NOW);
    setNextRun("tag-updater", NOW + 1_000);
    setNextRun("statistics-calculator", NOW + HOUR_MS);
    const rankHeld = deferred();
    gates.hold.set("rank-calculator", rankHeld.promise);
    const rankStarted = deferred();
    gates.started = (name) => {
      if (name === "rank-calculator") rankStarted.resolve();
    };
    const updated = deferred<RunResult>();
    const summed = deferred<RunResult>();
    const scheduler = start((result) => {
      if (result.worker === "tag-updater") updated.resolve(result);
      if (result.worker === "statistics-calculator") summed.resolve(result);
    });

    await rankStarted.promise;
    expect(scheduler.running()).toEqual(["rank-calculator"]);
    clock.advance(1_000);
    expect((await updated.promise).outcome).toBe("ok");
    expect(debug).toContain(
      "rank-calculator: still running; this tick is skipped",
    );

    rankHeld.resolve();
    expect((await summed.promise).outcome).toBe("ok");
    shutdown.abort();
    await scheduler.stopped();

    expect(gates.calls).toEqual([
      "rank-calculator",
      "tag-updater",
      "statistics-calculator",
    ]);
    expect(runs().map((r) => `${r.worker} ${r.trigger} ${r.outcome}`)).toEqual([
      "rank-calculator serve ok",
      "tag-updater serve ok",
      "statistics-calculator chain ok",
    ]);
  });
});
