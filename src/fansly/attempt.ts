import type { ConsolaInstance } from "consola";
import type { $Fetch, FetchResponse } from "ofetch";
import type { Clock } from "../clock.js";
import { WorkerError, asError } from "../errors.js";
import { abortReason, attemptSignal } from "./abort.js";
import { parseRetryAfter, type BackoffPolicy } from "./backoff.js";
import { shortPath } from "./paths.js";
import type { RateLimiter } from "./rate-limiter.js";
import type { ClientStats, RetryBudget } from "./types.js";
import { failureText } from "./validate.js";

/** What every request of one client shares. */
export interface RequestContext {
  readonly fetcher: $Fetch;
  readonly limiter: RateLimiter;
  readonly log: ConsolaInstance;
  readonly stats: ClientStats;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly backoff: BackoffPolicy;
  /** Waits after a 429 without Retry-After. */
  readonly rateLimitBackoff: BackoffPolicy;
  /** A longer cool-down ends the request (and the run) as E_RATE_LIMITED. */
  readonly maxCooldownMs: number;
  /**
   * The 401/403 that stops every call made alongside the one that got it;
   * the queue clears it once all of them have settled.
   */
  readonly authFailure: { error: WorkerError | undefined };
}

export interface RequestSpec {
  /** Path and query below the base URL. */
  readonly path: string;
  /** Key of `stats.byEndpoint`. */
  readonly key: string;
  readonly signal?: AbortSignal | undefined;
  /** The run's retries left, shared by all its calls. */
  readonly retryBudget?:
    | RetryBudget
    | undefined; /** The run's logger; the client's own when absent. */
  readonly log?: ConsolaInstance | undefined;
}

export interface Failure {
  readonly ok: false;
  readonly error: WorkerError;
  readonly retryable: boolean;
  /** A 429: the shared limiter must pause every process. */
  readonly rateLimited: boolean;
  /** Where `Retry-After` points, Unix ms. */
  readonly retryAtMs: number | null;
}

export type Outcome = { readonly ok: true; readonly body: unknown } | Failure;

const BODY_PREVIEW_CHARS = 80;

// Batch splitting needs the status of a failed request without a second
// error class; the map is private to src/fansly/.
const statuses = new WeakMap<WorkerError, number>();

export const httpStatusOf = (error: unknown): number | undefined =>
  error instanceof WorkerError ? statuses.get(error) : undefined;

function failure(
  error: WorkerError,
  retryable: boolean,
  status?: number,
): Failure {
  if (status !== undefined) statuses.set(error, status);
  return { ok: false, error, retryable, rateLimited: false, retryAtMs: null };
}

const label = (spec: RequestSpec): string => `GET ${shortPath(spec.path)}`;

function describeBody(response: Response, text: string): string {
  const type = response.headers.get("content-type") || "no content type";
  if (text === "") return `(${type}, empty body)`;
  const preview = JSON.stringify(text.slice(0, BODY_PREVIEW_CHARS));
  return `(${type}, ${Buffer.byteLength(text)} bytes): ${preview}`;
}

function jsonFailureText(text: string): string | null {
  try {
    return failureText(JSON.parse(text));
  } catch {
    return null;
  }
}

function parseBody(
  spec: RequestSpec,
  response: Response,
  text: string,
): Outcome {
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    // A gateway or CDN page with a 2xx status; it may pass, so it is retried.
    const message = `${label(spec)} answered ${response.status} with a body that is not JSON ${describeBody(response, text)}`;
    return failure(new WorkerError("E_HTTP", message), true, response.status);
  }
}

function classify(
  spec: RequestSpec,
  response: FetchResponse<string>,
  nowMs: number,
): Outcome {
  const { status } = response;
  const text = response._data ?? "";
  if (status >= 200 && status < 300) return parseBody(spec, response, text);
  if (status === 401 || status === 403) {
    const message = `Fansly answered ${status}: the auth token (FANSLY_AUTH_TOKEN) is missing, wrong or expired`;
    return failure(new WorkerError("E_AUTH", message), false, status);
  }

  const detail = jsonFailureText(text) ?? describeBody(response, text);
  const message = `${label(spec)} answered ${status}: ${detail}`;
  if (status !== 429) {
    return failure(new WorkerError("E_HTTP", message), status >= 500, status);
  }
  return {
    ...failure(new WorkerError("E_RATE_LIMITED", message), true, status),
    rateLimited: true,
    retryAtMs: parseRetryAfter(response.headers.get("retry-after"), nowMs),
  };
}

/** The innermost message: fetch's own is only "fetch failed". */
function rootMessage(error: unknown): string {
  let current = asError(error);
  for (let depth = 0; depth < 8 && current.cause instanceof Error; depth++) {
    current = current.cause;
  }
  return current.message;
}

function timeoutFailure(ctx: RequestContext, spec: RequestSpec): Failure {
  const message = `${label(spec)} timed out after ${ctx.timeoutMs} ms`;
  return failure(new WorkerError("E_TIMEOUT", message), true);
}

function networkFailure(spec: RequestSpec, error: unknown): Failure {
  // ofetch's FetchError carries the request options, headers and token
  // included, so only its cause is kept.
  const cause = error instanceof Error && error.cause ? error.cause : error;
  const message = `${label(spec)} failed: ${rootMessage(error)}`;
  return failure(new WorkerError("E_HTTP", message, { cause }), true);
}

function countRequest(stats: ClientStats, key: string): void {
  stats.requests += 1;
  stats.byEndpoint[key] = (stats.byEndpoint[key] ?? 0) + 1;
}

/**
 * One HTTP attempt with its own timeout. Never throws except on abort: every
 * other failure comes back as a Failure for the retry policy to judge.
 */
export async function attemptOnce(
  ctx: RequestContext,
  spec: RequestSpec,
): Promise<Outcome> {
  const attempt = attemptSignal(spec.signal, ctx.timeoutMs);
  const started = performance.now();
  const elapsed = () => `${Math.round(performance.now() - started)}ms`;
  countRequest(ctx.stats, spec.key);

  try {
    const response = await ctx.fetcher.raw<string, "text">(spec.path, {
      signal: attempt.signal,
      responseType: "text",
      ignoreResponseError: true,
    });
    ctx.log.debug(`${label(spec)} → ${response.status} in ${elapsed()}`);
    return classify(spec, response, ctx.clock.now());
  } catch (error) {
    if (spec.signal?.aborted) throw abortReason(spec.signal);
    const timedOut = attempt.timedOut();
    const reason = timedOut ? "timeout" : rootMessage(error);
    ctx.log.debug(`${label(spec)} → ${reason} in ${elapsed()}`);
    return timedOut ? timeoutFailure(ctx, spec) : networkFailure(spec, error);
  } finally {
    attempt.dispose();
  }
}
