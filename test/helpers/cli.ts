import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDb, type Db } from "../../src/db/open.js";
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/index.js";

export const BIN = fileURLToPath(
  new URL("../../bin/fansly-workers.cjs", import.meta.url),
);

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI as a real process. It must be asynchronous: the
 * simulator answers from this same process, so a blocking spawn would hang.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  cwd: string = tmpdir(),
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // A neutral working directory: no stray .env file changes the result.
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
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

/** A simulator, a temporary database file and the environment that joins them. */
export interface Harness {
  readonly sim: Simulator;
  readonly dir: string;
  readonly dbPath: string;
  /** Environment for the CLI; the clock is pinned to the simulator's. */
  env(extra?: Record<string, string>): Record<string, string>;
  cli(
    args: readonly string[],
    extra?: Record<string, string>,
  ): Promise<CliResult>;
  /** Opens the database read-side for assertions (close it again). */
  openDb(): Promise<Db>;
  close(): Promise<void>;
}

export async function createHarness(
  options: SimulatorOptions = {},
): Promise<Harness> {
  const sim = await startSimulator(options);
  const dir = mkdtempSync(join(tmpdir(), "fansly-workers-test-"));
  const dbPath = join(dir, "test.db");
  const env = (extra: Record<string, string> = {}) => ({
    FANSLY_API_BASE: sim.url,
    FANSLY_WORKERS_DB: dbPath,
    FANSLY_WORKERS_NOW: String(sim.clock.now()),
    FANSLY_RATE_LIMIT: "off",
    // A test that wants the real pause after a suspicious empty answer sets it.
    FANSLY_SOFT_THROTTLE_PAUSE: "50ms",
    LOG_FORMAT: "json",
    ...extra,
  });
  return {
    sim,
    dir,
    dbPath,
    env,
    cli: (args, extra) => runCli(args, env(extra), dir),
    openDb: () => openDb(dbPath),
    close: async () => {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Parses JSON log lines from stderr. */
export function logLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
