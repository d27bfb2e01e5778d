import { join } from "node:path";
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/index.js";
import {
  createMigratedDb,
  insertCreators,
  insertTags,
  openForGeneration,
} from "./datagen.js";
import { insertTagsWithHistory } from "./history.js";
import { cliEnv, type Env } from "./processes.js";

export interface SimSetup {
  readonly sim: Simulator;
  readonly db: string;
  /** Environment that points the CLI at this simulator and database. */
  env(extra?: Env): Env;
}

export interface SimSetupOptions extends SimulatorOptions {
  /** Database file name inside the scratch folder. */
  readonly file: string;
  /** Track the simulator's creators too. @defaultValue false */
  readonly trackCreators?: boolean;
  /** Give every tracked tag this much history. @defaultValue none */
  readonly historyPerTag?: number;
}

/**
 * A simulator and a database that tracks every one of its tags, last
 * checked two hours before the simulator's "now", as a long-running
 * install would be when its next cron run starts.
 */
export async function setUpSimulator(
  dir: string,
  options: SimSetupOptions,
): Promise<SimSetup> {
  const sim = await startSimulator(options);
  const db = join(dir, options.file);
  await createMigratedDb(db);
  const sqlite = openForGeneration(db);
  const tags = sim.dataset.tags.map(({ id, name }) => ({ id, name }));
  const perTag = options.historyPerTag ?? 0;
  if (perTag > 0) insertTagsWithHistory(sqlite, tags, { perTag });
  else insertTags(sqlite, tags, { deletedShare: 0 });
  if (options.trackCreators) insertCreators(sqlite, sim.dataset.creators);
  sqlite.close();
  const env = (extra: Env = {}): Env =>
    cliEnv({
      FANSLY_API_BASE: sim.url,
      FANSLY_WORKERS_DB: db,
      FANSLY_WORKERS_NOW: String(sim.clock.now()),
      ...extra,
    });
  return { sim, db, env };
}
