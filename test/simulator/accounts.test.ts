import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  startSimulator,
  type SimCreator,
  type Simulator,
} from "../../src/simulator/index.js";
import { DAY, get, type Envelope, type WireAccount } from "./wire-types.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 31,
    tags: 60,
    creators: 40,
    maxAccountIds: 25,
  });
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

async function accounts(url: string): Promise<WireAccount[]> {
  const res = await get<Envelope<WireAccount[]>>(url);
  expect(res.status).toBe(200);
  expect(res.json().success).toBe(true);
  return res.json().response;
}

const creators = (count: number): SimCreator[] =>
  sim.dataset.creators.slice(0, count);
/** Snowflake-shaped ids nobody owns. */
const UNKNOWN_IDS = ["700000000000000001", "700000000000000002"];

describe("E3 accounts by ids", () => {
  it("answers the known ids as account objects and drops unknown ones", async () => {
    const known = creators(5);
    const ids = [UNKNOWN_IDS[0], ...known.map((c) => c.id), UNKNOWN_IDS[1]];
    const answer = await accounts(idsUrl(ids.join(",")));

    expect(new Set(answer.map((a) => a.id))).toEqual(
      new Set(known.map((c) => c.id)),
    );
    expect(answer).toHaveLength(5);
  });

  it("fills every field from the creator at the simulated time", async () => {
    const creator = creators(1)[0];
    if (creator === undefined) throw new Error("no creator");
    sim.clock.advance(2 * DAY + 30 * 60_000);
    const [account] = await accounts(idsUrl(creator.id));
    const view = sim.creator(creator.id);

    expect(account).toMatchObject({
      id: creator.id,
      username: creator.username,
      displayName: creator.displayName,
      flags: 18,
      createdAt: creator.createdAt,
      followCount: view?.followers,
      subscriberCount: view?.subscribers,
      postLikes: view?.postLikes,
      accountMediaLikes: view?.mediaLikes,
      profileSocials: [],
      timelineStats: {
        accountId: creator.id,
        imageCount: view?.imageCount,
        videoCount: view?.videoCount,
        fetchedAt: sim.dataset.epochMs + 2 * DAY,
      },
    });
    expect((BigInt(creator.id) >> 22n) + 1_561_494_359_000n).toBe(
      BigInt(account?.createdAt ?? 0),
    );
    const growing = creator.growth.kind !== "flat";
    expect((account?.followCount ?? 0) > creator.followers.base).toBe(growing);
  });

  it("orders the answer by its own rule, not by the request", async () => {
    const known = creators(20).map((c) => c.id);
    const forward = (await accounts(idsUrl(known.join(",")))).map((a) => a.id);
    const backward = (
      await accounts(idsUrl([...known].reverse().join(",")))
    ).map((a) => a.id);

    expect(backward).toEqual(forward);
    expect(forward).not.toEqual(known);
  });

  it("answers [] when no id is known", async () => {
    expect(await accounts(idsUrl(UNKNOWN_IDS.join(",")))).toEqual([]);
  });

  it("answers 404 when the commas are sent as %2C", async () => {
    const ids = creators(3).map((c) => c.id);
    for (const comma of ["%2C", "%2c"]) {
      const res = await get(idsUrl(ids.join(comma)));
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({
        success: false,
        error: { code: 404, details: "not found" },
      });
    }
    expect(sim.requests.byEndpoint.accounts).toBe(2);
  });

  it("answers 413 with an HTML body above maxAccountIds", async () => {
    const ids = sim.dataset.creators.slice(0, 26).map((c) => c.id);
    const tooMany = await get(idsUrl(ids.join(",")));
    const atLimit = await get(idsUrl(ids.slice(0, 25).join(",")));

    expect(tooMany.status).toBe(413);
    expect(tooMany.contentType).toMatch(/^text\/html/);
    expect(tooMany.text).toContain("413");
    expect(atLimit.status).toBe(200);
  });

  it("leaves out a hidden creator until shown again", async () => {
    const [creator] = creators(1);
    if (creator === undefined) throw new Error("no creator");
    sim.hideCreator(creator.id);
    expect(await accounts(idsUrl(creator.id))).toEqual([]);
    expect(sim.creator(creator.id)?.hidden).toBe(true);

    sim.showCreator(creator.id);
    expect((await accounts(idsUrl(creator.id))).map((a) => a.id)).toEqual([
      creator.id,
    ]);
  });
});
