import type { FanslyAccount, FanslyPost, SuggestionsPage } from "./types.js";
import {
  asObject,
  at,
  readId,
  readItems,
  readOptionalId,
  readOptionalInteger,
  readOptionalObject,
  type WireObject,
  type Where,
} from "./shape.js";
import { ENDPOINTS, readEnvelope, toAccount, toTag } from "./validate.js";

// E2 (`suggestionsnew`): the ranked suggestions refer to posts and accounts
// kept in `aggregationData`, which Fansly sometimes leaves out entirely.

/**
 * Post times are seconds on the wire; a value this large can only be
 * milliseconds already (fansly-api.md §0.1), so it is kept as it is.
 */
const MS_THRESHOLD = 1e12;

interface PostFacts {
  readonly accountId: string | null;
  readonly createdAt: number | null;
}

function postCreatedAtMs(post: WireObject, where: Where): number | null {
  const value = readOptionalInteger(post, "createdAt", where);
  if (value === null) return null;
  return value < MS_THRESHOLD ? value * 1000 : value;
}

function indexPosts(aggregation: WireObject | null, where: Where) {
  const posts = new Map<string, PostFacts>();
  if (aggregation === null) return posts;
  for (const [value, postWhere] of readItems(aggregation, "posts", where)) {
    const post = asObject(value, postWhere);
    posts.set(readId(post, "id", postWhere), {
      accountId: readOptionalId(post, "accountId", postWhere),
      createdAt: postCreatedAtMs(post, postWhere),
    });
  }
  return posts;
}

/** The creators of the page, once each. */
function readAccounts(aggregation: WireObject | null, where: Where) {
  if (aggregation === null) return [];
  const items = readItems(aggregation, "accounts", where);
  const accounts = new Map<string, FanslyAccount>();
  for (const [value, accountWhere] of items) {
    const account = toAccount(value, accountWhere);
    accounts.set(account.id, account);
  }
  return [...accounts.values()];
}

function toPost(
  value: unknown,
  where: Where,
  posts: ReadonlyMap<string, PostFacts>,
): FanslyPost {
  const suggestion = asObject(value, where);
  const id = readId(suggestion, "correlationId", where);
  const tags = readItems(suggestion, "postTags", where).map(([tag, tagWhere]) =>
    toTag(tag, tagWhere),
  );
  const facts = posts.get(id);
  return {
    id,
    accountId: facts?.accountId ?? null,
    createdAt: facts?.createdAt ?? null,
    tags,
  };
}

/** E2: posts in feed order, deduplicated by post id, joined with their post facts. */
export function parseSuggestionsAnswer(body: unknown): SuggestionsPage {
  const where = { endpoint: ENDPOINTS.suggestions, path: "response" };
  const response = asObject(readEnvelope(body, where.endpoint), where);
  const aggregation = readOptionalObject(response, "aggregationData", where);
  const aggregationWhere = at(where, "aggregationData");
  const facts = indexPosts(aggregation, aggregationWhere);
  const suggestions = readItems(response, "mediaOfferSuggestions", where);

  const posts = new Map<string, FanslyPost>();
  for (const [value, suggestionWhere] of suggestions) {
    const post = toPost(value, suggestionWhere, facts);
    if (!posts.has(post.id)) posts.set(post.id, post);
  }

  return {
    posts: [...posts.values()],
    accounts: readAccounts(aggregation, aggregationWhere),
    suggestionCount: suggestions.length,
  };
}
