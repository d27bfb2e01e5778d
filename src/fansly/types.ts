import type { ConsolaInstance } from "consola";
// Normalised shapes the rest of the project sees. The wire shapes (and their
// runtime validation) live in src/fansly/validate.ts; nothing outside
// src/fansly/ sees raw JSON.

/** A tag as E1 (`/contentdiscovery/media/tag`) and E2 `postTags` describe it. */
export interface FanslyTag {
  /** 64-bit snowflake, always a string. */
  readonly id: string;
  /** Canonical name as Fansly spells it (no leading `#`). */
  readonly name: string;
  readonly viewCount: number;
  /** Absent before mid-2025: null means unknown, not zero. */
  readonly postCount: number | null;
  /** Creation time in Unix ms, or null when absent. */
  readonly createdAt: number | null;
}

/** The counters of an account a tracker keeps (E3 / E4 / E2 accounts). */
export interface FanslyAccount {
  readonly id: string;
  readonly username: string;
  /** Falls back to the username when missing or empty. */
  readonly displayName: string;
  readonly followers: number;
  readonly subscribers: number | null;
  readonly postLikes: number | null;
  readonly mediaLikes: number | null;
  readonly imageCount: number | null;
  readonly videoCount: number | null;
  /** Unix ms, or null when absent. */
  readonly createdAt: number | null;
}

/** One post of a suggestions page with the tags it carries. */
export interface FanslyPost {
  /** The post id (`correlationId` of the suggestion). */
  readonly id: string;
  readonly accountId: string | null;
  /** Unix ms (the wire field is seconds), or null when the post is absent. */
  readonly createdAt: number | null;
  readonly tags: readonly FanslyTag[];
}

/** A page of E2 (`suggestionsnew`) for one tag id. */
export interface SuggestionsPage {
  /** Deduplicated by post id, in feed order. */
  readonly posts: readonly FanslyPost[];
  readonly accounts: readonly FanslyAccount[];
  /** Raw count of suggestions on the page before deduplication. */
  readonly suggestionCount: number;
}

export interface SuggestionsQuery {
  readonly tagId: string;
  readonly limit: number;
  readonly offset: number;
}

/**
 * Retries one run may still make, across all its calls. Each retry takes
 * one; at zero a failed request fails at once, so a run against a sick API
 * cannot multiply its requests by the retry count.
 */
export interface RetryBudget {
  remaining: number;
}

/** Per-call options every client method accepts. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** @defaultValue no limit beyond the client's retries per request */
  readonly retryBudget?: RetryBudget;
  /** Logger of the run making the call, so its lines name worker and run. */
  readonly log?: ConsolaInstance;
}

/** Counters the client keeps for logs, run details and metrics. */
export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  /** Time spent waiting for the shared rate limit and 429 cool-downs. */
  rateLimitWaitMs: number;
  /** Time spent in backoff between retries of failed requests. */
  retryWaitMs: number;
  failures: number;
  byEndpoint: Record<string, number>;
}

/**
 * The Fansly API as the workers use it. Every method throws WorkerError
 * (E_HTTP, E_AUTH, E_SHAPE, E_RATE_LIMITED, E_ABORTED) on failure; "not found"
 * is a value (null, or an id missing from the map), never an error.
 */
export interface FanslyApi {
  /** E1. null when Fansly answers 200 without a tag (unknown or hidden). */
  getTagByName(name: string, options?: CallOptions): Promise<FanslyTag | null>;

  /** E2, one page. */
  getSuggestions(
    query: SuggestionsQuery,
    options?: CallOptions,
  ): Promise<SuggestionsPage>;

  /**
   * E3 for any number of ids: split into batches of the configured size
   * (max 100), halved on 404/413/414. Ids missing from the map are misses.
   */
  getAccountsByIds(
    ids: readonly string[],
    options?: CallOptions,
  ): Promise<Map<string, FanslyAccount>>;

  /** E4 for one username; null when Fansly answers `[]`. */
  getAccountByUsername(
    username: string,
    options?: CallOptions,
  ): Promise<FanslyAccount | null>;

  readonly stats: ClientStats;
}
