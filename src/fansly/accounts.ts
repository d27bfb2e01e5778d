import type { ConsolaInstance } from "consola";
import { httpStatusOf, type RequestSpec } from "./attempt.js";
import {
  accountIdsPath,
  checkId,
  checkUsername,
  usernamePath,
} from "./paths.js";
import type { FanslyAccount, RetryBudget } from "./types.js";
import { parseAccountsAnswer } from "./validate.js";

/** Statuses Fansly has used for "too many ids in one request" (fansly-api.md §1.4). */
const SPLIT_STATUSES = new Set([404, 413, 414]);

export const MAX_ACCOUNT_BATCH = 100;

/** Sends one request through the client's queue, limiter and retry policy. */
export type Send = (spec: RequestSpec) => Promise<unknown>;

export interface AccountLookup {
  readonly send: Send;
  readonly log: ConsolaInstance;
  readonly batchSize: number;
  readonly signal?: AbortSignal | undefined;
  readonly retryBudget?: RetryBudget | undefined;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** Waits for every promise, then throws the first failure, so none is left running. */
async function settleAll<T>(promises: Array<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  return results.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value;
  });
}

/** One `/account?ids=` batch; a batch the server finds too big is halved. */
async function fetchBatch(
  lookup: AccountLookup,
  ids: readonly string[],
): Promise<FanslyAccount[]> {
  const spec = {
    path: accountIdsPath(ids),
    key: "account-ids",
    signal: lookup.signal,
    retryBudget: lookup.retryBudget,
    log: lookup.log,
  };
  try {
    return parseAccountsAnswer(await lookup.send(spec));
  } catch (error) {
    const status = httpStatusOf(error);
    if (ids.length < 2 || status === undefined || !SPLIT_STATUSES.has(status)) {
      throw error;
    }
    const half = Math.ceil(ids.length / 2);
    lookup.log.warn(
      `GET /account answered ${status} for ${ids.length} ids; retrying as ${half} + ${ids.length - half} (a lower FANSLY_ACCOUNT_BATCH avoids this)`,
    );
    const parts = await settleAll([
      fetchBatch(lookup, ids.slice(0, half)),
      fetchBatch(lookup, ids.slice(half)),
    ]);
    return parts.flat();
  }
}

/** E3 for any number of ids, indexed by id; ids not in the answer are misses. */
export async function fetchAccountsByIds(
  lookup: AccountLookup,
  ids: readonly string[],
): Promise<Map<string, FanslyAccount>> {
  const wanted = new Set(ids.map((id) => checkId(id, "Account id")));
  const size = Math.min(MAX_ACCOUNT_BATCH, Math.max(1, lookup.batchSize));
  const batches = chunk([...wanted], size);
  const answers = await settleAll(
    batches.map((batch) => fetchBatch(lookup, batch)),
  );

  const accounts = new Map<string, FanslyAccount>();
  for (const account of answers.flat()) {
    if (wanted.has(account.id)) accounts.set(account.id, account);
  }
  return accounts;
}

async function fetchByUsername(
  lookup: AccountLookup,
  username: string,
): Promise<FanslyAccount[]> {
  const spec = {
    path: usernamePath(username),
    key: "account-username",
    signal: lookup.signal,
    retryBudget: lookup.retryBudget,
    log: lookup.log,
  };
  return parseAccountsAnswer(await lookup.send(spec));
}

/**
 * E4. The name goes out as typed; sources disagree on whether Fansly folds
 * case (fansly-api.md §1.5), so an empty answer for a mixed-case name is
 * retried once in lower case, and the match is made case-insensitively here.
 */
export async function fetchAccountByUsername(
  lookup: AccountLookup,
  username: string,
): Promise<FanslyAccount | null> {
  const name = checkUsername(username);
  const folded = name.toLowerCase();
  const matching = (accounts: FanslyAccount[]) =>
    accounts.find((account) => account.username.toLowerCase() === folded) ??
    null;

  const accounts = await fetchByUsername(lookup, name);
  if (accounts.length > 0 || name === folded) return matching(accounts);
  return matching(await fetchByUsername(lookup, folded));
}
