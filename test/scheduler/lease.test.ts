import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deadPid } from "../helpers/process.js";
import { openDb, type Db } from "../../src/db/open.js";
import type { WorkerRow, WorkerRunRow } from "../../src/db/schema.js";
import {
  claimLease,
  clearDeadLease,
  ensureWorkerRows,
  LEASE_TTL_MS,
  recordSkippedRun,
  renewLease,
  type ClaimInput,
} from "../../src/scheduler/lease.js";
import {
  currentOwner,
  formatOwner,
  type LeaseOwner,
} from "../../src/scheduler/owner.js";

const NOW = Date.UTC(2026, 0, 1, 12);

describe("claimLease", () => {
  let db: Db;

  beforeEach(async () => {
    db = await openDb(":memory:");
    ensureWorkerRows(db);
  });
  afterEach(async () => {
    await db.close();
  });

  const input = (
    owner: LeaseOwner,
    now = NOW,
    worker = "tag-updater",
  ): ClaimInput => ({
    worker,
    owner,
    now,
    trigger: "cli",
    missedIntervals: 0,
  });
  const row = (worker = "tag-updater") =>
    db.sqlite
      .prepare("select * from workers where name = ?")
      .get(worker) as WorkerRow;
  const run = (id: number) =>
    db.sqlite
      .prepare("select * from worker_runs where id = ?")
      .get(id) as WorkerRunRow;
  const foreign = (host: string): LeaseOwner => ({
    host,
    pid: process.pid,
    startedAtMs: NOW,
    token: "elsewhere",
  });

  it("takes a free lease and opens a running run", () => {
    const owner = currentOwner("a");

    const claim = claimLease(db, input(owner));

    expect(claim.claimed).toBe(true);
    if (!claim.claimed) return;
    expect(claim.abandoned).toBeUndefined();
    expect(row()).toMatchObject({
      status: "running",
      lease_owner: formatOwner(owner),
      lease_expires_at: NOW + LEASE_TTL_MS,
      current_run_id: claim.runId,
      last_run_at: NOW,
    });
    expect(run(claim.runId)).toMatchObject({
      worker: "tag-updater",
      outcome: "running",
      pid: process.pid,
      host: hostname(),
      trigger: "cli",
    });
  });

  it("refuses a lease held by a live process, naming it and since when", () => {
    claimLease(db, input(currentOwner("a")));

    const second = claimLease(db, input(currentOwner("b"), NOW + 1_000));

    expect(second).toEqual({
      claimed: false,
      holder: `pid ${process.pid} on ${hostname()}`,
      since: NOW,
    });
  });

  it("lets different workers hold their leases at the same time", () => {
    const owner = currentOwner("a");
    claimLease(db, input(owner, NOW, "tag-updater"));

    const other = claimLease(db, input(owner, NOW, "creator-updater"));

    expect(other.claimed).toBe(true);
  });

  it("takes a dead local owner's lease before it expires and marks its run abandoned", async () => {
    const pid = await deadPid();
    const dead: LeaseOwner = { ...currentOwner("dead"), pid };
    const first = claimLease(db, input(dead));
    if (!first.claimed) throw new Error("the first claim failed");

    const second = claimLease(db, input(currentOwner("b"), NOW + 1_000));

    expect(second).toMatchObject({ claimed: true, abandoned: first.runId });
    expect(run(first.runId)).toMatchObject({
      outcome: "abandoned",
      finished_at: NOW + 1_000,
    });
    expect(run(first.runId).error).toContain(`|${pid}|`);
    expect(row()).toMatchObject({
      run_count: 1,
      error_count: 1,
      consecutive_failures: 1,
      last_outcome: "abandoned",
      status: "running",
    });
  });

  it("treats a live pid with another start time as reused, so its lease is taken", () => {
    const reused: LeaseOwner = {
      ...currentOwner("old"),
      pid: process.ppid,
      startedAtMs: 0,
    };
    claimLease(db, input(reused));

    const second = claimLease(db, input(currentOwner("b"), NOW + 1_000));

    expect(second.claimed).toBe(true);
  });

  it("waits for another host's lease to expire, then takes it", () => {
    const first = claimLease(db, input(foreign("elsewhere.example")));
    if (!first.claimed) throw new Error("the first claim failed");
    const expiry = NOW + LEASE_TTL_MS;

    const early = claimLease(db, input(currentOwner("b"), expiry));
    const late = claimLease(db, input(currentOwner("b"), expiry + 1));

    expect(early).toMatchObject({
      claimed: false,
      holder: "pid " + process.pid + " on elsewhere.example",
    });
    expect(late).toMatchObject({ claimed: true, abandoned: first.runId });
    expect(run(first.runId).outcome).toBe("abandoned");
  });

  it("records a skipped run with the reason, finished at once", () => {
    const id = recordSkippedRun(
      db,
      input(currentOwner("b")),
      "already running (pid 1 on x)",
    );

    expect(run(id)).toMatchObject({
      outcome: "skipped",
      finished_at: NOW,
      error: "already running (pid 1 on x)",
    });
    expect(row().run_count).toBe(0);
  });

  it("clears a dead owner's lease without a claim, and leaves a live one alone", async () => {
    const live = claimLease(
      db,
      input(currentOwner("live"), NOW, "tag-updater"),
    );
    const dead = { ...currentOwner("dead"), pid: await deadPid() };
    const orphan = claimLease(db, input(dead, NOW, "creator-updater"));

    const kept = clearDeadLease(db, "tag-updater", NOW + 1);
    const cleared = clearDeadLease(db, "creator-updater", NOW + 1);

    expect(kept).toBeUndefined();
    expect(row("tag-updater").lease_owner).toBe(
      formatOwner(currentOwner("live")),
    );
    expect(live.claimed && orphan.claimed).toBe(true);
    expect(cleared).toEqual({
      runId: orphan.claimed ? orphan.runId : -1,
      dryRun: false,
    });
    expect(row("creator-updater")).toMatchObject({
      lease_owner: null,
      status: "failed",
      error_count: 1,
    });
    expect(clearDeadLease(db, "creator-updater", NOW + 2)).toBeUndefined();
  });
});

describe("renewLease", () => {
  let db: Db;

  beforeEach(async () => {
    db = await openDb(":memory:");
    ensureWorkerRows(db);
  });
  afterEach(async () => {
    await db.close();
  });

  it("extends the holder's lease and reports a lost one", () => {
    const owner = currentOwner("a");
    claimLease(db, {
      worker: "tag-updater",
      owner,
      now: NOW,
      trigger: "cli",
      missedIntervals: 0,
    });
    const later = NOW + 30_000;

    expect(renewLease(db, "tag-updater", owner, later)).toBe(true);
    expect(
      db.sqlite
        .prepare("select lease_expires_at from workers where name = ?")
        .get("tag-updater"),
    ).toEqual({ lease_expires_at: later + LEASE_TTL_MS });
    expect(renewLease(db, "tag-updater", currentOwner("b"), later)).toBe(false);
  });
});
