import Table from "cli-table3";
import type { CommandContext } from "./context.js";
import { existingDb } from "./existing-db.js";
import { formatCount, formatWhen, isoOrNull, truncate } from "./format.js";

type Kind = "tag" | "creator";

/** Looks each name up through the API and tracks it; unknown names are errors. */
export async function addCommand(
  ctx: CommandContext,
  kind: Kind,
  names: string[],
): Promise<number> {
  const db = await ctx.db();
  const api = await ctx.api();
  const { createTagStore } = await import("../db/tag-store.js");
  const { createCreatorStore } = await import("../db/creator-store.js");
  let failures = 0;
  for (const raw of names) {
    const name = raw.trim().replace(/^[#@]/, "");
    const found =
      kind === "tag"
        ? await api.getTagByName(name, { signal: ctx.shutdown.signal })
        : await api.getAccountByUsername(name, { signal: ctx.shutdown.signal });
    if (!found) {
      ctx.log.error(`Fansly has no ${kind} named '${name}'; nothing added`);
      failures += 1;
      continue;
    }
    const now = ctx.clock.now();
    const result = db.sqlite
      .transaction(() =>
        "viewCount" in found
          ? createTagStore(db).observe(found, now, "manual")
          : createCreatorStore(db).observe(found, now, "manual"),
      )
      .immediate();
    const label = "viewCount" in found ? found.name : found.username;
    const verb =
      result === "inserted" ? "now tracking" : "already tracked, refreshed";
    process.stdout.write(`${verb} ${kind} '${label}' (id ${found.id})\n`);
  }
  return failures === 0 ? 0 : 1;
}

export async function removeCommand(
  ctx: CommandContext,
  kind: Kind,
  names: string[],
): Promise<number> {
  const db = await existingDb(ctx);
  const sql =
    kind === "tag"
      ? "delete from tags where name = ? collate nocase"
      : "delete from creators where username = ? collate nocase";
  const remove = db.sqlite.prepare(sql);
  let failures = 0;
  for (const raw of names) {
    const name = raw.trim().replace(/^[#@]/, "");
    if (remove.run(name).changes === 0) {
      ctx.log.error(`no tracked ${kind} is named '${name}'`);
      failures += 1;
    } else {
      process.stdout.write(
        `stopped tracking ${kind} '${name}' and removed its history\n`,
      );
    }
  }
  return failures === 0 ? 0 : 1;
}

interface ListedRow {
  id: string;
  name: string;
  count: number | null;
  secondary: number | null;
  rank: number | null;
  last_checked_at: number | null;
  deleted_at: number | null;
  source: string;
}

export async function listCommand(
  ctx: CommandContext,
  kind: Kind,
  options: { json?: boolean; limit?: number },
): Promise<number> {
  const db = await existingDb(ctx);
  const limit = options.limit ?? -1;
  const sql =
    kind === "tag"
      ? `select id, name, view_count as count, post_count as secondary, rank,
           last_checked_at, deleted_at, source from tags`
      : `select id, username as name, followers as count, subscribers as secondary,
           rank, last_checked_at, deleted_at, source from creators`;
  const rows = db.sqlite
    .prepare(`${sql} order by rank is null, rank, name limit ?`)
    .all(limit) as ListedRow[];
  if (options.json) {
    const data = rows.map((r) => ({
      ...r,
      last_checked_at: isoOrNull(r.last_checked_at),
      deleted_at: isoOrNull(r.deleted_at),
    }));
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  }
  const now = ctx.clock.now();
  const head =
    kind === "tag" ? ["views", "posts"] : ["followers", "subscribers"];
  const table = new Table({
    head: ["rank", kind, "id", ...head, "last checked", "state"],
    style: { head: [], border: [], compact: true },
  });
  for (const r of rows) {
    table.push([
      r.rank === null ? "-" : String(r.rank),
      truncate(r.name, 40),
      r.id,
      formatCount(r.count),
      formatCount(r.secondary),
      formatWhen(r.last_checked_at, now),
      r.deleted_at === null ? r.source : "deleted",
    ]);
  }
  process.stdout.write(`${table.toString()}\n${rows.length} ${kind}(s)\n`);
  return 0;
}
