import type { Migration, MigrationProvider } from "kysely";
import * as createSchema from "./0001_create_schema.js";

// Registered statically so the migrations survive bundling into one file.
const MIGRATIONS: Record<string, Migration> = {
  "0001_create_schema": createSchema,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
