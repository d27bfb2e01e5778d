import type { ConsolaInstance } from "consola";
import { ofetch } from "ofetch";
import pLimit from "p-limit";
import { systemClock, type Clock } from "../clock.js";
import { isWorkerError } from "../errors.js";
import { abortReason, throwIfAborted } from "./abort.js";
import {
  fetchAccountByUsername,
  fetchAccountsByIds,
  type AccountLookup,
  type Send,
} from "./accounts.js";
import type { RequestContext, RequestSpec } from "./attempt.js";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff.js";
import { suggestionsPath, tagPath } from "./paths.js";
import type { RateLimiter } from "./rate-limiter.js";
import { requestJson } from "./request.js";
import type { CallOptions, ClientStats, FanslyApi } from "./types.js";
import { parseTagAnswer } from "./validate.js";
import { parseSuggestionsAnswer } from "./validate-suggestions.js";

export interface FanslyClientOptions {
  /** API root, such as `https://apiv3.fansly.com/api/v1`. */
  readonly baseUrl: string;
  /** Sent as the raw Authorization header (no `Bearer`); never logged. */
  readonly authToken: string | null;
  /** Timeout of one attempt; every retry gets a fresh one. */
  readonly timeoutMs: number;
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** Requests in flight at once in this process. */
  readonly concurrency: number;
  /** Ids per `/account?ids=` request, at most 100. @defaultValue 50 */
  readonly accountBatchSize?: number;
  readonly limiter: RateLimiter;
  /** Gets one debug line per request: `GET /path → 200 in 12ms`. */
  readonly log: ConsolaInstance;
  readonly userAgent: string;
  /** Reads Retry-After against this clock. @defaultValue the system clock */
  readonly clock?: Clock;
  /** @defaultValue 500 ms base, 30 s cap, Math.random jitter */
  readonly backoff?: Partial<BackoffPolicy>;
  /**
   * After a 429 without Retry-After (fansly-api.md §3.1: 30 s, doubling).
   * The cap never exceeds `maxCooldownMs`, so our own backoff never ends a
   * run. @defaultValue 30 s base, 5 min cap
   */
  readonly rateLimitBackoff?: Partial<BackoffPolicy>;
  /** A 429 asking for a longer pause ends the call as E_RATE_LIMITED. @defaultValue 5 min */
  readonly maxCooldownMs?: number;
}

export const DEFAULT_ACCOUNT_BATCH = 50;
export const DEFAULT_MAX_COOLDOWN_MS = 5 * 60_000;
const DEFAULT_RATE_LIMIT_BACKOFF = { baseMs: 30_000, capMs: 5 * 60_000 };

function buildHeaders(options: FanslyClientOptions): Record<string, string> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": options.userAgent,
  };
  if (options.authToken) headers.authorization = options.authToken;
  return headers;
}

function buildFetcher(options: FanslyClientOptions) {
  // No `timeout` here: ofetch 1.5 applies it only to calls without a signal,
  // and every call carries one (the caller's joined with a per-attempt
  // timer, see attempt.ts). The hook makes an abort surface as the signal's
  // reason at once instead of a wrapped FetchError (STYLE.md §8).
  return ofetch.create({
    baseURL: options.baseUrl,
    retry: 0,
    headers: buildHeaders(options),
    onRequestError: ({ options: request }) => {
      request.signal?.throwIfAborted();
    },
  });
}

/**
 * Bounds the requests in flight. When a caller's signal aborts, the queue is
 * cleared so queued calls settle at once (p-limit rejects them); a call that
 * another caller's abort pushed out, while its own signal is live, queues
 * again. A 401/403 clears the queue too, and every call still open then
 * fails with it unsent; the first call after they have all settled starts
 * afresh, so a later run (under `serve`) tries the token again.
 */
function createQueue(concurrency: number, ctx: RequestContext): Send {
  const limit = pLimit({ concurrency, rejectOnClear: true });
  const watched = new WeakSet<AbortSignal>();
  const watch = (signal: AbortSignal | undefined) => {
    if (!signal || watched.has(signal)) return;
    watched.add(signal);
    signal.addEventListener("abort", () => limit.clearQueue(), { once: true });
  };
  let open = 0;

  const run = async (spec: RequestSpec): Promise<unknown> => {
    for (;;) {
      throwIfAborted(spec.signal);
      const authFailure = ctx.authFailure.error;
      if (authFailure !== undefined) throw authFailure;
      try {
        return await limit(() => requestJson(ctx, spec));
      } catch (error) {
        if (spec.signal?.aborted) throw abortReason(spec.signal);
        if (isWorkerError(error, "E_AUTH")) limit.clearQueue();
        if (!isClearedFromQueue(error)) throw error;
      }
    }
  };

  return async (spec: RequestSpec) => {
    watch(spec.signal);
    if (open === 0) ctx.authFailure.error = undefined;
    open += 1;
    try {
      return await run(spec);
    } finally {
      open -= 1;
    }
  };
}

// requestJson only throws WorkerErrors, so a bare AbortError comes from
// p-limit's clearQueue().
const isClearedFromQueue = (error: unknown): boolean =>
  error instanceof Error && error.name === "AbortError";

const emptyStats = (): ClientStats => ({
  requests: 0,
  retries: 0,
  rateLimited: 0,
  rateLimitWaitMs: 0,
  retryWaitMs: 0,
  failures: 0,
  byEndpoint: {},
});

function createContext(options: FanslyClientOptions): RequestContext {
  const maxCooldownMs = options.maxCooldownMs ?? DEFAULT_MAX_COOLDOWN_MS;
  const rateLimitBackoff = {
    ...DEFAULT_BACKOFF,
    ...DEFAULT_RATE_LIMIT_BACKOFF,
    ...options.rateLimitBackoff,
  };
  return {
    fetcher: buildFetcher(options),
    limiter: options.limiter,
    log: options.log,
    stats: emptyStats(),
    clock: options.clock ?? systemClock,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    rateLimitBackoff: {
      ...rateLimitBackoff,
      capMs: Math.min(rateLimitBackoff.capMs, maxCooldownMs),
    },
    maxCooldownMs,
    authFailure: { error: undefined },
  };
}

/** The real Fansly API behind the FanslyApi contract. */
export function createFanslyClient(options: FanslyClientOptions): FanslyApi {
  const ctx = createContext(options);
  const send = createQueue(options.concurrency, ctx);
  const lookup = (call: CallOptions | undefined): AccountLookup => ({
    send,
    log: call?.log ?? options.log,
    batchSize: options.accountBatchSize ?? DEFAULT_ACCOUNT_BATCH,
    signal: call?.signal,
    retryBudget: call?.retryBudget,
  });

  return {
    stats: ctx.stats,
    getTagByName: async (name, call) => {
      const path = tagPath(name);
      return parseTagAnswer(await send({ path, key: "tag", ...call }));
    },
    getSuggestions: async (query, call) => {
      const path = suggestionsPath(query);
      const body = await send({ path, key: "suggestions", ...call });
      return parseSuggestionsAnswer(body);
    },
    getAccountsByIds: (ids, call) => fetchAccountsByIds(lookup(call), ids),
    getAccountByUsername: (username, call) =>
      fetchAccountByUsername(lookup(call), username),
  };
}
