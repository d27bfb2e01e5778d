import { describe, expect, it } from "vitest";
import {
  ok,
  sendJson,
  sendText,
  testClient,
  useStubServer,
  wireTag,
} from "./helpers.js";

const serve = useStubServer();

const tagAnswer = ok({ mediaOfferSuggestionTag: wireTag("1", "ok") });

describe("the retry budget of a run", () => {
  it("stops retrying once the run's budget is spent, and says so once", async () => {
    const { requests, baseUrl } = await serve((_request, res) =>
      sendText(res, 503, ""),
    );
    const { api, lines } = testClient(baseUrl, { maxRetries: 3 });
    const retryBudget = { remaining: 2 };

    await expect(api.getTagByName("a", { retryBudget })).rejects.toMatchObject({
      code: "E_HTTP",
    });
    expect(requests).toHaveLength(3);
    expect(retryBudget.remaining).toBe(0);

    await expect(api.getTagByName("b", { retryBudget })).rejects.toMatchObject({
      code: "E_HTTP",
    });
    expect(requests).toHaveLength(4);
    expect(api.stats).toMatchObject({ retries: 2, failures: 2 });
    const spent = lines.filter((line) => line.includes("FANSLY_RETRY_BUDGET"));
    expect(spent).toHaveLength(1);
  });

  it("counts the retry after a 429 against the budget", async () => {
    const { requests, baseUrl } = await serve((_request, res) => {
      if (requests.length === 1) {
        return sendJson(res, 429, {}, { "retry-after": "0" });
      }
      sendText(res, 502, "");
    });
    const { api } = testClient(baseUrl, { maxRetries: 4 });
    const retryBudget = { remaining: 1 };

    await expect(api.getTagByName("x", { retryBudget })).rejects.toMatchObject({
      message: expect.stringContaining("answered 502"),
    });
    expect(requests).toHaveLength(2);
  });

  it("leaves calls without a budget to the per-request retries", async () => {
    const { requests, baseUrl } = await serve((_request, res) => {
      if (requests.length <= 2) return sendText(res, 500, "");
      sendJson(res, 200, tagAnswer);
    });
    const { api } = testClient(baseUrl, { maxRetries: 2 });

    expect((await api.getTagByName("ok"))?.id).toBe("1");
    expect(requests).toHaveLength(3);
  });

  it("never retries with a budget of zero", async () => {
    const { requests, baseUrl } = await serve((_request, res) =>
      sendText(res, 500, ""),
    );
    const { api } = testClient(baseUrl, { maxRetries: 4 });

    await expect(
      api.getTagByName("x", { retryBudget: { remaining: 0 } }),
    ).rejects.toMatchObject({ code: "E_HTTP" });
    expect(requests).toHaveLength(1);
  });
});

describe("a 401 among concurrent calls", () => {
  it("fails the calls still queued with it, unsent, and lets a later call try again", async () => {
    const { requests, baseUrl } = await serve((_request, res) =>
      sendJson(res, 401, { success: false, error: { code: 401 } }),
    );
    const { api } = testClient(baseUrl, { concurrency: 1, authToken: "t" });

    const calls = ["a", "b", "c", "d"].map((name) => api.getTagByName(name));
    const results = await Promise.allSettled(calls);
    expect(results.map((r) => r.status)).toEqual([
      "rejected",
      "rejected",
      "rejected",
      "rejected",
    ]);
    for (const result of results) {
      expect(result).toMatchObject({ reason: { code: "E_AUTH" } });
    }
    expect(requests).toHaveLength(1);

    await expect(api.getTagByName("e")).rejects.toMatchObject({
      code: "E_AUTH",
    });
    expect(requests).toHaveLength(2);
  });
});
