import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { openDb } from "../../src/db/open.js";
import {
  DEFAULT_EPOCH_MS,
  startSimulator,
  type Simulator,
} from "../../src/simulator/index.js";
import { BIN, type CliResult } from "../helpers/cli.js";

const SEED = 7;
const TAGS = 60;
const CREATORS = 20;
const HOURS = 24;

/** Runs the built CLI in `cwd`, with nothing pointing it at a database. */
function runIn(cwd: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_FORMAT: "json",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
  });
}

/**
 * The demo seeds discovery with the three biggest visible tags at its start;
 * of those, the ones visible at every hour of the day must have been
 * observed every hour. Worked out on a simulator of our own.
 */
function tagsVisibleAllDay(sim: Simulator): string[] {
  const seeds = sim.dataset.tags
    .map((tag) => sim.tag(tag.name)!)
    .filter((tag) => !tag.hidden)
    .sort((a, b) => b.viewCount - a.viewCount)
    .slice(0, 3)
    .map((tag) => tag.name);
  return seeds.filter((name) =>
    hourly().every((at) => {
      sim.clock.set(at);
      return !sim.tag(name)!.hidden;
    }),
  );
}

const hourly = (): number[] =>
  Array.from({ length: HOURS + 1 }, (_, h) => DEFAULT_EPOCH_MS + h * HOUR_MS);

describe("demo", () => {
  let cwd: string;
  let demo: CliResult;
  let reference: Simulator;

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), "fansly-workers-demo-"));
    reference = await startSimulator({
      seed: SEED,
      tags: TAGS,
      creators: CREATORS,
    });
    demo = await runIn(cwd, [
      "demo",
      "--days",
      "1",
      "--seed",
      String(SEED),
      "--tags",
      String(TAGS),
      "--creators",
      String(CREATORS),
    ]);
  });
  afterAll(async () => {
    await reference.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it("exits 0 and prints the status table and the top lists", () => {
    expect(demo.code, demo.stderr).toBe(0);
    for (const worker of ["tag-discovery", "tag-updater", "creator-updater"]) {
      expect(demo.stdout).toContain(worker);
    }
    expect(demo.stdout).toContain("overall: idle");
    expect(demo.stdout).toContain("Top tags");
    expect(demo.stdout).toContain("Top creators");
  });

  it("writes only its own database file in the working directory", () => {
    expect(existsSync(join(cwd, "fansly-workers-demo.db"))).toBe(true);
    expect(existsSync(join(cwd, "fansly-workers.db"))).toBe(false);
  });

  it("observes a seed tag once an hour for 25 hours, with the simulator's counts", async () => {
    const names = tagsVisibleAllDay(reference);
    expect(names.length).toBeGreaterThan(0);
    const db = await openDb(join(cwd, "fansly-workers-demo.db"));
    try {
      for (const name of names) {
        const rows = db.sqlite
          .prepare(
            `select h.observed_at, h.view_count from tag_history h
             join tags t on t.id = h.tag_id
             where t.name = ? order by h.observed_at`,
          )
          .all(name) as { observed_at: number; view_count: number }[];
        expect(rows.map((r) => r.observed_at)).toEqual(hourly());
        for (const row of rows) {
          reference.clock.set(row.observed_at);
          expect(row.view_count).toBe(reference.tag(name)!.viewCount);
        }
      }
    } finally {
      await db.close();
    }
  });
});
