import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  startSimulator,
  type SimCreator,
  type Simulator,
} from "../../src/simulator/index.js";
import { HOUR, get, type Envelope, type WireAccount } from "./wire-types.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 32, tags: 60, creators: 40 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.clock.set(sim.dataset.epochMs);
  sim.resetRequests();
});

const idsUrl = (ids: string) =>
  `${sim.url}/account?ids=${ids}&ngsw-bypass=true`;
const namesUrl = (names: string) =>
  `${sim.url}/account?usernames=${names}&ngsw-bypass=true`;

async function accounts(url: string): Promise<WireAccount[]> {
  const res = await get<Envelope<WireAccount[]>>(url);
  expect(res.status).toBe(200);
  expect(res.json().success).toBe(true);
  return res.json().response;
}

const creators = (count: number): SimCreator[] =>
  sim.dataset.creators.slice(0, count);

describe("E4 accounts by username", () => {
  it("finds a username in any case", async () => {
    const mixed = sim.dataset.creators.find((c) => /[A-Z]/.test(c.username));
    if (mixed === undefined)
      throw new Error("seed 32 has no mixed-case username");

    for (const spelling of [
      mixed.username,
      mixed.username.toLowerCase(),
      mixed.username.toUpperCase(),
    ]) {
      const answer = await accounts(namesUrl(encodeURIComponent(spelling)));
      expect(answer.map((a) => a.username)).toEqual([mixed.username]);
    }
  });

  it("answers [] for an unknown username", async () => {
    expect(await accounts(namesUrl("nobody_here_123"))).toEqual([]);
  });

  it("answers several accounts for a comma list", async () => {
    const two = creators(2);
    const answer = await accounts(
      namesUrl(two.map((c) => c.username).join(",")),
    );

    expect(new Set(answer.map((a) => a.id))).toEqual(
      new Set(two.map((c) => c.id)),
    );
  });
});

describe("simulator routing", () => {
  it("answers 404 JSON to unknown paths and methods", async () => {
    const unknown = await get(`${sim.url}/timelinenew/123?ngsw-bypass=true`);
    const post = await fetch(`${sim.url}/contentdiscovery/media/tag?tag=x`, {
      method: "POST",
    });

    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toBe("application/json; charset=utf-8");
    expect(unknown.json()).toEqual({
      success: false,
      error: { code: 404, details: "not found" },
    });
    expect(post.status).toBe(404);
    await post.arrayBuffer();
  });

  it("serves without ngsw-bypass and counts requests per endpoint", async () => {
    const tag = sim.dataset.tags[20];
    await get(`${sim.url}/contentdiscovery/media/tag?tag=${tag?.name}`);
    await get(
      `${sim.url}/contentdiscovery/media/suggestionsnew?tagIds=${tag?.id}`,
    );
    await get(
      idsUrl(
        creators(1)
          .map((c) => c.id)
          .join(","),
      ),
    );
    await get(namesUrl("x"));
    await get(`${sim.url}/nope`);

    expect(sim.requests.total).toBe(5);
    expect(sim.requests.byEndpoint).toEqual({
      tag: 1,
      suggestions: 1,
      accounts: 1,
      usernames: 1,
      other: 1,
    });
    expect(sim.requests.log.map((entry) => entry.status)).toEqual([
      200, 200, 200, 200, 404,
    ]);
    expect(sim.requests.log[4]?.path).toBe("/api/v1/nope");
    sim.resetRequests();
    expect(sim.requests.total).toBe(0);
    expect(sim.requests.log).toEqual([]);
  });

  it("moves lastSeenAt with the clock for creators who show it", async () => {
    const creator = sim.dataset.creators.find((c) => c.lastSeenLagMs !== null);
    if (creator?.lastSeenLagMs == null)
      throw new Error("no creator shows lastSeenAt");
    sim.clock.advance(HOUR);
    const [account] = await accounts(idsUrl(creator.id));

    expect(account?.lastSeenAt).toBe(
      sim.dataset.epochMs + HOUR - creator.lastSeenLagMs,
    );
  });
});
