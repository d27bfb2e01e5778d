import { hostname } from "node:os";
import { HOUR_MS } from "../../src/clock.js";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import {
  requestedTags,
  runsOf,
  tagsWithHistory,
  trackCreators,
  trackTags,
  withDb,
  workerRow,
} from "../helpers/db.js";
import {
  requestsArrived,
  startCli,
  stopLeftovers,
} from "../helpers/process.js";
import { plainVisibleTags, type StatusJson } from "./truth.js";

const ONE_AT_A_TIME = { FANSLY_CONCURRENCY: "1" };

describe("leases across processes", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 21, tags: 40, creators: 10 });
  });
  afterEach(async () => {
    await stopLeftovers();
    await h.close();
  });

  it("lets one of two processes started 100 ms apart do the run; the other exits 0 naming the holder", async () => {
    const names = plainVisibleTags(h.sim).slice(0, 4);
    await trackTags(h, names);
    // 4 answers of 500 ms one after another: the run outlasts both start-ups.
    h.sim.setFaults("slow=500ms:1.0@tag");

    const first = startCli(h, ["tag-updater"], ONE_AT_A_TIME);
    await delay(100);
    const second = startCli(h, ["tag-updater"], ONE_AT_A_TIME);
    const results = await Promise.all([first.done, second.done]);

    const runs = await runsOf(h, "tag-updater");
    expect(runs.map((r) => r.outcome).sort()).toEqual(["ok", "skipped"]);
    const won = runs.find((r) => r.outcome === "ok")!;
    const lost = runs.find((r) => r.outcome === "skipped")!;
    expect([won.pid, lost.pid].sort()).toEqual([first.pid, second.pid].sort());
    const [winner, loser] =
      won.pid === first.pid ? results : [results[1], results[0]];

    expect(h.sim.requests.byEndpoint.tag).toBe(names.length);
    expect(requestedTags(h).sort()).toEqual([...names].sort());
    expect(won.items_ok).toBe(names.length);
    expect(winner.code, winner.stderr).toBe(0);

    expect(loser.code, loser.stderr).toBe(0);
    expect(loser.closedAt).toBeLessThan(winner.closedAt);
    const lines = loser.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    const holder = `pid ${won.pid} on ${hostname()}`;
    const since = `since ${new Date(won.started_at).toISOString()}`;
    expect(lines[0]).toContain(holder);
    expect(lines[0]).toContain(since);
    expect(lost.items_ok).toBe(0);
    expect(lost.finished_at).not.toBeNull();
    expect(lost.error).toContain(holder);
    expect(loser.stdout).toBe("");
  });

  it("runs different workers at the same time", async () => {
    const tags = plainVisibleTags(h.sim).slice(0, 3);
    const creators = h.sim.dataset.creators
      .filter((c) => !h.sim.creator(c.id)!.hidden)
      .slice(0, 3)
      .map((c) => c.username);
    await trackTags(h, tags);
    await trackCreators(h, creators);
    h.sim.setFaults("slow=1s:1.0@tag");

    const tagRun = startCli(h, ["tag-updater"], ONE_AT_A_TIME);
    let tagRunEnded = false;
    void tagRun.done.then(() => (tagRunEnded = true));
    await tagRun.before(requestsArrived(h.sim, 1));
    const creatorRun = await h.cli(["creator-updater"], ONE_AT_A_TIME);
    // Each process has its own clock, so the overlap is shown by events.
    expect(tagRunEnded).toBe(false);
    const tagResult = await tagRun.done;

    expect(creatorRun.code, creatorRun.stderr).toBe(0);
    expect(tagResult.code, tagResult.stderr).toBe(0);
    const [tagUpdate] = await runsOf(h, "tag-updater");
    const [creatorUpdate] = await runsOf(h, "creator-updater");
    expect(tagUpdate).toMatchObject({ outcome: "ok", items_ok: 3 });
    expect(creatorUpdate).toMatchObject({ outcome: "ok", items_ok: 3 });
    expect(h.sim.requests.byEndpoint.tag).toBe(3);
  });

  it("takes over at once from a run killed with SIGKILL and marks that run abandoned", async () => {
    const names = plainVisibleTags(h.sim).slice(0, 4);
    await trackTags(h, names);
    h.sim.setFaults("slow=5s:1.0@tag");

    const killed = startCli(h, ["tag-updater"], ONE_AT_A_TIME);
    await killed.before(requestsArrived(h.sim, 1));
    killed.child.kill("SIGKILL");
    expect((await killed.done).signal).toBe("SIGKILL");

    const orphan = await workerRow(h, "tag-updater");
    expect(orphan.lease_owner).toContain(`|${killed.pid}|`);
    expect(await tagsWithHistory(h)).toEqual([]);

    const meanwhile = await h.cli(["status", "--json"]);
    const shown = (JSON.parse(meanwhile.stdout) as StatusJson).workers.find(
      (w) => w.name === "tag-updater",
    )!;
    expect(shown.status).not.toBe("running");
    expect(shown.status).toBe("stale");

    h.sim.setFaults("");
    h.sim.resetRequests();
    const next = await h.cli(["tag-updater"], ONE_AT_A_TIME);
    expect(next.code, next.stderr).toBe(0);

    const [abandoned, took] = await runsOf(h, "tag-updater");
    expect(abandoned).toMatchObject({ pid: killed.pid, outcome: "abandoned" });
    expect(abandoned!.error).toContain(`|${killed.pid}|`);
    expect(took).toMatchObject({ outcome: "ok", items_ok: names.length });
    // Taken over before the dead owner's lease would have expired.
    expect(took!.started_at).toBeLessThan(orphan.lease_expires_at!);
    expect(requestedTags(h).sort()).toEqual([...names].sort());
    const warned = logLines(next.stderr).map((line) => line.msg);
    expect(warned).toContain(
      `run ${abandoned!.id} was abandoned by a process that died; marked abandoned`,
    );

    expect(await workerRow(h, "tag-updater")).toMatchObject({
      status: "idle",
      run_count: 2,
      success_count: 1,
      error_count: 1,
      consecutive_failures: 0,
      lease_owner: null,
    });
    const after = JSON.parse((await h.cli(["status", "--json"])).stdout);
    expect(
      (after as StatusJson).workers.find((w) => w.name === "tag-updater"),
    ).toMatchObject({ status: "idle", runCount: 2, errorCount: 1 });
  });

  it("clears a killed run's lease on `cycle --if-due` although the worker is not due", async () => {
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 2));
    h.sim.setFaults("slow=5s:1.0@tag");
    const killed = startCli(h, ["tag-updater"], ONE_AT_A_TIME);
    await killed.before(requestsArrived(h.sim, 1));
    killed.child.kill("SIGKILL");
    expect((await killed.done).signal).toBe("SIGKILL");
    // A run started by hand while the worker was not due: cron skips it.
    const dueAt = h.sim.clock.now() + HOUR_MS;
    await withDb(h, (sqlite) =>
      sqlite
        .prepare("update workers set next_run_at = ? where name = ?")
        .run(dueAt, "tag-updater"),
    );
    expect((await h.cli(["status", "--check"])).stdout).toContain(
      "tag-updater stuck",
    );
    h.sim.resetRequests();

    const tick = await h.cli(["cycle", "--if-due", "-q"]);

    expect(tick.code, tick.stderr).toBe(0);
    expect(h.sim.requests.byEndpoint.tag ?? 0).toBe(0);
    const [abandoned, ...others] = await runsOf(h, "tag-updater");
    expect(others).toEqual([]);
    expect(abandoned).toMatchObject({ pid: killed.pid, outcome: "abandoned" });
    expect(logLines(tick.stderr).map((line) => line.msg)).toContain(
      `run ${abandoned!.id} was abandoned by a process that died; ` +
        "marked abandoned (not due, so nothing runs now)",
    );
    expect(await workerRow(h, "tag-updater")).toMatchObject({
      status: "failed",
      run_count: 1,
      error_count: 1,
      lease_owner: null,
      next_run_at: dueAt,
    });
    const check = await h.cli(["status", "--check"]);
    expect(check.code, check.stdout).toBe(0);
  });
});
