import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { openDb } from "../../src/db/open.js";
import { createHarness, type Harness } from "../helpers/cli.js";
import { plainVisibleTags, queryAll } from "./truth.js";

interface BadSetting {
  readonly variable: string;
  readonly value: string;
  /** What the message must quote; the value itself unless said otherwise. */
  readonly quoted?: string;
}

const BAD_SETTINGS: BadSetting[] = [
  { variable: "WORKER_TAG_UPDATER_INTERVAL", value: "abc" },
  { variable: "WORKER_TAG_UPDATER_INTERVAL", value: "0" },
  { variable: "WORKER_TAG_UPDATER_INTERVAL", value: "-5m" },
  { variable: "WORKER_FOO_ENABLED", value: "true", quoted: "FOO" },
  { variable: "WORKER_TAG_UPDATER_ENABLED", value: "maybe" },
  { variable: "FANSLY_RATE_LIMIT", value: "fast" },
  { variable: "FANSLY_ACCOUNT_BATCH", value: "500" },
  { variable: "LOG_FORMAT", value: "xml" },
  { variable: "FANSLY_API_BASE", value: "ftp://x" },
];

describe("configuration through the CLI", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 3, tags: 40, creators: 10 });
  });
  afterEach(async () => {
    await h.close();
  });

  it.each(BAD_SETTINGS)(
    "rejects $variable=$value with exit code 2 before touching the database",
    async ({ variable, value, quoted }) => {
      const result = await h.cli(["tag-updater"], { [variable]: value });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(variable);
      expect(result.stderr).toContain(`'${quoted ?? value}'`);
      expect(result.stdout).toBe("");
      expect(existsSync(h.dbPath)).toBe(false);
      expect(h.sim.requests.total).toBe(0);
    },
  );

  it.each(["cycle", "status", "tags list"])(
    "rejects bad configuration in `%s` too",
    async (command) => {
      const result = await h.cli(command.split(" "), {
        WORKER_TAG_UPDATER_INTERVAL: "abc",
      });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain("WORKER_TAG_UPDATER_INTERVAL");
      expect(existsSync(h.dbPath)).toBe(false);
    },
  );

  it("rejects --batch 0 as a usage error with exit code 2", async () => {
    const result = await h.cli(["tag-updater", "--batch", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--batch");
    expect(result.stderr).toContain("'0'");
    expect(existsSync(h.dbPath)).toBe(false);
  });

  it.each(["abc", "0", "1.5"])(
    "rejects `tags list --limit %s` as a usage error with exit code 2",
    async (limit) => {
      const result = await h.cli(["tags", "list", "--limit", limit]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`'${limit}'`);
      expect(result.stdout).toBe("");
    },
  );

  it("lets --db win over FANSLY_WORKERS_DB", async () => {
    const flagged = join(h.dir, "from-flag.db");
    const [name] = plainVisibleTags(h.sim);
    const result = await h.cli(["--db", flagged, "tags", "add", name!]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(h.dbPath)).toBe(false);

    const db = await openDb(flagged);
    try {
      const rows = db.sqlite.prepare("select name from tags").all();
      expect(rows).toEqual([{ name }]);
    } finally {
      await db.close();
    }
  });

  it("lets --batch win over WORKER_TAG_UPDATER_BATCH", async () => {
    const names = plainVisibleTags(h.sim).slice(0, 4);
    await h.cli(["tags", "add", ...names]);
    h.sim.clock.advance(HOUR_MS);
    h.sim.resetRequests();

    const result = await h.cli(["tag-updater", "--batch", "1"], {
      WORKER_TAG_UPDATER_BATCH: "3",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim.requests.byEndpoint.tag).toBe(1);
  });

  describe("a disabled worker", () => {
    const disabled = { WORKER_TAG_UPDATER_ENABLED: "false" };

    const setUp = async () => {
      const [name] = plainVisibleTags(h.sim);
      await h.cli(["tags", "add", name!]);
      h.sim.clock.advance(HOUR_MS);
      h.sim.resetRequests();
    };
    const runsOf = () =>
      queryAll<{ outcome: string }>(
        h,
        "select outcome from worker_runs where worker = 'tag-updater'",
      );

    it("exits 0 and says it is disabled when run by name", async () => {
      await setUp();
      const result = await h.cli(["tag-updater"], disabled);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain("tag-updater is disabled");
      expect(result.stderr).toContain("--force");
      expect(h.sim.requests.total).toBe(0);
      expect(await runsOf()).toEqual([]);
    });

    it("runs with --force", async () => {
      await setUp();
      const result = await h.cli(["tag-updater", "--force"], disabled);
      expect(result.code, result.stderr).toBe(0);
      expect(h.sim.requests.byEndpoint.tag).toBe(1);
      expect(await runsOf()).toEqual([{ outcome: "ok" }]);
    });
  });
});
