import type { Migration, MigrationProvider } from "kysely";
import * as createSchema from "./0001_create_schema.js";
import * as addRateLimitSlowedAt from "./0002_add_rate_limit_slowed_at.js";
import * as replaceRankIndexes from "./0003_replace_rank_indexes.js";
import * as addLastObservedAt from "./0004_add_last_observed_at.js";
import * as addStaleIndexes from "./0005_add_stale_indexes.js";

// Registered statically so the migrations survive bundling into one file.
const MIGRATIONS: Record<string, Migration> = {
  "0001_create_schema": createSchema,
  "0002_add_rate_limit_slowed_at": addRateLimitSlowedAt,
  "0003_replace_rank_indexes": replaceRankIndexes,
  "0004_add_last_observed_at": addLastObservedAt,
  "0005_add_stale_indexes": addStaleIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/** The registry's newest name; `LATEST_MIGRATION` must equal it. */
export const registeredLatest = (): string | undefined =>
  Object.keys(MIGRATIONS).sort().at(-1);

export { LATEST_MIGRATION } from "./latest.js";
