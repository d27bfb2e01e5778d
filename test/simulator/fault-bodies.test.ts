import { describe, expect, it } from "vitest";
import { JSON_TYPE, useFaultSimulator } from "./fault-harness.js";
import { get } from "./wire-types.js";

const h = useFaultSimulator();
const { faulted, visibleTag, tagUrl } = h;

describe("body faults", () => {
  it("cuts the real JSON short but keeps the JSON content type", async () => {
    const url = tagUrl(visibleTag().name);
    const whole = await get(url);
    const cut = await faulted("malformed", url);

    expect(cut.status).toBe(200);
    expect(cut.contentType).toBe(JSON_TYPE);
    expect(cut.text.length).toBeGreaterThan(0);
    expect(whole.text.startsWith(cut.text)).toBe(true);
    expect(cut.text.length).toBeLessThan(whole.text.length);
    expect(() => cut.json()).toThrow(SyntaxError);
  });

  it.each([
    ["fail-details-200", 200, "details"],
    ["fail-message-200", 200, "message"],
    ["fail-details-500", 500, "details"],
    ["fail-message-500", 500, "message"],
  ] as const)(
    "%s answers %i with success false and error.%s",
    async (spec, status, field) => {
      const res = await faulted(spec);

      expect(res.status).toBe(status);
      expect(res.contentType).toBe(JSON_TYPE);
      expect(res.json()).toEqual({
        success: false,
        error: { code: 500, [field]: "error getting data" },
      });
    },
  );

  it("empties a feed page and an account batch but keeps them successful", async () => {
    const tag = visibleTag();
    const feed = await faulted(
      "empty",
      `${h.sim.url}/contentdiscovery/media/suggestionsnew?tagIds=${tag.id}&limit=5`,
    );
    const ids = h.sim.dataset.creators.slice(0, 3).map((c) => c.id);
    const batch = await faulted(
      "empty",
      `${h.sim.url}/account?ids=${ids.join(",")}`,
    );

    expect(feed.json()).toEqual({
      success: true,
      response: {
        mediaOfferSuggestions: [],
        aggregationData: {
          accounts: [],
          accountMedia: [],
          accountMediaBundles: [],
          posts: [],
          tips: [],
          tipGoals: [],
          stories: [],
        },
      },
    });
    expect(batch.json()).toEqual({ success: true, response: [] });
  });

  it("leaves E1 alone under 'empty' and empties the next E2 page instead", async () => {
    const tag = visibleTag();
    h.sim.setFaults("empty:#1");
    const found = await get<{ response: { mediaOfferSuggestionTag: unknown } }>(
      tagUrl(tag.name),
    );
    await get(
      `${h.sim.url}/contentdiscovery/media/suggestionsnew?tagIds=${tag.id}`,
    );

    expect(found.json().response.mediaOfferSuggestionTag).not.toBeNull();
    expect(h.sim.requests.log.map((entry) => entry.fault)).toEqual([
      undefined,
      "empty",
    ]);
  });
});

describe("fault counting", () => {
  it("counts faulted requests per endpoint, status and fault", async () => {
    h.sim.setFaults("503:#1,504:#2,reset:#3");
    for (let i = 0; i < 2; i++) await get(h.namesUrl);
    await expect(fetch(h.namesUrl)).rejects.toThrow();
    await get(h.namesUrl);

    expect(h.sim.requests.total).toBe(4);
    expect(h.sim.requests.byEndpoint.usernames).toBe(4);
    expect(h.sim.requests.byStatus).toEqual({ 503: 1, 504: 1, 0: 1, 200: 1 });
    expect(h.sim.requests.byFault).toEqual({
      "503-html": 1,
      "504-empty": 1,
      reset: 1,
    });
    expect(h.sim.requests.violations).toBe(0);
  });
});
