import { createConsola, LogLevels } from "consola";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import type { WorkerRunRow } from "../../src/db/schema.js";
import { LEASE_TTL_MS } from "../../src/scheduler/lease.js";
import { currentOwner, formatOwner } from "../../src/scheduler/owner.js";
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
    vi.useRealTimers();
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
  const start = (onRun: (result: RunResult) => void, maxSleepMs = 5) =>
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
      maxSleepMs,
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

  describe("while another live process holds a worker's lease", () => {
    const MAX_SLEEP_MS = 60_000;

    /** The lease a cron run of tag-updater holds, alive and renewed. */
    const holdLease = (expiresAt: number) =>
      db.sqlite
        .prepare(
          `update workers set lease_owner = ?, lease_expires_at = ?
           where name = ?`,
        )
        .run(formatOwner(currentOwner("cron")), expiresAt, "tag-updater");
    const tagUpdaterRuns = () =>
      runs()
        .filter((run) => run.worker === "tag-updater")
        .map((run) => run.outcome);

    /** Moves the clock and serve's timers on together. */
    const pass = async (ms: number) => {
      clock.advance(ms);
      await vi.advanceTimersByTimeAsync(ms);
    };

    /** Starts serve with tag-updater due and held; returns at its first skip. */
    const startHeld = async (leaseExpiresAt: number) => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      clock.set(NOW);
      setNextRun("tag-updater", NOW);
      setNextRun("rank-calculator", NOW + HOUR_MS);
      setNextRun("statistics-calculator", NOW + HOUR_MS);
      holdLease(leaseExpiresAt);
      const skipped = deferred();
      const ran = deferred<RunResult>();
      start((result) => {
        if (result.worker !== "tag-updater") return;
        if (result.outcome === "skipped") skipped.resolve();
        else ran.resolve(result);
      }, MAX_SLEEP_MS);
      await vi.advanceTimersByTimeAsync(0);
      await skipped.promise;
      // Wrapped, or awaiting startHeld would wait for the run itself.
      return { ran: ran.promise };
    };

    it("records one skipped run per longest sleep, then runs once the lease is free", async () => {
      const { ran } = await startHeld(NOW + LEASE_TTL_MS);

      await pass(MAX_SLEEP_MS - 1_000);
      expect(tagUpdaterRuns()).toEqual(["skipped"]);
      expect(gates.calls).toEqual([]);

      db.sqlite
        .prepare("update workers set lease_owner = null where name = ?")
        .run("tag-updater");
      await pass(1_000);

      expect((await ran).outcome).toBe("ok");
      expect(tagUpdaterRuns()).toEqual(["skipped", "ok"]);
    });

    it("tries again at the holder's lease expiry if sooner than the longest sleep", async () => {
      const { ran } = await startHeld(NOW + 10_000);

      await pass(10_000);
      expect(tagUpdaterRuns()).toEqual(["skipped"]);
      await pass(1);

      expect((await ran).outcome).toBe("ok");
      expect(tagUpdaterRuns()).toEqual(["skipped", "ok"]);
    });
  });
});
