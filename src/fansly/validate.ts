import { WorkerError } from "../errors.js";
import type { FanslyAccount, FanslyTag } from "./types.js";
import {
  asObject,
  at,
  isWireObject,
  readId,
  readInteger,
  readName,
  readOptionalInteger,
  readOptionalObject,
  readOptionalString,
  shapeError,
  type Where,
} from "./shape.js";

// Runtime checks of each endpoint's answer (fansly-api.md §1), turning the
// wire shape into the normalised types of types.ts. Unknown fields are ignored
// on purpose: Fansly adds fields over time. E2 lives in validate-suggestions.ts.

/** Endpoint labels used in messages; the path without its query. */
export const ENDPOINTS = {
  tag: "GET /contentdiscovery/media/tag",
  suggestions: "GET /contentdiscovery/media/suggestionsnew",
  account: "GET /account",
} as const;

/** Text of an `{success:false, error:{details|message}}` envelope, if it is one. */
export function failureText(body: unknown): string | null {
  if (
    !isWireObject(body) ||
    (body.success !== false && body.success !== "false")
  ) {
    return null;
  }
  const error = isWireObject(body.error) ? body.error : {};
  const text = error.details ?? error.message;
  const code = typeof error.code === "number" ? ` (code ${error.code})` : "";
  const details =
    typeof text === "string" && text !== "" ? text : "no details given";
  return `Fansly answered success:false${code}: ${details}`;
}

/** Checks the `{success, response}` envelope and returns `response`. */
export function readEnvelope(body: unknown, endpoint: string): unknown {
  const root = asObject(body, { endpoint, path: "body" });
  const failure = failureText(root);
  if (failure !== null) {
    throw new WorkerError("E_HTTP", `${endpoint}: ${failure}`);
  }
  if (root.success !== true && root.success !== "true") {
    throw shapeError(
      { endpoint, path: "success" },
      "true or false",
      root.success,
    );
  }
  return root.response;
}

export function toTag(value: unknown, where: Where): FanslyTag {
  const tag = asObject(value, where);
  return {
    id: readId(tag, "id", where),
    name: readName(tag, "tag", where).replace(/^#/, ""),
    viewCount: readInteger(tag, "viewCount", where),
    postCount: readOptionalInteger(tag, "postCount", where),
    createdAt: readOptionalInteger(tag, "createdAt", where),
  };
}

export function toAccount(value: unknown, where: Where): FanslyAccount {
  const account = asObject(value, where);
  const username = readName(account, "username", where);
  const timeline = readOptionalObject(account, "timelineStats", where);
  const timelineWhere = at(where, "timelineStats");
  const timelineCount = (key: string): number | null =>
    timeline ? readOptionalInteger(timeline, key, timelineWhere) : null;

  return {
    id: readId(account, "id", where),
    username,
    displayName: readOptionalString(account, "displayName", where) || username,
    followers: readInteger(account, "followCount", where),
    subscribers: readOptionalInteger(account, "subscriberCount", where),
    postLikes: readOptionalInteger(account, "postLikes", where),
    mediaLikes: readOptionalInteger(account, "accountMediaLikes", where),
    imageCount: timelineCount("imageCount"),
    videoCount: timelineCount("videoCount"),
    createdAt: readOptionalInteger(account, "createdAt", where),
  };
}

/** E1: the tag, or null when Fansly answers without one (unknown or hidden). */
export function parseTagAnswer(body: unknown): FanslyTag | null {
  const where = { endpoint: ENDPOINTS.tag, path: "response" };
  const response = asObject(readEnvelope(body, where.endpoint), where);
  const tag = response.mediaOfferSuggestionTag;
  if (tag === undefined || tag === null) return null;
  return toTag(tag, at(where, "mediaOfferSuggestionTag"));
}

/** E3 and E4: the accounts of the answer, in answer order (which means nothing). */
export function parseAccountsAnswer(body: unknown): FanslyAccount[] {
  const where = { endpoint: ENDPOINTS.account, path: "response" };
  const response = readEnvelope(body, where.endpoint);
  if (!Array.isArray(response)) {
    throw shapeError(where, "an array of accounts", response);
  }
  return response.map((item: unknown, index) =>
    toAccount(item, at(where, index)),
  );
}
