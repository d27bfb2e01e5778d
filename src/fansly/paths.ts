import { WorkerError } from "../errors.js";
import type { SuggestionsQuery } from "./types.js";

// Query strings are built by hand: tag names must be percent-encoded (`&`,
// `+`, `#`, spaces, emoji), while id lists must keep literal commas, since
// Fansly answered 404 to `%2C` (fansly-api.md §0, bug L9). A generic query
// encoder (ofetch's `query`) would encode the commas too.

const ID_PATTERN = /^\d{1,20}$/;
const BYPASS = "ngsw-bypass=true";

function usageError(message: string): WorkerError {
  return new WorkerError("E_USAGE", message);
}

/** Rejects anything but a decimal snowflake, so no id can smuggle in a comma or `&`. */
export function checkId(id: string, what: string): string {
  if (typeof id === "string" && ID_PATTERN.test(id)) return id;
  throw usageError(
    `${what} must be a Fansly id made of digits (got ${JSON.stringify(id)})`,
  );
}

function integerFrom(value: number, min: number, what: string): number {
  if (Number.isSafeInteger(value) && value >= min) return value;
  throw usageError(`${what} must be an integer >= ${min} (got ${value})`);
}

/** A tag name as the API wants it: without the `#` people type in front. */
export function normaliseTagName(name: string): string {
  const bare = name.trim().replace(/^#/, "");
  if (bare === "") {
    throw usageError(
      `Tag name must not be empty (got ${JSON.stringify(name)})`,
    );
  }
  return bare;
}

export function tagPath(name: string): string {
  const tag = encodeURIComponent(normaliseTagName(name));
  return `/contentdiscovery/media/tag?tag=${tag}&${BYPASS}`;
}

export function suggestionsPath(query: SuggestionsQuery): string {
  const tagId = checkId(query.tagId, "Suggestions tagId");
  const limit = integerFrom(query.limit, 1, "Suggestions limit");
  const offset = integerFrom(query.offset, 0, "Suggestions offset");
  return `/contentdiscovery/media/suggestionsnew?before=0&after=0&tagIds=${tagId}&limit=${limit}&offset=${offset}&${BYPASS}`;
}

/** Ids must already have passed `checkId`; they are joined with literal commas. */
export function accountIdsPath(ids: readonly string[]): string {
  return `/account?ids=${ids.join(",")}&${BYPASS}`;
}

export function checkUsername(username: string): string {
  const name = username.trim().replace(/^@/, "");
  if (name === "" || name.includes(",")) {
    throw usageError(
      `Username must be one non-empty name without commas (got ${JSON.stringify(username)})`,
    );
  }
  return name;
}

export function usernamePath(username: string): string {
  return `/account?usernames=${encodeURIComponent(username)}&${BYPASS}`;
}

const MAX_SHOWN_PATH_CHARS = 120;

/** A path short enough for a log line; a 100-id list would bury the message. */
export function shortPath(path: string): string {
  return path.length <= MAX_SHOWN_PATH_CHARS
    ? path
    : `${path.slice(0, MAX_SHOWN_PATH_CHARS)}… (${path.length} chars)`;
}
