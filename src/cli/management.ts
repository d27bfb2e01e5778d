import { Command } from "commander";
import { withContext } from "./action.js";
import { integer } from "./option-parsers.js";

const none = () => [];

function registerCycle(program: Command): void {
  const cycle = program
    .command("cycle")
    .description(
      "run the chain: discovery (when due), tag-updater, creator-updater, rank-calculator, statistics-calculator",
    )
    .option(
      "--if-due",
      "run each worker only when its next run time has passed",
    )
    .option("--dry-run", "fetch but write nothing")
    .option("--json", "print the per-worker summary as JSON");
  cycle.action(
    withContext(
      cycle,
      none,
      async (
        ctx,
        opts: { ifDue?: boolean; dryRun?: boolean; json?: boolean },
      ) => {
        const { runCycle, exitCodeFor } = await import("./run-commands.js");
        const summary = await import("./cycle-summary.js");
        const steps = await runCycle(ctx, opts);
        const json = opts.json ?? false;
        const { logLevel } = ctx.config;
        if (summary.shouldPrintCycleSummary(steps, { json, logLevel })) {
          summary.printCycleSummary(steps, json);
        }
        const codes = steps.map((s) =>
          s.result ? exitCodeFor(s.result.outcome, ctx) : 0,
        );
        if (ctx.shutdown.received()) return exitCodeFor("cancelled", ctx);
        return codes.some((c) => c !== 0) ? 1 : 0;
      },
    ),
  );
}

function registerStatus(program: Command): void {
  const status = program
    .command("status")
    .description(
      "show every worker's state, last and next run, counts and last error",
    )
    .option("--json", "machine-readable output (ISO UTC times)")
    .option(
      "--check",
      "exit 1 with one line per overdue, stuck or failing worker (for monitors)",
    );
  status.action(
    withContext(status, none, async (ctx, opts: { json?: boolean }) => {
      const { statusCommand } = await import("./status-command.js");
      return statusCommand(ctx, opts);
    }),
  );
}

function registerTracked(program: Command, kind: "tag" | "creator"): void {
  const group = program
    .command(`${kind}s`)
    .description(`manage tracked ${kind}s`);
  const what = kind === "tag" ? "NAME" : "USERNAME";
  const add = group
    .command("add")
    .argument(`<${what.toLowerCase()}...>`)
    .description(`look ${kind}s up on Fansly and track them`);
  add.action(
    withContext(add, none, async (ctx, names: string[]) => {
      const { addCommand } = await import("./tracked-commands.js");
      return addCommand(ctx, kind, names);
    }),
  );
  const remove = group
    .command("remove")
    .argument(`<${what.toLowerCase()}...>`)
    .description(`stop tracking ${kind}s and delete their history`);
  remove.action(
    withContext(remove, none, async (ctx, names: string[]) => {
      const { removeCommand } = await import("./tracked-commands.js");
      return removeCommand(ctx, kind, names);
    }),
  );
  const list = group
    .command("list")
    .description(`list tracked ${kind}s by rank`)
    .option("--json", "machine-readable output")
    .option("--limit <n>", "at most this many rows", integer(1));
  list.action(
    withContext(
      list,
      none,
      async (ctx, opts: { json?: boolean; limit?: number }) => {
        const { listCommand } = await import("./tracked-commands.js");
        return listCommand(ctx, kind, opts);
      },
    ),
  );
}

export function registerManagementCommands(program: Command): void {
  registerCycle(program);
  registerStatus(program);
  registerTracked(program, "tag");
  registerTracked(program, "creator");
}
