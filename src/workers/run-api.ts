import type { CallOptions, ClientStats, FanslyApi } from "../fansly/types.js";
import type { WorkerContext } from "./types.js";

/** The API as one run uses it. */
export interface RunApi {
  readonly api: FanslyApi;
  /** For every call of the run: its signal and its retry budget. */
  readonly call: CallOptions;
  /** Puts the run's request counts in its details and logs them. */
  finish(): void;
}

type Usage = Omit<ClientStats, "byEndpoint">;

const USAGE_KEYS: readonly (keyof Usage)[] = [
  "requests",
  "retries",
  "rateLimited",
  "rateLimitWaitMs",
  "retryWaitMs",
  "failures",
];

/**
 * Opens the client for a run and gives the run its own retry budget
 * (FANSLY_RETRY_BUDGET). The client's counters are per process, so the run's
 * share is the difference from now to `finish`; under `serve`, runs that
 * overlap share the client and their counts overlap too.
 */
export async function openRunApi(ctx: WorkerContext): Promise<RunApi> {
  const api = await ctx.api();
  const before = { ...api.stats };
  const retryBudget = { remaining: ctx.config.retryBudget };
  return {
    api,
    call: { signal: ctx.signal, retryBudget, log: ctx.log },
    finish: () => recordUsage(ctx, usageSince(before, api.stats)),
  };
}

function usageSince(before: ClientStats, after: ClientStats): Usage {
  const usage = {} as Record<keyof Usage, number>;
  for (const key of USAGE_KEYS) usage[key] = after[key] - before[key];
  return usage;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function recordUsage(ctx: WorkerContext, usage: Usage): void {
  ctx.progress.details.api = usage;
  const line = `API: ${usage.requests} requests, ${usage.retries} retries, ${usage.rateLimited} answered 429, ${seconds(usage.rateLimitWaitMs)} waiting for the rate limit, ${seconds(usage.retryWaitMs)} in backoff`;
  // Worth a line at info only when the API pushed back.
  if (usage.retries > 0 || usage.rateLimited > 0) ctx.log.info(line);
  else ctx.log.debug(line);
}
