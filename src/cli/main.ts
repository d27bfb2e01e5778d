import {
  Command,
  CommanderError,
  InvalidArgumentError,
  Option,
} from "commander";
import { withContext } from "./action.js";
import { WORKER_NAMES, type WorkerName } from "../workers/types.js";
import { WORKER_DESCRIPTIONS } from "../workers/registry.js";
import { workerEnvName } from "../config.js";
import type { FlagOverride } from "./context.js";
import { registerManagementCommands } from "./management.js";
import { registerReportCommands } from "./register-reports.js";
import { registerServe } from "./register-serve.js";
import { registerSimulatorCommands } from "./register-simulator.js";

const VERSION = "0.1.0";

const positiveInt = (value: string): string => {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError("must be a positive integer");
  }
  return value;
};

interface WorkerFlags {
  ifDue?: boolean;
  force?: boolean;
  dryRun?: boolean;
  batch?: string;
  timeout?: string;
  interval?: string;
}

function workerOverrides(
  name: WorkerName,
  opts: { batch?: string; timeout?: string; interval?: string },
): FlagOverride[] {
  const prefix = `WORKER_${workerEnvName(name)}`;
  return [
    { variable: `${prefix}_BATCH`, flag: "--batch", value: opts.batch },
    { variable: `${prefix}_TIMEOUT`, flag: "--timeout", value: opts.timeout },
    {
      variable: `${prefix}_INTERVAL`,
      flag: "--interval",
      value: opts.interval,
    },
  ];
}

function registerWorkerCommands(program: Command): void {
  for (const name of WORKER_NAMES) {
    const command = program
      .command(name)
      .description(`run ${name} once: ${WORKER_DESCRIPTIONS[name]}`);
    command
      .option("--if-due", "run only when the worker's next run time has passed")
      .option("--force", "run even when the worker is disabled")
      .option("--dry-run", "fetch but write nothing")
      .option(
        "--batch <n>",
        `items per run (WORKER_${workerEnvName(name)}_BATCH)`,
        positiveInt,
      )
      .option(
        "--timeout <duration>",
        `maximum run time (WORKER_${workerEnvName(name)}_TIMEOUT)`,
      )
      .option(
        "--interval <duration>",
        `time between runs (WORKER_${workerEnvName(name)}_INTERVAL)`,
      )
      .action(
        withContext(
          command,
          (opts) => workerOverrides(name, opts as WorkerFlags),
          async (ctx, opts: WorkerFlags) => {
            const { runOne, exitCodeFor } = await import("./run-commands.js");
            const result = await runOne(ctx, name, opts);
            return result ? exitCodeFor(result.outcome, ctx) : 0;
          },
        ),
      );
  }
}

export function buildProgram(): Command {
  const program = new Command("fansly-workers")
    .description(
      "Keeps a local database of Fansly tags and creators current and ranks them",
    )
    .version(VERSION)
    .option("--db <path>", "SQLite database file (FANSLY_WORKERS_DB)")
    .option("--api-base <url>", "Fansly API base URL (FANSLY_API_BASE)")
    .option(
      "--rate-limit <n/duration>",
      "shared request budget such as 50/10s, or off (FANSLY_RATE_LIMIT)",
    )
    .option("--concurrency <n>", "parallel requests (FANSLY_CONCURRENCY)")
    .addOption(
      new Option("--log-format <format>", "log format (LOG_FORMAT)").choices([
        "pretty",
        "plain",
        "json",
      ]),
    )
    .option(
      "--log-level <level>",
      "silent, fatal, error, warn, info, debug or trace (LOG_LEVEL)",
    )
    .option("-v, --verbose", "debug logging")
    .option("-q, --quiet", "warnings and errors only")
    .showHelpAfterError()
    .exitOverride();
  registerWorkerCommands(program);
  registerManagementCommands(program);
  registerReportCommands(program);
  registerServe(program);
  registerSimulatorCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    throw error;
  }
}

void main(process.argv);
