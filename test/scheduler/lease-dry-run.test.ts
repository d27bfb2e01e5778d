import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deadPid } from "../helpers/process.js";
import { openDb, type Db } from "../../src/db/open.js";
import type { WorkerRow, WorkerRunRow } from "../../src/db/schema.js";
import {
  claimDryRunLease,
  claimLease,
  clearDeadLease,
  ensureWorkerRows,
  LEASE_TTL_MS,
  type ClaimInput,
} from "../../src/scheduler/lease.js";
import {
  currentOwner,
  formatOwner,
  ownerToken,
  type LeaseOwner,
} from "../../src/scheduler/owner.js";

const NOW = Date.UTC(2026, 0, 1, 12);
const WORKER = "tag-updater";

const dryOwner = (): LeaseOwner => currentOwner(ownerToken(WORKER, NOW, true));
const realOwner = (): LeaseOwner =>
  currentOwner(ownerToken(WORKER, NOW, false));

describe("the lease of a dry run", () => {
  let db: Db;

  beforeEach(async () => {
    db = await openDb(":memory:");
    ensureWorkerRows(db);
  });
  afterEach(async () => {
    await db.close();
  });

  const input = (owner: LeaseOwner, now = NOW): ClaimInput => ({
    worker: WORKER,
    owner,
    now,
    trigger: "cli",
    missedIntervals: 0,
  });
  const row = () =>
    db.sqlite
      .prepare("select * from workers where name = ?")
      .get(WORKER) as WorkerRow;
  const runs = () =>
    db.sqlite.prepare("select * from worker_runs").all() as WorkerRunRow[];
  const untouched = {
    status: "idle",
    run_count: 0,
    error_count: 0,
    consecutive_failures: 0,
    last_outcome: null,
    last_error: null,
  };

  /** A dry run that took the lease and then died (kill -9). */
  const killedDryRun = async (): Promise<LeaseOwner> => {
    const dead = { ...dryOwner(), pid: await deadPid() };
    expect(claimDryRunLease(db, input(dead)).claimed).toBe(true);
    return dead;
  };

  it("is taken over by a real run without counting an abandoned run", async () => {
    await killedDryRun();

    const claim = claimLease(db, input(realOwner(), NOW + 1_000));

    expect(claim).toMatchObject({ claimed: true, abandoned: undefined });
    expect(runs().map((r) => r.outcome)).toEqual(["running"]);
    expect(row()).toMatchObject({
      ...untouched,
      status: "running",
      lease_owner: formatOwner(realOwner()),
    });
  });

  it("is cleared by `--if-due` without touching counts or runs", async () => {
    await killedDryRun();

    const cleared = clearDeadLease(db, WORKER, NOW + 1_000);

    expect(cleared).toEqual({ runId: null, dryRun: true });
    expect(row()).toMatchObject({ ...untouched, lease_owner: null });
    expect(runs()).toEqual([]);
  });

  it("is taken over by the next dry run once its process died", async () => {
    await killedDryRun();

    const next = claimDryRunLease(db, input(dryOwner(), NOW + 1_000));

    expect(next).toEqual({ claimed: true, runId: null });
    expect(row()).toMatchObject({
      ...untouched,
      lease_owner: formatOwner(dryOwner()),
    });
  });

  it("is taken over by the next dry run once it expired on another host", () => {
    const elsewhere = { ...dryOwner(), host: "elsewhere.example" };
    claimDryRunLease(db, input(elsewhere));
    const expiry = NOW + LEASE_TTL_MS;

    const early = claimDryRunLease(db, input(dryOwner(), expiry));
    const late = claimDryRunLease(db, input(dryOwner(), expiry + 1));

    expect(early.claimed).toBe(false);
    expect(late.claimed).toBe(true);
    expect(runs()).toEqual([]);
  });

  it("keeps a real run out while its process lives, naming it a dry run", () => {
    claimDryRunLease(db, input(dryOwner()));

    const real = claimLease(db, input(realOwner(), NOW + 1_000));

    expect(real).toEqual({
      claimed: false,
      holder: `a dry run, pid ${process.pid} on ${hostname()}`,
      since: null,
    });
    expect(row()).toMatchObject({
      ...untouched,
      lease_owner: expect.any(String),
    });
  });

  it("does not take over a dead real run's lease, which a real run must count", async () => {
    const dead = { ...realOwner(), pid: await deadPid() };
    claimLease(db, input(dead));

    const dry = claimDryRunLease(db, input(dryOwner(), NOW + 1_000));

    expect(dry.claimed).toBe(false);
    expect(row()).toMatchObject({
      status: "running",
      lease_owner: formatOwner(dead),
      error_count: 0,
    });
  });
});
