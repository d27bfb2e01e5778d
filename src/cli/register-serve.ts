import { Command, InvalidArgumentError } from "commander";
import { withContext } from "./action.js";

/** The status listener's default port; bound on 127.0.0.1 unless --host says otherwise. */
export const DEFAULT_SERVE_PORT = 9317;

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError("must be a port number from 0 to 65535");
  }
  return n;
};

export function registerServe(program: Command): void {
  const serve = program
    .command("serve")
    .description(
      "run every enabled worker on its interval in this process, with an HTTP status endpoint",
    )
    .option(
      "--host <address>",
      "address the status listener binds",
      "127.0.0.1",
    )
    .option(
      "--port <n>",
      "port of the status listener (0 = any free port)",
      port,
      DEFAULT_SERVE_PORT,
    );
  serve.action(
    withContext(
      serve,
      () => [],
      async (ctx, opts: { host: string; port: number }) => {
        const { serveCommand } = await import("./serve-command.js");
        return serveCommand(ctx, opts);
      },
    ),
  );
}
