// A CLI process the test holds on to: to signal or kill it mid-run, to wait
// for one of its log lines, and to time when it ended against its last output.
// Every wait here is on an event (a line, a request, the process ending),
// never a fixed sleep.

import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import type { Simulator } from "../../src/simulator/index.js";
import { BIN, type CliResult, type Harness } from "./cli.js";

export interface TimedResult extends CliResult {
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  /** performance.now() at the last chunk on stdout or stderr, or null. */
  readonly lastOutputAt: number | null;
  /** performance.now() at the `close` event. */
  readonly closedAt: number;
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Complete stderr lines so far. */
  readonly lines: readonly string[];
  /** Resolves with the first stderr line that matches; rejects if the process ends first. */
  line(match: (line: string) => boolean): Promise<string>;
  /** Rejects with the process's output if it ends before `condition` settles. */
  before<T>(condition: Promise<T>): Promise<T>;
  readonly done: Promise<TimedResult>;
}

/** Processes started here that have not ended yet. */
const running = new Set<CliProcess>();

/** Kills what a failed test left running, so no process outlives its test. */
export async function stopLeftovers(): Promise<void> {
  const left = [...running];
  for (const proc of left) proc.child.kill("SIGKILL");
  await Promise.all(left.map((proc) => proc.done));
}

interface LineWaiter {
  readonly match: (line: string) => boolean;
  readonly resolve: (line: string) => void;
}

/** Spawns the built CLI with the harness's environment (plus `extra`). */
export function startCli(
  h: Harness,
  args: readonly string[],
  extra: Record<string, string> = {},
): CliProcess {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: h.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...h.env(extra) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let waiters: LineWaiter[] = [];
  let stdout = "";
  let stderr = "";
  let partial = "";
  let lastOutputAt: number | null = null;

  const offer = (line: string) => {
    lines.push(line);
    const matched = waiters.filter((w) => w.match(line));
    waiters = waiters.filter((w) => !matched.includes(w));
    for (const waiter of matched) waiter.resolve(line);
  };
  child.stdout!.on("data", (chunk: Buffer) => {
    lastOutputAt = performance.now();
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    lastOutputAt = performance.now();
    stderr += chunk.toString();
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) offer(line);
  });

  const done = new Promise<TimedResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        code,
        signal,
        stdout,
        stderr,
        spawnedAt,
        lastOutputAt,
        closedAt: performance.now(),
      }),
    );
  });

  const before = <T>(condition: Promise<T>): Promise<T> =>
    Promise.race([
      condition,
      done.then((result) => {
        throw new Error(
          `the process ended first (code ${result.code}):\n${result.stderr}`,
        );
      }),
    ]);

  const proc: CliProcess = {
    child,
    pid: child.pid!,
    lines,
    line: (match) => {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return before(
        new Promise<string>((resolve) => waiters.push({ match, resolve })),
      );
    },
    before,
    done,
  };
  running.add(proc);
  void done.finally(() => running.delete(proc));
  return proc;
}

/** Resolves once the simulator has counted at least `count` requests. */
export function requestsArrived(sim: Simulator, count: number): Promise<void> {
  return new Promise((resolve) => {
    if (sim.requests.total >= count) return resolve();
    const off = sim.onRequest(() => {
      if (sim.requests.total < count) return;
      off();
      resolve();
    });
  });
}

/** The `msg` of a JSON log line, or null for any other line. */
export function messageOf(line: string): string | null {
  if (!line.startsWith("{")) return null;
  const parsed = JSON.parse(line) as { msg?: unknown };
  return typeof parsed.msg === "string" ? parsed.msg : null;
}

/** Starts `serve --port 0` and reads the listener's URL from its first line. */
export async function startServe(
  h: Harness,
  env: Record<string, string>,
): Promise<{ serve: CliProcess; url: string }> {
  const serve = startCli(h, ["serve", "--port", "0"], env);
  const first = await serve.line(() => true);
  const match = /^serve: status on (http:\/\/[^/]+)\/api\/workers\/status/.exec(
    messageOf(first) ?? "",
  );
  if (!match) throw new Error(`unexpected first line: ${first}`);
  return { serve, url: match[1]! };
}

/** A pid that belonged to a process which has exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.on("close", resolve));
  return child.pid!;
}
