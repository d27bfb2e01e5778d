import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/** How an entity came to be tracked. */
export type EntitySource = "seed" | "manual" | "discovered";

/** Trend label derived from growth rates (see src/stats/heat.ts). */
export type TrendLabel = "up" | "down" | "flat";

/** Columns the statistics-calculator writes on every tag and creator. */
export interface GrowthColumns {
  change_24h: number | null;
  change_24h_pct: number | null;
  change_24h_per_hour: number | null;
  change_7d: number | null;
  change_7d_pct: number | null;
  change_7d_per_hour: number | null;
  heat: number | null;
  trend: TrendLabel | null;
}

/** The growth columns in the order the statistics pass and `top` use them. */
export const GROWTH_COLUMNS = [
  "change_24h",
  "change_24h_pct",
  "change_24h_per_hour",
  "change_7d",
  "change_7d_pct",
  "change_7d_per_hour",
  "heat",
  "trend",
] as const satisfies readonly (keyof GrowthColumns)[];

export interface TagsTable extends GrowthColumns {
  /** Fansly snowflake id, kept as text end to end. */
  id: string;
  name: string;
  view_count: number | null;
  post_count: number | null;
  rank: number | null;
  previous_rank: number | null;
  fansly_created_at: number | null;
  first_seen_at: number;
  last_checked_at: number | null;
  /** Time of the history row whose counts this row holds; null: unknown. */
  last_observed_at: number | null;
  /** The `last_observed_at` the growth columns were computed from. */
  growth_observed_at: number | null;
  last_used_for_discovery: number | null;
  misses: Generated<number>;
  deleted_at: number | null;
  source: EntitySource;
}

export interface TagHistoryTable {
  tag_id: string;
  observed_at: number;
  view_count: number;
  post_count: number | null;
}

export interface CreatorsTable extends GrowthColumns {
  id: string;
  username: string;
  display_name: string | null;
  followers: number | null;
  subscribers: number | null;
  media_likes: number | null;
  post_likes: number | null;
  image_count: number | null;
  video_count: number | null;
  rank: number | null;
  previous_rank: number | null;
  fansly_created_at: number | null;
  first_seen_at: number;
  last_checked_at: number | null;
  /** Time of the history row whose counts this row holds; null: unknown. */
  last_observed_at: number | null;
  /** The `last_observed_at` the growth columns were computed from. */
  growth_observed_at: number | null;
  misses: Generated<number>;
  deleted_at: number | null;
  source: EntitySource;
}

export interface CreatorHistoryTable {
  creator_id: string;
  observed_at: number;
  followers: number;
  subscribers: number | null;
  media_likes: number | null;
  post_likes: number | null;
  image_count: number | null;
  video_count: number | null;
}

/** Posts seen by discovery; a post's tags count towards co-occurrence once. */
export interface PostsTable {
  id: string;
  account_id: string | null;
  created_at: number | null;
  first_seen_at: number;
  source_tag_id: string | null;
}

/** Co-occurrence of two tags on discovered posts, per UTC day, both directions. */
export interface TagRelationsTable {
  tag_id: string;
  related_tag_id: string;
  /** UTC day as YYYY-MM-DD. */
  day: string;
  post_count: number;
}

export interface StatisticsTable {
  id: Generated<number>;
  computed_at: number;
  tag_count: number;
  creator_count: number;
  deleted_tag_count: number;
  deleted_creator_count: number;
  total_views: number;
  total_posts: number;
  total_followers: number;
  total_likes: number;
  views_change_24h: number | null;
  views_change_24h_pct: number | null;
  posts_change_24h: number | null;
  posts_change_24h_pct: number | null;
  followers_change_24h: number | null;
  followers_change_24h_pct: number | null;
  likes_change_24h: number | null;
  likes_change_24h_pct: number | null;
}

export type WorkerStatus = "idle" | "running" | "failed" | "cancelled";

export interface WorkersTable {
  name: string;
  enabled: Generated<number>;
  status: Generated<WorkerStatus>;
  last_run_at: number | null;
  last_finished_at: number | null;
  next_run_at: number | null;
  run_count: Generated<number>;
  success_count: Generated<number>;
  error_count: Generated<number>;
  consecutive_failures: Generated<number>;
  last_error: string | null;
  last_duration_ms: number | null;
  last_outcome: RunOutcome | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  current_run_id: number | null;
}

export type RunOutcome =
  | "running"
  | "ok"
  | "failed"
  | "cancelled"
  | "skipped"
  | "abandoned"
  | "timeout"
  | "rate_limited";

export type RunTrigger = "cli" | "cron" | "serve" | "chain";

export interface WorkerRunsTable {
  id: Generated<number>;
  worker: string;
  started_at: number;
  finished_at: number | null;
  outcome: RunOutcome;
  items_ok: Generated<number>;
  items_failed: Generated<number>;
  items_skipped: Generated<number>;
  missed_intervals: Generated<number>;
  error: string | null;
  details: string | null;
  pid: number;
  host: string;
  trigger: RunTrigger;
}

/** The shared request budget: one row, a GCRA cell (see src/fansly/rate-limiter.ts). */
export interface RateLimitTable {
  id: number;
  /** Theoretical arrival time of the next request, Unix ms. */
  tat: number;
  /** No request may leave before this time (set by a 429). */
  blocked_until: number;
  /**
   * Requests per second right after the last 429 halved the rate; the rate
   * recovers from it (src/fansly/adaptive-rate.ts). null = never slowed.
   */
  current_rate: number | null;
  /** When the rate was last halved, Unix ms; 0 = never. */
  slowed_at: number;
  updated_at: number;
}

export interface Database {
  tags: TagsTable;
  tag_history: TagHistoryTable;
  creators: CreatorsTable;
  creator_history: CreatorHistoryTable;
  posts: PostsTable;
  tag_relations: TagRelationsTable;
  statistics: StatisticsTable;
  workers: WorkersTable;
  worker_runs: WorkerRunsTable;
  rate_limit: RateLimitTable;
}

export type TagRow = Selectable<TagsTable>;
export type NewTag = Insertable<TagsTable>;
export type TagUpdate = Updateable<TagsTable>;
export type CreatorRow = Selectable<CreatorsTable>;
export type NewCreator = Insertable<CreatorsTable>;
export type WorkerRow = Selectable<WorkersTable>;
export type WorkerRunRow = Selectable<WorkerRunsTable>;
export type StatisticsRow = Selectable<StatisticsTable>;
