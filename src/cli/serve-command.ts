import type { CommandContext } from "./context.js";

export interface ServeOptions {
  host: string;
  port: number;
}

/**
 * Runs the workers on their intervals in this process and serves the status
 * endpoint until SIGINT/SIGTERM; then stops the tickers, lets running
 * workers stop at an item boundary, closes the listener and exits 0.
 */
export async function serveCommand(
  ctx: CommandContext,
  options: ServeOptions,
): Promise<number> {
  const { startScheduler } = await import("../scheduler/serve.js");
  const { readStatus } = await import("../scheduler/status.js");
  const { createMetrics } = await import("../http/metrics.js");
  const { startStatusServer } = await import("../http/server.js");
  const db = await ctx.db();
  const metrics = createMetrics();
  let api: Awaited<ReturnType<CommandContext["api"]>> | undefined;
  // Workers that never ran are not overdue before serve has had its grace period to run them.
  const startedAt = ctx.clock.now();
  const status = () =>
    readStatus(db, ctx.config, ctx.clock.now(), { notBefore: startedAt });
  metrics.trackStatus(status);
  metrics.trackClient(() => api?.stats);

  const server = await startStatusServer({
    host: options.host,
    port: options.port,
    status,
    metrics,
    log: ctx.log,
  });
  ctx.log.info(
    `serve: status on ${server.url}/api/workers/status, health on /healthz, metrics on /metrics`,
  );
  const scheduler = startScheduler({
    config: ctx.config,
    db,
    clock: ctx.clock,
    log: ctx.log,
    signal: ctx.shutdown.signal,
    api: async () => (api ??= await ctx.api()),
    onRun: (result) => {
      metrics.recordRun(result.worker, result.outcome, result.durationMs);
      if (result.errorCode === "E_CIRCUIT_OPEN")
        metrics.recordBreakerTrip(result.worker);
    },
  });
  await scheduler.stopped();
  await server.close();
  ctx.log.info("serve: stopped");
  return 0;
}
