import { describe, expect, it } from "vitest";
import { WorkerError } from "../../src/errors.js";
import {
  parseAccountsAnswer,
  parseTagAnswer,
} from "../../src/fansly/validate.js";
import { parseSuggestionsAnswer } from "../../src/fansly/validate-suggestions.js";
import { ok, wireAccount, wireTag } from "./helpers.js";

function shapeErrorOf(run: () => unknown): WorkerError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerError);
    return error as WorkerError;
  }
  throw new Error("expected a WorkerError");
}

describe("parseAccountsAnswer", () => {
  it("names the endpoint and field path of a wrong counter", () => {
    const accounts = ["1", "2", "3", "4"].map((id) =>
      wireAccount(id, `u${id}`),
    );
    accounts[3] = { ...accounts[3]!, followCount: "12" as unknown as number };
    const error = shapeErrorOf(() => parseAccountsAnswer(ok(accounts)));
    expect(error.code).toBe("E_SHAPE");
    expect(error.message).toBe(
      'GET /account: response[3].followCount must be an integer (got "12")',
    );
  });

  it("rejects numeric ids", () => {
    const account = { ...wireAccount("1", "a"), id: 359696435250510253 };
    const error = shapeErrorOf(() => parseAccountsAnswer(ok([account])));
    expect(error.message).toMatch(/response\[0\]\.id must be an id string/);
  });

  it("maps optional counters that are absent to null, not zero", () => {
    const bare = { id: "7", username: "bare", followCount: 0, extra: { x: 1 } };
    expect(parseAccountsAnswer(ok([bare]))).toEqual([
      {
        id: "7",
        username: "bare",
        displayName: "bare",
        followers: 0,
        subscribers: null,
        postLikes: null,
        mediaLikes: null,
        imageCount: null,
        videoCount: null,
        createdAt: null,
      },
    ]);
  });

  it("falls back to the username for an empty display name", () => {
    const account = wireAccount("8", "someone", { displayName: "" });
    expect(parseAccountsAnswer(ok([account]))[0]?.displayName).toBe("someone");
  });

  it("reports success:false with error.details as E_HTTP", () => {
    const body = { success: false, error: { code: 10, details: "Bad ids" } };
    const error = shapeErrorOf(() => parseAccountsAnswer(body));
    expect(error.code).toBe("E_HTTP");
    expect(error.message).toBe(
      "GET /account: Fansly answered success:false (code 10): Bad ids",
    );
  });

  it("reports success:false with error.message as E_HTTP", () => {
    const body = { success: false, error: { code: 99, message: "Nope" } };
    expect(shapeErrorOf(() => parseAccountsAnswer(body)).message).toMatch(
      /Nope$/,
    );
  });

  it("rejects a response that is not an array", () => {
    const error = shapeErrorOf(() => parseAccountsAnswer(ok({})));
    expect(error.message).toBe(
      "GET /account: response must be an array of accounts (got {})",
    );
  });
});

describe("parseTagAnswer", () => {
  it("reads a tag with millisecond createdAt and an optional postCount", () => {
    const tag = wireTag("359696435250510253", "catplay", {
      postCount: undefined,
    });
    expect(parseTagAnswer(ok({ mediaOfferSuggestionTag: tag }))).toEqual({
      id: "359696435250510253",
      name: "catplay",
      viewCount: 1000,
      postCount: null,
      createdAt: 1_647_252_672_000,
    });
  });

  it("returns null when the tag is null or absent", () => {
    const empty = ok({ mediaOfferSuggestionTag: null, aggregationData: {} });
    expect(parseTagAnswer(empty)).toBeNull();
    expect(parseTagAnswer(ok({ aggregationData: {} }))).toBeNull();
  });

  it("names the tag field that is wrong", () => {
    const tag = wireTag("1", "x", { viewCount: 1.5 });
    const error = shapeErrorOf(() =>
      parseTagAnswer(ok({ mediaOfferSuggestionTag: tag })),
    );
    expect(error.message).toBe(
      "GET /contentdiscovery/media/tag: response.mediaOfferSuggestionTag.viewCount must be an integer (got 1.5)",
    );
  });
});

describe("parseSuggestionsAnswer", () => {
  const suggestion = (postId: string, tags: unknown[]) => ({
    id: `9${postId}`,
    correlationId: postId,
    mediaOfferId: "5",
    mediaType: 2,
    postTags: tags,
  });

  it("joins posts, converts seconds to ms and dedupes by post id", () => {
    const page = parseSuggestionsAnswer(
      ok({
        mediaOfferSuggestions: [
          suggestion("101", [wireTag("1", "a")]),
          suggestion("102", []),
          suggestion("101", [wireTag("1", "a")]),
        ],
        aggregationData: {
          posts: [{ id: "101", accountId: "77", createdAt: 1_742_136_249 }],
          accounts: [wireAccount("77", "maker")],
        },
      }),
    );
    expect(page.suggestionCount).toBe(3);
    expect(page.posts.map((post) => post.id)).toEqual(["101", "102"]);
    expect(page.posts[0]).toMatchObject({
      accountId: "77",
      createdAt: 1_742_136_249_000,
    });
    expect(page.posts[0]?.tags[0]?.name).toBe("a");
    expect(page.posts[1]).toMatchObject({ accountId: null, createdAt: null });
    expect(page.accounts.map((account) => account.id)).toEqual(["77"]);
  });

  it("accepts a page without aggregationData or nested arrays", () => {
    const page = parseSuggestionsAnswer(
      ok({ mediaOfferSuggestions: [{ id: "1", correlationId: "2" }] }),
    );
    expect(page.posts).toEqual([
      { id: "2", accountId: null, createdAt: null, tags: [] },
    ]);
    expect(page.accounts).toEqual([]);
    expect(parseSuggestionsAnswer(ok({ aggregationData: null })).posts).toEqual(
      [],
    );
  });

  it("names the path of a bad nested tag", () => {
    const bad = suggestion("5", [wireTag("1", "a"), wireTag("2", "")]);
    const error = shapeErrorOf(() =>
      parseSuggestionsAnswer(ok({ mediaOfferSuggestions: [bad] })),
    );
    expect(error.message).toBe(
      'GET /contentdiscovery/media/suggestionsnew: response.mediaOfferSuggestions[0].postTags[1].tag must be a non-empty string (got "")',
    );
  });
});
