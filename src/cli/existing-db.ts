import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Db } from "../db/open.js";
import { WorkerError } from "../errors.js";
import type { CommandContext } from "./context.js";

/**
 * The database of a command that only reads (status, reports, lists): a
 * missing file is a configuration error naming the path, not a new empty
 * database that would hide a mistyped FANSLY_WORKERS_DB or a cron job that
 * never ran.
 */
export async function existingDb(ctx: CommandContext): Promise<Db> {
  const path = ctx.config.dbPath;
  if (path !== ":memory:" && !existsSync(path)) {
    const full = resolve(path);
    const where = full === path ? `'${path}'` : `'${path}' (${full})`;
    const fix = "run a worker or `cycle` once to create it";
    throw new WorkerError(
      "E_CONFIG",
      `No database at ${where}; check FANSLY_WORKERS_DB or --db, or ${fix}`,
    );
  }
  return ctx.db();
}
