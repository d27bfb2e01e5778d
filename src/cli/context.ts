import type { ConsolaInstance } from "consola";
import { createOffsetClock, systemClock, type Clock } from "../clock.js";
import {
  loadConfig,
  loadDotenv,
  type Config,
  type RawSettings,
} from "../config.js";
import type { Db } from "../db/open.js";
import type { FanslyApi } from "../fansly/types.js";
import { createLogger } from "../logger.js";
import { onShutdown, type Shutdown } from "../scheduler/shutdown.js";

/** Global options every command accepts (see main.ts). */
export interface GlobalOptions {
  db?: string;
  apiBase?: string;
  rateLimit?: string;
  concurrency?: string;
  logFormat?: string;
  logLevel?: string;
  verbose?: boolean;
  quiet?: boolean;
}

/** Flag name → the variable it overrides, so flags and env share one parser. */
const GLOBAL_FLAGS: Record<keyof GlobalOptions, [string, string] | undefined> =
  {
    db: ["FANSLY_WORKERS_DB", "--db"],
    apiBase: ["FANSLY_API_BASE", "--api-base"],
    rateLimit: ["FANSLY_RATE_LIMIT", "--rate-limit"],
    concurrency: ["FANSLY_CONCURRENCY", "--concurrency"],
    logFormat: ["LOG_FORMAT", "--log-format"],
    logLevel: ["LOG_LEVEL", "--log-level"],
    verbose: undefined,
    quiet: undefined,
  };

export interface FlagOverride {
  readonly variable: string;
  readonly flag: string;
  readonly value: string | undefined;
}

export interface CommandContext {
  readonly config: Config;
  readonly log: ConsolaInstance;
  readonly clock: Clock;
  readonly shutdown: Shutdown;
  db(): Promise<Db>;
  api(): Promise<FanslyApi>;
  close(): Promise<void>;
}

/** Resolves configuration (flags > env > .env > defaults) and opens nothing yet. */
export function resolveConfig(
  options: GlobalOptions,
  overrides: readonly FlagOverride[] = [],
): Config {
  const flags: Record<string, string | undefined> = {};
  const flagNames: Record<string, string> = {};
  const add = (variable: string, flag: string, value: string | undefined) => {
    if (value === undefined) return;
    flags[variable] = value;
    flagNames[variable] = flag;
  };
  for (const [key, entry] of Object.entries(GLOBAL_FLAGS)) {
    const value = options[key as keyof GlobalOptions];
    if (entry && typeof value === "string") add(entry[0], entry[1], value);
  }
  if (options.verbose) add("LOG_LEVEL", "--verbose", "debug");
  if (options.quiet) add("LOG_LEVEL", "--quiet", "warn");
  for (const override of overrides)
    add(override.variable, override.flag, override.value);
  return loadConfig({
    env: process.env as RawSettings,
    dotenv: loadDotenv(),
    flags,
    flagNames,
  });
}

export async function createContext(config: Config): Promise<CommandContext> {
  const log = await createLogger({
    format: config.logFormat,
    level: config.logLevel,
  });
  const clock =
    config.startTimeMs === null
      ? systemClock
      : createOffsetClock(config.startTimeMs);
  const shutdown = onShutdown(log);
  let db: Promise<Db> | undefined;
  let api: Promise<FanslyApi> | undefined;
  const openDatabase = async (): Promise<Db> => {
    const { openDb } = await import("../db/open.js");
    // Commands use db.sqlite only; skipping Kysely keeps start-up fast.
    return openDb(config.dbPath, {
      kysely: false,
      onMigration: (name, status) => log.debug(`migration ${name}: ${status}`),
    });
  };
  const createApi = async (): Promise<FanslyApi> => {
    const { createApiFromConfig } = await import("../fansly/index.js");
    return createApiFromConfig(config, await context.db(), log, clock);
  };
  const context: CommandContext = {
    config,
    log,
    clock,
    shutdown,
    db: () => (db ??= openDatabase()),
    api: () => (api ??= createApi()),
    close: async () => {
      shutdown.dispose();
      if (db) await (await db.catch(() => undefined))?.close();
    },
  };
  return context;
}
