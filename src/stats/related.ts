import { DAY_MS } from "../clock.js";
import type { Db } from "../db/open.js";

/** What `relatedTags` is asked for. */
export interface RelatedQuery {
  /** Ids of the tags to find company for; they are never recommended. */
  readonly tagIds: readonly string[];
  /** Unix ms the window ends at (the current UTC day is included). */
  readonly nowMs: number;
  /** Whole UTC days of co-occurrence to read, today included. */
  readonly windowDays: number;
  /** Candidates with fewer views (or no known count) are left out. */
  readonly minViews: number;
  readonly limit: number;
}

/** One recommended tag, best first. */
export interface RelatedTag {
  readonly id: string;
  readonly name: string;
  readonly view_count: number | null;
  readonly heat: number | null;
  readonly trend: string | null;
  /** See `relatedTags`. */
  readonly score: number;
  /** How many of the input tags it appeared with. */
  readonly inputs_matched: number;
  /** Posts it shared with the inputs, summed over the inputs. */
  readonly co_posts: number;
}

/** The first UTC day (YYYY-MM-DD) inside a window of `windowDays`. */
export function windowStartDay(nowMs: number, windowDays: number): string {
  if (!Number.isInteger(windowDays) || windowDays < 1) {
    throw new TypeError(
      `windowDays must be a positive integer (got ${windowDays})`,
    );
  }
  return new Date(nowMs - (windowDays - 1) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Tags that appear on posts together with the given ones, from
 * `tag_relations` over the window, in one statement.
 *
 * For an input i and a candidate c, co(i, c) is the number of posts they
 * shared and deg(x) the total co-occurrence of x with every tag in the window
 * (how much x is seen at all). Their similarity is the cosine
 * co(i, c) / √(deg(i) · deg(c)): raw co-occurrence favours tags that are on
 * every post, and dividing by the candidate's own frequency takes that size
 * advantage away, while the square root keeps a tag seen once from winning
 * on a single shared post. The score sums the similarities over the inputs
 * and multiplies by k / n, the share of the n inputs the candidate appeared
 * with, so a candidate that goes with all of them beats one that goes very
 * well with only one. Deleted tags and the inputs themselves are left out.
 */
export function relatedTags(db: Db, query: RelatedQuery): RelatedTag[] {
  const inputs = [...new Set(query.tagIds)];
  if (inputs.length === 0) return [];
  return db.sqlite.prepare(RELATED_SQL).all({
    inputs: JSON.stringify(inputs),
    input_count: inputs.length,
    since_day: windowStartDay(query.nowMs, query.windowDays),
    min_views: query.minViews,
    limit: query.limit,
  }) as RelatedTag[];
}

// Degrees are summed only for the inputs and their candidates, each a seek
// on the (tag_id, …) primary key, never over the whole relations table.
const RELATED_SQL = `
  with inputs as (
    select distinct value as id from json_each(@inputs)
  ), pairs as (
    select r.tag_id as input_id, r.related_tag_id as candidate_id,
      sum(r.post_count) as co
    from tag_relations as r join inputs as i on r.tag_id = i.id
    where r.day >= @since_day
      and r.related_tag_id not in (select id from inputs)
    group by r.tag_id, r.related_tag_id
  ), degrees as (
    select r.tag_id as id, sum(r.post_count) as deg
    from tag_relations as r
    where r.day >= @since_day
      and r.tag_id in (select candidate_id from pairs union select id from inputs)
    group by r.tag_id
  ), similarities as (
    select p.candidate_id, p.co,
      p.co / sqrt(cast(di.deg as real) * dc.deg) as similarity
    from pairs as p
      join degrees as di on di.id = p.input_id
      join degrees as dc on dc.id = p.candidate_id
  )
  select t.id, t.name, t.view_count, t.heat, t.trend,
    sum(s.similarity) * count(*) / @input_count as score,
    count(*) as inputs_matched, sum(s.co) as co_posts
  from similarities as s join tags as t on t.id = s.candidate_id
  where t.deleted_at is null and coalesce(t.view_count, 0) >= @min_views
  group by t.id
  order by score desc, t.name collate nocase asc
  limit @limit`;
