import { Command } from "commander";
import { asError, isWorkerError } from "../errors.js";
import { withContext } from "./action.js";
import { integer } from "./option-parsers.js";

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  value,
];

interface SimulateFlags {
  host: string;
  port: number;
  seed: number;
  tags: number;
  creators: number;
  speed: number;
  fault?: string[];
  limit?: string;
}

function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description(
      "serve a Fansly-compatible API with a deterministic dataset (for tests and demos)",
    )
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--port <n>", "port (0 = any free port)", integer(0), 0)
    .option("--seed <n>", "dataset seed", integer(0), 1)
    .option("--tags <n>", "number of tags", integer(1), 500)
    .option("--creators <n>", "number of creators", integer(1), 100)
    .option("--speed <n>", "simulated seconds per real second", integer(1), 1)
    .option(
      "--fault <spec>",
      "inject faults, e.g. 429:5%,5xx:0.1,reset:0.02,hang:#3@tag (repeatable)",
      collect,
    )
    .option("--limit <n/duration>", "enforce a rate limit, e.g. 50/10s")
    .action(async (opts: SimulateFlags) => {
      const { runSimulateCommand } = await import("../simulator/command.js");
      try {
        await runSimulateCommand(
          { ...opts, faults: opts.fault, rateLimit: opts.limit },
          { info: (line: string) => process.stderr.write(`${line}\n`) },
        );
      } catch (error) {
        process.stderr.write(`fansly-workers: ${asError(error).message}\n`);
        process.exitCode = isWorkerError(error, "E_CONFIG") ? 2 : 1;
      }
    });
}

function registerDemo(program: Command): void {
  const demo = program
    .command("demo")
    .description(
      "offline: simulator + three simulated days of hourly cycles, then status and top lists",
    )
    .option(
      "--demo-db <path>",
      "database file for the demo (recreated)",
      "./fansly-workers-demo.db",
    )
    .option("--days <n>", "simulated days", integer(1), 3)
    .option("--seed <n>", "dataset seed", integer(0), 7)
    .option("--tags <n>", "tags in the simulated dataset", integer(10), 150)
    .option(
      "--creators <n>",
      "creators in the simulated dataset",
      integer(5),
      50,
    );
  demo.action(
    withContext(
      demo,
      () => [],
      async (ctx, opts) => {
        const { demoCommand } = await import("./demo-command.js");
        return demoCommand(ctx, opts);
      },
    ),
  );
}

export function registerSimulatorCommands(program: Command): void {
  registerSimulate(program);
  registerDemo(program);
}
