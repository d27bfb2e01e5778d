import { describe, expect, it } from "vitest";
import {
  ok,
  queryOf,
  sendJson,
  sendText,
  testClient,
  useStubServer,
  type Handler,
  wireAccount,
  wireTag,
} from "./helpers.js";

const serve = useStubServer();

describe("getTagByName", () => {
  it("sends awkward tag names so that the server decodes them exactly", async () => {
    const names = [
      "a&b",
      "c+d",
      "e#f",
      "two words",
      "100%",
      "🔥fire",
      "x".repeat(200),
    ];
    const { requests, baseUrl } = await serve((request, res) => {
      const tag = queryOf(request.url).get("tag") ?? "";
      sendJson(res, 200, ok({ mediaOfferSuggestionTag: wireTag("1", tag) }));
    });
    const { api } = testClient(baseUrl);

    for (const name of names) {
      expect((await api.getTagByName(name))?.name).toBe(name);
    }
    expect(requests.map((request) => queryOf(request.url).get("tag"))).toEqual(
      names,
    );
    expect(requests[0]?.url).toBe(
      "/api/v1/contentdiscovery/media/tag?tag=a%26b&ngsw-bypass=true",
    );
  });

  it("strips a leading # and answers null for a missing tag", async () => {
    const { requests, baseUrl } = await serve((_request, res) => {
      sendJson(
        res,
        200,
        ok({ mediaOfferSuggestionTag: null, aggregationData: {} }),
      );
    });
    const { api } = testClient(baseUrl);

    expect(await api.getTagByName("#gone")).toBeNull();
    expect(queryOf(requests[0]!.url).get("tag")).toBe("gone");
  });
});

describe("getSuggestions", () => {
  it("sends the paging parameters and counts requests per endpoint", async () => {
    const { requests, baseUrl } = await serve((_request, res) => {
      sendJson(
        res,
        200,
        ok({ mediaOfferSuggestions: [], aggregationData: null }),
      );
    });
    const { api } = testClient(baseUrl);

    const page = await api.getSuggestions({
      tagId: "42",
      limit: 20,
      offset: 40,
    });
    expect(page).toEqual({ posts: [], accounts: [], suggestionCount: 0 });
    expect(requests[0]?.url).toBe(
      "/api/v1/contentdiscovery/media/suggestionsnew?before=0&after=0&tagIds=42&limit=20&offset=40&ngsw-bypass=true",
    );
    expect(api.stats.byEndpoint).toEqual({ suggestions: 1 });
  });
});

describe("getAccountsByIds", () => {
  const known = new Set(["1", "2", "3", "5"]);
  const accountsHandler =
    (maxIds: number): Handler =>
    (request, res) => {
      const ids = (queryOf(request.url).get("ids") ?? "").split(",");
      if (ids.length > maxIds)
        return sendText(res, 413, "<html>413 Request Entity Too Large</html>");
      const found = ids.filter((id) => known.has(id)).reverse();
      sendJson(res, 200, ok(found.map((id) => wireAccount(id, `user${id}`))));
    };

  it("joins ids with literal commas and leaves missing ids out of the map", async () => {
    const { requests, baseUrl } = await serve(accountsHandler(100));
    const { api } = testClient(baseUrl);

    const accounts = await api.getAccountsByIds(["1", "2", "4"]);
    expect(requests[0]?.url).toBe("/api/v1/account?ids=1,2,4&ngsw-bypass=true");
    expect([...accounts.keys()].sort()).toEqual(["1", "2"]);
    expect(accounts.get("2")?.username).toBe("user2");
  });

  it("halves a batch the server answers 413 to", async () => {
    const { requests, baseUrl } = await serve(accountsHandler(2));
    const { api } = testClient(baseUrl, { accountBatchSize: 5 });

    const accounts = await api.getAccountsByIds(["1", "2", "3", "4", "5", "6"]);
    expect([...accounts.keys()].sort()).toEqual(["1", "2", "3", "5"]);
    const sizes = requests.map(
      (r) => (queryOf(r.url).get("ids") ?? "").split(",").length,
    );
    expect(sizes.filter((size) => size > 2)).toEqual([5, 3]);
    expect(sizes.reduce((sum, size) => sum + (size <= 2 ? size : 0), 0)).toBe(
      6,
    );
  });

  it("rejects an id that is not digits before sending anything", async () => {
    const { requests, baseUrl } = await serve(accountsHandler(100));
    const { api } = testClient(baseUrl);

    await expect(api.getAccountsByIds(["1", "2&x=1"])).rejects.toMatchObject({
      code: "E_USAGE",
    });
    expect(requests).toHaveLength(0);
  });

  it("reports a 404 for a single id as an error, not a miss", async () => {
    const { baseUrl } = await serve((_request, res) => sendText(res, 404, ""));
    const { api } = testClient(baseUrl, { accountBatchSize: 2 });

    await expect(api.getAccountsByIds(["1", "2"])).rejects.toMatchObject({
      code: "E_HTTP",
      message: expect.stringContaining("answered 404"),
    });
  });
});

describe("getAccountByUsername", () => {
  const usersHandler: Handler = (request, res) => {
    const name = queryOf(request.url).get("usernames");
    sendJson(res, 200, ok(name === "alice" ? [wireAccount("9", "Alice")] : []));
  };

  it("answers null for an empty array", async () => {
    const { requests, baseUrl } = await serve(usersHandler);
    const { api } = testClient(baseUrl);

    expect(await api.getAccountByUsername("nobody")).toBeNull();
    expect(requests).toHaveLength(1);
  });

  it("retries a mixed-case name once in lower case and matches case-insensitively", async () => {
    const { requests, baseUrl } = await serve(usersHandler);
    const { api } = testClient(baseUrl);

    expect((await api.getAccountByUsername("ALIce"))?.id).toBe("9");
    expect(requests.map((r) => queryOf(r.url).get("usernames"))).toEqual([
      "ALIce",
      "alice",
    ]);
  });
});
