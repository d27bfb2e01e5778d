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
} from "./helpers.js";

const serve = useStubServer();

const idsOf = (url: string): string[] =>
  (queryOf(url).get("ids") ?? "").split(",");

/** Answers every id it is asked for, or `status` for more than `maxIds`. */
const accounts =
  (maxIds: number, status = 413): Handler =>
  (request, res) => {
    const ids = idsOf(request.url);
    if (ids.length > maxIds) return sendText(res, status, "");
    sendJson(res, 200, ok(ids.map((id) => wireAccount(id, `user${id}`))));
  };

const manyIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => String(1_000 + i));

describe("account batches", () => {
  it("sends 50 ids per request by default, with literal commas", async () => {
    const { requests, baseUrl } = await serve(accounts(100));
    const { api } = testClient(baseUrl, { accountBatchSize: undefined });

    const found = await api.getAccountsByIds(manyIds(120));
    expect(found.size).toBe(120);
    expect(requests.map((r) => idsOf(r.url).length).sort()).toEqual([
      20, 50, 50,
    ]);
    for (const request of requests) {
      expect(request.url).toMatch(/^\/api\/v1\/account\?ids=\d+(,\d+)*&/);
    }
  });

  it("never sends more than 100 ids in one request", async () => {
    const { requests, baseUrl } = await serve(accounts(100));
    const { api } = testClient(baseUrl, { accountBatchSize: 500 });

    await api.getAccountsByIds(manyIds(130));
    expect(requests.map((r) => idsOf(r.url).length).sort()).toEqual([100, 30]);
  });

  it.each([404, 413, 414])(
    "halves a batch the server answers %i to until it fits",
    async (status) => {
      const { requests, baseUrl } = await serve(accounts(10, status));
      const { api, lines } = testClient(baseUrl, { accountBatchSize: 40 });

      const found = await api.getAccountsByIds(manyIds(40));
      expect(found.size).toBe(40);
      const sizes = requests.map((r) => idsOf(r.url).length);
      expect(sizes.filter((size) => size > 10).sort()).toEqual([20, 20, 40]);
      expect(sizes.filter((size) => size <= 10)).toEqual([10, 10, 10, 10]);
      expect(lines.join("\n")).toContain(`answered ${status} for 40 ids`);
    },
  );
});
