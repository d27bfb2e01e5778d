import { rmSync } from "node:fs";
import { createManualClock, HOUR_MS } from "../clock.js";
import type { Config } from "../config.js";
import { createLogger } from "../logger.js";
import type { CommandContext } from "./context.js";

export interface DemoOptions {
  demoDb: string;
  days: number;
  seed: number;
  tags: number;
  creators: number;
}

/** The demo's settings: no rate limit (the API is local), every item every hour. */
function demoConfig(
  config: Config,
  options: DemoOptions,
  apiBase: string,
  seeds: string[],
): Config {
  const everything = 1_000_000;
  const workers = { ...config.workers };
  for (const name of Object.keys(workers) as (keyof typeof workers)[]) {
    workers[name] = {
      ...workers[name],
      enabled: true,
      intervalMs: HOUR_MS,
      batch: everything,
    };
  }
  workers["tag-discovery"] = {
    ...workers["tag-discovery"],
    intervalMs: 6 * HOUR_MS,
    batch: 10,
  };
  return Object.freeze({
    ...config,
    dbPath: options.demoDb,
    apiBase,
    authToken: null,
    rateLimit: { requests: 0, perMs: 1 },
    concurrency: 8,
    refreshAgeMs: 30 * 60_000,
    seedTags: seeds,
    discoveryPages: 3,
    workers,
  });
}

function removeDatabase(path: string): void {
  for (const suffix of ["", "-wal", "-shm"])
    rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Starts the simulator in process and drives it and the workers with one
 * manual clock: discovery, then hourly cycles over `days` simulated days,
 * so history, trends and next runs look as they would after real days.
 */
export async function demoCommand(
  ctx: CommandContext,
  options: DemoOptions,
): Promise<number> {
  const { startSimulator, DEFAULT_EPOCH_MS } =
    await import("../simulator/index.js");
  const clock = createManualClock(DEFAULT_EPOCH_MS);
  const sim = await startSimulator({
    seed: options.seed,
    tags: options.tags,
    creators: options.creators,
    clock,
  });
  try {
    const seeds = [...sim.dataset.tags]
      .map((tag) => sim.tag(tag.name)!)
      .filter((tag) => !tag.hidden)
      .sort((a, b) => b.viewCount - a.viewCount)
      .slice(0, 3)
      .map((tag) => tag.name);
    const config = demoConfig(ctx.config, options, sim.url, seeds);
    removeDatabase(config.dbPath);
    ctx.log.info(
      `demo: simulator at ${sim.url}, database ${config.dbPath}, seed tags ${seeds.join(", ")}`,
    );
    const demo = await createDemoContext(ctx, config, clock);
    try {
      await simulateDays(demo, clock, options.days, ctx);
      await printResults(demo);
    } finally {
      await demo.close();
    }
  } finally {
    await sim.close();
  }
  return ctx.shutdown.received() ? 130 : 0;
}

async function createDemoContext(
  ctx: CommandContext,
  config: Config,
  clock: ReturnType<typeof createManualClock>,
): Promise<CommandContext> {
  const { openDb } = await import("../db/open.js");
  const { createApiFromConfig } = await import("../fansly/index.js");
  const db = await openDb(config.dbPath);
  // The runs themselves log only problems; the demo prints its own progress.
  const quiet = await createLogger({
    format: config.logFormat,
    level: "warn",
  });
  const api = createApiFromConfig(config, db, quiet, clock);
  return {
    config,
    log: quiet,
    clock,
    shutdown: ctx.shutdown,
    db: async () => db,
    api: async () => api,
    close: () => db.close(),
  };
}

async function simulateDays(
  demo: CommandContext,
  clock: ReturnType<typeof createManualClock>,
  days: number,
  ctx: CommandContext,
): Promise<void> {
  const { runCycle } = await import("./run-commands.js");
  const started = performance.now();
  for (let hour = 0; hour <= days * 24; hour += 1) {
    if (ctx.shutdown.signal.aborted) return;
    await runCycle(demo, { ifDue: true });
    if (hour % 24 === 0) {
      const db = await demo.db();
      const counts = db.sqlite
        .prepare(
          "select (select count(*) from tags) as tags, (select count(*) from creators) as creators, (select count(*) from tag_history) as observations",
        )
        .get() as { tags: number; creators: number; observations: number };
      ctx.log.info(
        `demo: day ${hour / 24} (${new Date(clock.now()).toISOString()}): ${counts.tags} tags, ${counts.creators} creators, ${counts.observations} tag observations`,
      );
    }
    if (hour < days * 24) clock.advance(HOUR_MS);
  }
  ctx.log.info(
    `demo: ${days} simulated days in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function printResults(demo: CommandContext): Promise<void> {
  const { statusCommand } = await import("./status-command.js");
  const { topCommand } = await import("./reports/top-command.js");
  await statusCommand(demo, {});
  for (const what of ["tags", "creators"]) {
    process.stdout.write(`\nTop ${what}\n`);
    await topCommand(demo, what, { by: "rank", limit: 10 });
  }
}
