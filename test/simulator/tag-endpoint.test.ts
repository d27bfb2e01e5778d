import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  startSimulator,
  type SimTag,
  type Simulator,
} from "../../src/simulator/index.js";
import { DAY, get, type Envelope, type WireTag } from "./wire-types.js";

interface TagResponse {
  mediaOfferSuggestionTag: WireTag | null;
  aggregationData: Record<string, never>;
}

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 4 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.clock.set(sim.dataset.epochMs);
});

const tagUrl = (encodedName: string) =>
  `${sim.url}/contentdiscovery/media/tag?tag=${encodedName}&ngsw-bypass=true`;

async function lookUp(name: string) {
  const res = await get<Envelope<TagResponse>>(
    tagUrl(encodeURIComponent(name)),
  );
  expect(res.status).toBe(200);
  return res.json();
}

const steadyTag = (): SimTag => {
  const tag = sim.dataset.tags.find(
    (t) =>
      t.growth.kind === "steady" &&
      t.hideWindow === null &&
      /^[a-z]+$/.test(t.name),
  );
  if (tag === undefined) throw new Error("seed 4 has no plain steady tag");
  return tag;
};

describe("E1 tag by name", () => {
  it("answers the tag in the real envelope with ms createdAt", async () => {
    const tag = steadyTag();
    const res = await get<Envelope<TagResponse>>(tagUrl(tag.name));

    expect(res.contentType).toBe("application/json; charset=utf-8");
    expect(res.json()).toEqual({
      success: true,
      response: {
        mediaOfferSuggestionTag: {
          id: tag.id,
          tag: tag.name,
          description: "",
          viewCount: tag.views.base,
          postCount: tag.posts.base,
          flags: 0,
          createdAt: tag.createdAt,
        },
        aggregationData: {},
      },
    });
    expect(tag.createdAt).toBeGreaterThan(1e12);
  });

  it("answers 200 with a null tag for an unknown name", async () => {
    const body = await lookUp("no-such-tag-anywhere");

    expect(body).toEqual({
      success: true,
      response: { mediaOfferSuggestionTag: null, aggregationData: {} },
    });
  });

  it("finds names without regard to case", async () => {
    const tag = steadyTag();
    const body = await lookUp(tag.name.toUpperCase());

    expect(body.response.mediaOfferSuggestionTag?.id).toBe(tag.id);
    expect(body.response.mediaOfferSuggestionTag?.tag).toBe(tag.name);
  });

  it("reports counts at the simulated time of the request", async () => {
    const tag = steadyTag();
    sim.clock.advance(2 * DAY);
    const expected = tag.views.base + Math.floor(tag.views.perHour * 48);

    const body = await lookUp(tag.name);
    expect(body.response.mediaOfferSuggestionTag?.viewCount).toBe(expected);
    expect(sim.tag(tag.name)?.viewCount).toBe(expected);
  });

  it("round-trips every awkward name through encodeURIComponent", async () => {
    const awkward = sim.dataset.tags.filter((t) => /[^a-z0-9]/.test(t.name));
    expect(awkward.length).toBeGreaterThanOrEqual(5);

    for (const tag of awkward) {
      const body = await lookUp(tag.name);
      expect(body.response.mediaOfferSuggestionTag?.tag).toBe(tag.name);
      expect(body.response.mediaOfferSuggestionTag?.id).toBe(tag.id);
    }
    const upper = await lookUp("CAFÉ");
    expect(upper.response.mediaOfferSuggestionTag?.tag).toBe("café");
  });

  it("finds a 200-character name and an added name full of reserved characters", async () => {
    const long = sim.dataset.tags.find((t) => t.name.length === 200);
    const odd = "a+b & c #d %e ✨";
    const added = sim.addTag(odd, { viewCount: 777, postCount: 3 });

    expect(
      (await lookUp(long?.name ?? "")).response.mediaOfferSuggestionTag?.id,
    ).toBe(long?.id);
    const found = (await lookUp(odd)).response.mediaOfferSuggestionTag;
    expect(found).toMatchObject({
      id: added.id,
      tag: odd,
      viewCount: 777,
      postCount: 3,
    });
  });

  it("does not find 'r&b' when the & is sent unencoded, like the real API", async () => {
    const res = await get<Envelope<TagResponse>>(tagUrl("r&b"));

    expect(res.json().response.mediaOfferSuggestionTag).toBeNull();
  });

  it("hides a tag on hideTag and shows it again on showTag", async () => {
    const tag = steadyTag();

    sim.hideTag(tag.name);
    expect(
      (await lookUp(tag.name)).response.mediaOfferSuggestionTag,
    ).toBeNull();
    expect(sim.tag(tag.name)?.hidden).toBe(true);

    sim.showTag(tag.name);
    expect((await lookUp(tag.name)).response.mediaOfferSuggestionTag?.id).toBe(
      tag.id,
    );
    expect(sim.tag(tag.name)?.hidden).toBe(false);
  });

  it("follows a scheduled hide window: present, gone, back", async () => {
    const tag = sim.dataset.tags.find((t) => t.hideWindow !== null);
    const window = tag?.hideWindow;
    if (tag === undefined || !window) throw new Error("no scheduled tag");

    sim.clock.set(window.hideAt - 1);
    expect((await lookUp(tag.name)).response.mediaOfferSuggestionTag?.id).toBe(
      tag.id,
    );
    sim.clock.set(window.hideAt);
    expect(
      (await lookUp(tag.name)).response.mediaOfferSuggestionTag,
    ).toBeNull();
    sim.clock.set(window.showAt);
    expect((await lookUp(tag.name)).response.mediaOfferSuggestionTag?.id).toBe(
      tag.id,
    );
  });
});
