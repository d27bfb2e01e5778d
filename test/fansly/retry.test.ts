import { describe, expect, it } from "vitest";
import { createManualClock } from "../../src/clock.js";
import { WorkerError } from "../../src/errors.js";
import {
  ok,
  sendJson,
  sendText,
  testClient,
  useStubServer,
  wireTag,
} from "./helpers.js";

const serve = useStubServer();

describe("errors and retries", () => {
  it("retries a 503 HTML page once, then succeeds", async () => {
    const { requests, baseUrl } = await serve((_request, res) => {
      if (requests.length === 1)
        return sendText(res, 503, "<html>Service Unavailable</html>");
      sendJson(res, 200, ok({ mediaOfferSuggestionTag: wireTag("1", "ok") }));
    });
    const { api, lines } = testClient(baseUrl);

    expect((await api.getTagByName("ok"))?.id).toBe("1");
    expect(requests).toHaveLength(2);
    expect(api.stats).toMatchObject({ requests: 2, retries: 1, failures: 0 });
    expect(lines[0]).toMatch(
      /^GET \/contentdiscovery\/media\/tag\?tag=ok&ngsw-bypass=true → 503 in \d+ms$/,
    );
    expect(lines.at(-1)).toMatch(/→ 200 in \d+ms$/);
  });

  it("stops at once on 401 with E_AUTH and never shows the token", async () => {
    const token = "secret-token-5f2c9a";
    const { requests, baseUrl } = await serve((_request, res) =>
      sendText(res, 401, ""),
    );
    const { api, lines } = testClient(baseUrl, { authToken: token });

    const error = await api.getTagByName("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({
      code: "E_AUTH",
      message:
        "Fansly answered 401: the auth token (FANSLY_AUTH_TOKEN) is missing, wrong or expired",
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.authorization).toBe(token);
    expect(String((error as Error).stack)).not.toContain(token);
    expect(lines.join("\n")).not.toContain(token);
    expect(lines.join("\n")).toContain("→ 401 in");
  });

  it("blocks the shared limiter until the Retry-After time", async () => {
    const clock = createManualClock(1_700_000_000_000);
    const { requests, baseUrl } = await serve((_request, res) => {
      if (requests.length === 1)
        return sendJson(res, 429, {}, { "retry-after": "7" });
      sendJson(res, 200, ok({ mediaOfferSuggestionTag: null }));
    });
    const { api, limiter } = testClient(baseUrl, { clock });

    expect(await api.getTagByName("x")).toBeNull();
    expect(limiter.blocks).toEqual([1_700_000_007_000]);
    expect(limiter.acquired).toBe(2);
    expect(api.stats).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  it("gives up at once with the resume time when Retry-After is longer than the maximum cool-down", async () => {
    const clock = createManualClock(1_700_000_000_000);
    const { requests, baseUrl } = await serve((_request, res) =>
      sendJson(res, 429, {}, { "retry-after": "3600" }),
    );
    const { api, limiter, lines } = testClient(baseUrl, { clock });

    await expect(api.getTagByName("x")).rejects.toMatchObject({
      code: "E_RATE_LIMITED",
      resumeAt: 1_700_003_600_000,
      message: expect.stringContaining(
        "pause for 3600 s, longer than FANSLY_MAX_COOLDOWN (300 s)",
      ),
    });
    expect(requests).toHaveLength(1);
    expect(limiter.blocks).toEqual([1_700_003_600_000]);
    expect(limiter.slowDowns).toEqual([1_700_000_000_000]);
    expect(lines.join("\n")).toContain("3600 s pause (Retry-After)");
    expect(api.stats).toMatchObject({ rateLimited: 1, failures: 1 });
  });

  it("takes the maximum cool-down from its options", async () => {
    const clock = createManualClock(1_700_000_000_000);
    const { baseUrl } = await serve((_request, res) =>
      sendJson(res, 429, {}, { "retry-after": "3" }),
    );
    const { api } = testClient(baseUrl, { clock, maxCooldownMs: 2_000 });

    await expect(api.getTagByName("x")).rejects.toMatchObject({
      code: "E_RATE_LIMITED",
      resumeAt: 1_700_000_003_000,
    });
  });

  it("blocks for the 429 backoff when a 429 has no Retry-After", async () => {
    const clock = createManualClock(1_000_000);
    const { requests, baseUrl } = await serve((_request, res) => {
      if (requests.length === 1) return sendText(res, 429, "");
      sendJson(res, 200, ok([]));
    });
    const rateLimitBackoff = { baseMs: 400, capMs: 30_000, random: () => 0.5 };
    const { api, limiter } = testClient(baseUrl, { clock, rateLimitBackoff });

    expect(await api.getAccountByUsername("x")).toBeNull();
    expect(limiter.blocks).toEqual([1_000_200]);
  });

  it("caps the 429 backoff at the maximum cool-down, so it never ends a run", async () => {
    const clock = createManualClock(1_000_000);
    const { requests, baseUrl } = await serve((_request, res) => {
      if (requests.length <= 3) return sendText(res, 429, "");
      sendJson(res, 200, ok([]));
    });
    const rateLimitBackoff = { baseMs: 60_000, random: () => 0.999 };
    const { api, limiter } = testClient(baseUrl, {
      clock,
      rateLimitBackoff,
      maxCooldownMs: 90_000,
      maxRetries: 3,
    });

    expect(await api.getAccountByUsername("x")).toBeNull();
    const waits = limiter.blocks.map((until) => until - 1_000_000);
    expect(waits).toEqual([59_940, 89_910, 89_910]);
  });

  it("reads a Retry-After HTTP date", async () => {
    const clock = createManualClock(Date.parse("2026-01-01T00:00:00Z"));
    const { requests, baseUrl } = await serve((_request, res) => {
      if (requests.length === 1) {
        return sendJson(
          res,
          429,
          {},
          { "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" },
        );
      }
      sendJson(res, 200, ok([]));
    });
    const { api, limiter } = testClient(baseUrl, { clock });

    expect(await api.getAccountByUsername("x")).toBeNull();
    expect(limiter.blocks).toEqual([Date.parse("2026-01-01T00:00:30Z")]);
  });

  it("reports a non-JSON 200 body as E_HTTP naming the content type", async () => {
    const { baseUrl } = await serve((_request, res) =>
      sendText(res, 200, "<!doctype html><title>Maintenance</title>"),
    );
    const { api } = testClient(baseUrl, { maxRetries: 0 });

    await expect(api.getTagByName("x")).rejects.toMatchObject({
      code: "E_HTTP",
      message: expect.stringMatching(
        /answered 200 with a body that is not JSON \(text\/html, 41 bytes\): "<!doctype html>/,
      ),
    });
  });

  it("gives up after maxRetries on 5xx and counts a failure", async () => {
    const { requests, baseUrl } = await serve((_request, res) =>
      sendText(res, 502, ""),
    );
    const { api } = testClient(baseUrl, { maxRetries: 2 });

    await expect(api.getTagByName("x")).rejects.toMatchObject({
      code: "E_HTTP",
      message: expect.stringContaining("answered 502: (text/html, empty body)"),
    });
    expect(requests).toHaveLength(3);
    expect(api.stats).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  it("does not retry other 4xx and quotes a JSON error envelope", async () => {
    const { requests, baseUrl } = await serve((_request, res) =>
      sendJson(res, 400, {
        success: false,
        error: { code: 3, details: "bad tag" },
      }),
    );
    const { api } = testClient(baseUrl);

    await expect(api.getTagByName("x")).rejects.toThrow(
      "GET /contentdiscovery/media/tag?tag=x&ngsw-bypass=true answered 400: Fansly answered success:false (code 3): bad tag",
    );
    expect(requests).toHaveLength(1);
  });

  it("gives each attempt a fresh timeout", async () => {
    const { requests, baseUrl } = await serve((_request, res) => {
      const answer = () =>
        sendJson(res, 200, ok({ mediaOfferSuggestionTag: null }));
      if (requests.length === 1) setTimeout(answer, 1_000).unref();
      else answer();
    });
    const { api } = testClient(baseUrl, { timeoutMs: 150 });

    expect(await api.getTagByName("slow")).toBeNull();
    expect(requests).toHaveLength(2);
    expect(api.stats.retries).toBe(1);
  });

  it("retries a refused connection and then reports E_HTTP", async () => {
    const stopped = await serve(() => undefined);
    await stopped.close();
    const { baseUrl } = stopped;
    const { api } = testClient(baseUrl, { maxRetries: 1 });

    await expect(api.getTagByName("x")).rejects.toMatchObject({
      code: "E_HTTP",
      message: expect.stringContaining("ECONNREFUSED"),
    });
    expect(api.stats).toMatchObject({ requests: 2, retries: 1 });
  });
});
