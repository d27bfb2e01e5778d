import type { Migration, MigrationProvider } from "kysely";
import * as createSchema from "./0001_create_schema.js";
import * as addRateLimitSlowedAt from "./0002_add_rate_limit_slowed_at.js";

// Registered statically so the migrations survive bundling into one file.
const MIGRATIONS: Record<string, Migration> = {
  "0001_create_schema": createSchema,
  "0002_add_rate_limit_slowed_at": addRateLimitSlowedAt,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
