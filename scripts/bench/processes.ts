import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PEAK_RSS_SCRIPT } from "./peak-rss.js";

// The benchmark runs bundled from dist-bench/, so paths are relative to it.
const fromBundle = (path: string): string =>
  fileURLToPath(new URL(path, import.meta.url));

/** The CLI exactly as users start it. */
export const BIN = fromBundle("../bin/fansly-workers.cjs");
/** Runs the CLI in the same process and records its peak RSS on exit. */
export const RSS_WRAPPER = fromBundle("./rss-wrapper.js");
/** Baselines and in-process measurements, each in a fresh process. */
export const CHILD = fromBundle("./child.js");

export type Env = Record<string, string>;

/** A neutral environment: no stray FANSLY_* variable changes a result. */
export function cliEnv(extra: Env = {}): Env {
  const base: Env = { LOG_FORMAT: "json", LOG_LEVEL: "warn" };
  for (const name of ["PATH", "HOME"]) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  return { ...base, ...extra };
}

/** Wall time of one synchronous run; fails loudly when the command fails. */
export function timeSync(args: readonly string[], env: Env): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    env,
    cwd: tmpdir(),
    stdio: ["ignore", "ignore", "pipe"],
  });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(
      `node ${args.join(" ")} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`,
    );
  }
  return ms;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) throw new RangeError("median of nothing");
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface AsyncResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs node asynchronously: the simulator answers from this process, so a
 * blocking spawn would starve it.
 */
export function runNode(
  args: readonly string[],
  env: Env,
): Promise<AsyncResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env,
      cwd: tmpdir(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout, stderr, ms: performance.now() - started }),
    );
  });
}

/** Runs the CLI with `args` and reports its peak resident set in KB. */
export async function runCliWithRss(
  args: readonly string[],
  env: Env,
): Promise<AsyncResult & { maxRssKb: number }> {
  const file = join(tmpdir(), `fw-bench-rss-${process.pid}-${Date.now()}`);
  try {
    const result = await runNode([RSS_WRAPPER, ...args], {
      ...env,
      BENCH_RSS_FILE: file,
    });
    const maxRssKb = Number(readFileSync(file, "utf8"));
    return { ...result, maxRssKb };
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Runs one task of child.ts in a fresh process and returns its JSON answer.
 * The input goes through a file: a list of URLs outgrows the argument limit.
 */
export async function runChild<T>(task: string, input: unknown): Promise<T> {
  const file = join(tmpdir(), `fw-bench-input-${process.pid}-${Date.now()}`);
  writeFileSync(file, JSON.stringify(input));
  const result = await runNode([CHILD, task, file], cliEnv()).finally(() =>
    rmSync(file, { force: true }),
  );
  if (result.code !== 0) {
    throw new Error(
      `bench child '${task}' exited ${result.code}: ${result.stderr.slice(0, 800)}`,
    );
  }
  return JSON.parse(result.stdout) as T;
}

/** Peak RSS of a bare `node -e ''`, the floor every process pays. */
export async function bareNodeRssKb(): Promise<number> {
  const result = await runNode(["-e", PEAK_RSS_SCRIPT], cliEnv());
  return Number(result.stdout);
}
