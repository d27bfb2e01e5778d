import type { Command } from "commander";
import { asError, isWorkerError } from "../errors.js";
import type { CommandContext, FlagOverride, GlobalOptions } from "./context.js";

/** The command's own option values, as commander parsed them. */
export type FlagValues = Record<string, string | boolean | undefined>;

/** Runs an action with configuration, logger and cleanup; sets the exit code. */
export function withContext<A extends unknown[]>(
  command: Command,
  overrides: (opts: FlagValues) => FlagOverride[],
  action: (ctx: CommandContext, ...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    let ctx: CommandContext | undefined;
    try {
      // Loaded here, not at the top, so that `--help` and usage errors never
      // load the configuration and the logger.
      const { createContext, resolveConfig } = await import("./context.js");
      const config = resolveConfig(
        command.optsWithGlobals<GlobalOptions>(),
        overrides(command.opts<FlagValues>()),
      );
      ctx = await createContext(config);
      process.exitCode = await action(ctx, ...args);
    } catch (error) {
      process.exitCode = reportError(error, ctx);
    } finally {
      await ctx?.close();
      armExitWatchdog();
    }
  };
}

function reportError(error: unknown, ctx: CommandContext | undefined): number {
  const usage =
    isWorkerError(error, "E_CONFIG") || isWorkerError(error, "E_USAGE");
  const message = asError(error).message;
  if (ctx && !usage) ctx.log.error(message);
  else process.stderr.write(`fansly-workers: ${message}\n`);
  if (usage) return 2;
  if (isWorkerError(error, "E_ABORTED") && ctx)
    return ctx.shutdown.received() === "SIGINT" ? 130 : 143;
  return 1;
}

/** If a leaked handle keeps the process alive after the work is done, say so and leave. */
function armExitWatchdog(): void {
  setTimeout(() => {
    process.stderr.write(
      "fansly-workers: a handle kept the process alive; exiting\n",
    );
    process.exit(process.exitCode ?? 1);
  }, 2_000).unref();
}
