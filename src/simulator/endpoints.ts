import { hash32 } from "./prng.js";
import type { SimRequest } from "./request.js";
import { pagePosts, suggestionsResponse } from "./feed.js";
import { nameKey, type SimCreator } from "./model.js";
import { findTag, viewCreator, viewTag, type SimState } from "./state.js";
import {
  accountJson,
  errorEnvelope,
  successEnvelope,
  tagJson,
  type Json,
} from "./wire.js";

/** A complete answer, not yet written; faults can rewrite it before sending. */
export interface Answer {
  readonly status: number;
  /** Left out of the headers when unset, as on some empty error answers. */
  readonly contentType?: string;
  readonly body: string;
  /** Sent over the fixed headers: Retry-After, a CDN's Server. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface EndpointLimits {
  /** More ids than this in one E3 call answer 413. */
  readonly maxAccountIds: number;
}

const DEFAULT_FEED_LIMIT = 20;
export const JSON_TYPE = "application/json; charset=utf-8";
const TOO_LARGE_HTML =
  "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n</body>\r\n</html>\r\n";

export function answerRequest(
  state: SimState,
  request: SimRequest,
  limits: EndpointLimits,
): Answer {
  const nowMs = state.clock.now();
  switch (request.endpoint) {
    case "tag":
      return answerTag(state, request.params, nowMs);
    case "suggestions":
      return answerSuggestions(state, request.params, nowMs);
    case "accounts":
      return answerAccountIds(state, request, limits, nowMs);
    case "usernames":
      return answerUsernames(state, request.params, nowMs);
    case "other":
      return notFound();
  }
}

export const jsonAnswer = (status: number, value: Json): Answer => ({
  status,
  contentType: JSON_TYPE,
  body: JSON.stringify(value),
});

export const notFound = (): Answer =>
  jsonAnswer(404, errorEnvelope(404, "not found"));

function answerTag(
  state: SimState,
  params: URLSearchParams,
  nowMs: number,
): Answer {
  const tag = findTag(state, params.get("tag") ?? "");
  const view = tag === undefined ? undefined : viewTag(state, tag, nowMs);
  const found = view === undefined || view.hidden ? null : tagJson(view);
  return jsonAnswer(
    200,
    successEnvelope({ mediaOfferSuggestionTag: found, aggregationData: {} }),
  );
}

function answerSuggestions(
  state: SimState,
  params: URLSearchParams,
  nowMs: number,
): Answer {
  const query = {
    tagIds: splitList(params.get("tagIds")),
    limit: readCount(params.get("limit"), DEFAULT_FEED_LIMIT),
    offset: readCount(params.get("offset"), 0),
  };
  const posts = pagePosts(state, query, nowMs);
  return jsonAnswer(
    200,
    successEnvelope(suggestionsResponse(state, posts, nowMs)),
  );
}

/**
 * E3. Fansly answered 404 when the commas were sent as `%2C` (fansly-api.md
 * §4 L9) and 413 to very long lists (L10, L11); both are reproduced.
 */
function answerAccountIds(
  state: SimState,
  request: SimRequest,
  limits: EndpointLimits,
  nowMs: number,
): Answer {
  const rawIds = request.rawQuery
    .split("&")
    .find((pair) => pair.startsWith("ids="));
  if (rawIds !== undefined && /%2c/i.test(rawIds)) return notFound();

  const ids = splitList(request.params.get("ids"));
  if (ids.length > limits.maxAccountIds) {
    return { status: 413, contentType: "text/html", body: TOO_LARGE_HTML };
  }
  const { creatorsById } = state.store.dataset;
  const found = new Map<string, SimCreator>();
  for (const id of ids) {
    const creator = creatorsById.get(id);
    if (creator !== undefined) found.set(id, creator);
  }
  return accountsAnswer(state, shuffled(state, [...found.values()]), nowMs);
}

function answerUsernames(
  state: SimState,
  params: URLSearchParams,
  nowMs: number,
): Answer {
  const { creatorsByUsername } = state.store.dataset;
  const found = new Map<string, SimCreator>();
  for (const name of splitList(params.get("usernames"))) {
    const creator = creatorsByUsername.get(nameKey(name));
    if (creator !== undefined) found.set(creator.id, creator);
  }
  return accountsAnswer(state, [...found.values()], nowMs);
}

function accountsAnswer(
  state: SimState,
  creators: readonly SimCreator[],
  nowMs: number,
): Answer {
  const accounts = creators
    .filter((creator) => !state.hiddenCreators.has(creator.id))
    .map((creator) =>
      accountJson(creator, viewCreator(state, creator, nowMs), nowMs),
    );
  return jsonAnswer(200, successEnvelope(accounts));
}

/**
 * The order real E3 answers come in means nothing (fansly-api.md §1.4); a
 * per-seed hash order makes that visible without being random.
 */
export function shuffled(
  state: SimState,
  creators: readonly SimCreator[],
): SimCreator[] {
  const seed = state.store.dataset.seed;
  const rank = (creator: SimCreator) => hash32(`${seed}:${creator.id}`);
  return [...creators].sort((a, b) => rank(a) - rank(b));
}

function splitList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function readCount(value: string | null, fallback: number): number {
  return value !== null && /^\d+$/.test(value) ? Number(value) : fallback;
}
