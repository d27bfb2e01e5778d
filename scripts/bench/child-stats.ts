import { DAY_MS } from "../../src/clock.js";
import { peakRssKb } from "./peak-rss.js";
import { openDb } from "../../src/db/open.js";

// The latest observation is the tag row's own count at its last check (the
// write path keeps them equal), so two seeks per tag find the bases.
const CHANGES_SQL = `
  select t.id,
    t.view_count - (select h.view_count from tag_history as h
      where h.tag_id = t.id and h.observed_at <= t.last_checked_at - @day_ms
      order by h.observed_at desc limit 1) as change_24h,
    t.view_count - (select h.view_count from tag_history as h
      where h.tag_id = t.id and h.observed_at <= t.last_checked_at - @week_ms
      order by h.observed_at desc limit 1) as change_7d
  from tags as t
  where t.deleted_at is null`;

/** The statistics baseline: one SELECT, rows streamed and counted. */
export async function statsBaseline(input: { db: string }) {
  const db = await openDb(input.db);
  const started = performance.now();
  let rows = 0;
  let with24h = 0;
  let with7d = 0;
  const statement = db.sqlite.prepare(CHANGES_SQL).raw(true);
  for (const row of statement.iterate({
    day_ms: DAY_MS,
    week_ms: 7 * DAY_MS,
  })) {
    const [, day, week] = row as [string, number | null, number | null];
    rows += 1;
    if (day !== null) with24h += 1;
    if (week !== null) with7d += 1;
  }
  const ms = performance.now() - started;
  await db.close();
  return { ms, rows, with24h, with7d, maxRssKb: peakRssKb() };
}
