import type { Db } from "../../src/db/open.js";
import { runCli, type CliResult } from "./cli.js";
import { runHourly, startInProcess, type InProcess } from "./in-process.js";

/** A tag whose name needs CSV quoting: a comma and double quotes. */
export const AWKWARD_NAME = 'say "hi", world';

/** A database filled by two simulated days of every worker, for the report commands. */
export interface ReportsDb {
  readonly app: InProcess;
  readonly db: Db;
  /** Name of a tag Fansly stopped showing, so it is deleted by the end. */
  readonly hiddenTag: string;
  /** Runs the built CLI on this database at the simulated time. */
  cli(args: readonly string[]): Promise<CliResult>;
  close(): Promise<void>;
}

const EVERY_WORKER = [
  "tag-discovery",
  "tag-updater",
  "creator-updater",
  "rank-calculator",
  "statistics-calculator",
] as const;

export async function buildReportsDb(): Promise<ReportsDb> {
  const app = await startInProcess(
    { seed: 5, tags: 60, creators: 12 },
    { FANSLY_SEED_TAGS: "r&b", WORKER_TAG_DISCOVERY_INTERVAL: "6h" },
  );
  app.sim.addTag(AWKWARD_NAME, { viewCount: 5_000 });
  app.trackAllTags();
  await runHourly(app, { hours: 36, everyHours: 6, workers: EVERY_WORKER });

  // Tracked and counted, then gone for the last two checks: deleted.
  const hiddenTag = app.sim.dataset.tags[12]!.name;
  app.sim.hideTag(hiddenTag);
  await runHourly(app, { hours: 12, everyHours: 6, workers: EVERY_WORKER });

  return {
    app,
    db: app.db,
    hiddenTag,
    cli: (args) =>
      runCli(args, {
        FANSLY_WORKERS_DB: app.ctx.config.dbPath,
        FANSLY_WORKERS_NOW: String(app.sim.clock.now()),
        LOG_FORMAT: "json",
      }),
    close: () => app.close(),
  };
}
