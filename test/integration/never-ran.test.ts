import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS } from "../../src/clock.js";
import { createHarness, runCli, type Harness } from "../helpers/cli.js";
import { trackTags, withDb } from "../helpers/db.js";
import {
  requestsArrived,
  startServe,
  stopLeftovers,
} from "../helpers/process.js";
import { request } from "../http/request.js";
import { plainVisibleTags } from "./truth.js";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Every command that only reads or removes, with arguments that would
 * otherwise work: none of them has anything to do on a new database.
 */
const READ_ONLY = [
  ["status"],
  ["status", "--check"],
  ["status", "--json"],
  ["top", "tags"],
  ["show", "tag", "cosplay"],
  ["related", "cosplay"],
  ["deleted", "creators"],
  ["tags", "list"],
  ["creators", "list"],
  ["tags", "remove", "cosplay"],
  ["creators", "remove", "someone"],
];

describe("a database that is missing, or that no worker ever ran on", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 62, tags: 40, creators: 10 });
  });
  afterEach(async () => {
    await stopLeftovers();
    await h.close();
  });

  /** Makes the database look created `ago` ms before the simulated now. */
  const createdAgo = (ago: number) =>
    withDb(h, (sqlite) =>
      sqlite
        .prepare("update kysely_migration set timestamp = ?")
        .run(iso(h.sim.clock.now() - ago)),
    );

  it.each(READ_ONLY.map((args) => [args.join(" "), args]))(
    "`%s` exits 2 naming a missing database, and creates none",
    async (_label, args) => {
      const path = join(h.dir, "typo.db");

      const result = await runCli(args!, h.env({ FANSLY_WORKERS_DB: path }));

      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `fansly-workers: No database at '${path}'; check FANSLY_WORKERS_DB ` +
          "or --db, or run a worker or `cycle` once to create it\n",
      );
      expect(existsSync(path)).toBe(false);
    },
  );

  it("has status --check name each enabled worker that never ran, past the grace", async () => {
    expect((await h.cli(["rank-calculator"])).code).toBe(0);
    await createdAgo(HOUR_MS);
    const since = h.sim.clock.now() - HOUR_MS;

    const result = await h.cli(["status", "--check"], {
      WORKER_TAG_DISCOVERY_ENABLED: "false",
    });

    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split("\n")).toEqual(
      ["tag-updater", "creator-updater", "statistics-calculator"].map(
        (worker) =>
          `${worker} overdue: never ran, due since ${iso(since)} (1 h 0 min ago)`,
      ),
    );
  });

  it("keeps status --check healthy while the database is younger than its grace", async () => {
    await createdAgo(5 * MINUTE_MS);

    const result = await h.cli(["status", "--check"]);

    expect(result.code, result.stdout).toBe(0);
  });

  it("keeps /healthz at 200 as serve starts on an old database of never-run workers", async () => {
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 2));
    await createdAgo(24 * HOUR_MS);
    // tag-updater stays in its first run while /healthz is asked.
    h.sim.setFaults("slow=5s:1.0@tag");
    const { url } = await startServe(h, { FANSLY_CONCURRENCY: "1" });
    await requestsArrived(h.sim, 1);

    const res = await request(`${url}/healthz`);

    expect(res.status, res.body).toBe(200);
  });
});
