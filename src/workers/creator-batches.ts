import { WorkerError } from "../errors.js";
import { MAX_ACCOUNT_BATCH } from "../fansly/accounts.js";
import type { FanslyAccount } from "../fansly/types.js";
import type { CircuitBreaker } from "./breaker.js";
import { settleAll, toPages } from "./items.js";
import type { RunApi } from "./run-api.js";
import { fetchCheckingThrottle } from "./soft-throttle.js";
import type { WorkerContext } from "./types.js";

export interface CreatorCandidate {
  readonly id: string;
  readonly username: string;
  readonly misses: number;
  readonly deleted_at: number | null;
  readonly last_checked_at: number | null;
}

/** A creator and what Fansly answered for it; undefined is a miss. */
export interface Answered {
  readonly creator: CreatorCandidate;
  readonly account: FanslyAccount | undefined;
  /** When the answer came: the observation's time. */
  readonly at: number;
}

/**
 * An empty answer for fewer live accounts than this is believable (they may
 * really be gone, and two misses are needed before anything is marked
 * deleted); for more, all vanishing at once is far likelier throttling.
 */
const MIN_LIVE_IDS_FOR_SUSPICION = 3;

/** Found at its last check: it should be in the answer. */
const existedLastTime = (creator: CreatorCandidate): boolean =>
  creator.deleted_at === null && creator.misses === 0;

const describe = (batch: readonly CreatorCandidate[]): string =>
  batch.length === 1
    ? `creator '${batch[0]!.username}'`
    : `${batch.length} creators ('${batch[0]!.username}' … '${batch.at(-1)!.username}')`;

/** The ids of one page, split the way the client sends them: one request per batch. */
export function toBatches(
  ctx: WorkerContext,
  page: readonly CreatorCandidate[],
): CreatorCandidate[][] {
  const size = Math.min(MAX_ACCOUNT_BATCH, ctx.config.accountBatchSize);
  return toPages(page, size);
}

async function fetchBatch(
  ctx: WorkerContext,
  client: RunApi,
  batch: readonly CreatorCandidate[],
) {
  const ids = batch.map((creator) => creator.id);
  const live = batch.filter(existedLastTime).length;
  return fetchCheckingThrottle(ctx, {
    what: `GET /account for ${describe(batch)}`,
    fetch: () => client.api.getAccountsByIds(ids, client.call),
    looksThrottled: (found) =>
      found.size === 0 && live >= MIN_LIVE_IDS_FOR_SUSPICION,
    // The guarded client's signal: it aborts when the breaker opens.
    signal: client.call.signal,
  });
}

/**
 * Fetches the batches of one page at once. A failed or throttled batch is
 * counted as failed items (never as misses); the answers of the others come
 * back for storing.
 */
export async function fetchPage(
  ctx: WorkerContext,
  client: RunApi,
  page: readonly CreatorCandidate[],
  breaker: CircuitBreaker,
): Promise<{ answered: Answered[]; throttled: number }> {
  const batches = toBatches(ctx, page);
  const guarded = breaker.guard(client);
  let throttled = 0;
  // Each answer reaches the breaker as it comes, so it can open mid-page.
  const results = await settleAll(batches, async (batch) => {
    const failed = { what: describe(batch), items: batch.length };
    try {
      const result = await fetchBatch(ctx, guarded, batch);
      if (!result.throttled) breaker.succeeded();
      else {
        throttled += batch.length;
        breaker.failed(throttledError(batch.length), failed);
      }
      return result;
    } catch (error) {
      breaker.failed(error, failed);
      throw error;
    }
  });
  const at = ctx.clock.now();
  const answered: Answered[] = [];
  results.forEach((result, i) => {
    if (result.status === "rejected" || result.value.throttled) return;
    const found = result.value.value;
    for (const creator of batches[i]!) {
      answered.push({ creator, account: found.get(creator.id), at });
    }
  });
  return { answered, throttled };
}

const throttledError = (count: number): WorkerError =>
  new WorkerError(
    "E_HTTP",
    `suspected soft throttling: Fansly twice answered without any of ${count} accounts it had at the last check`,
  );
