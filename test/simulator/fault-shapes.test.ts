import { describe, expect, it } from "vitest";
import { JSON_TYPE, useFaultSimulator } from "./fault-harness.js";

const h = useFaultSimulator();
const { faulted } = h;

describe("429 faults", () => {
  it("sends Retry-After in seconds with the JSON error envelope", async () => {
    const res = await faulted("429=30");

    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(res.contentType).toBe(JSON_TYPE);
    expect(res.json()).toEqual({
      success: false,
      error: { code: 429, details: "too many requests" },
    });
    expect(h.sim.requests.log[0]?.fault).toBe("429=30");
  });

  it("sends Retry-After as an HTTP date counted from the simulated clock", async () => {
    h.sim.clock.advance(400);
    const res = await faulted("429-date=5");

    // 5 s after 00:00:00.400 is rounded up to the next whole second.
    expect(res.headers.get("retry-after")).toBe(
      new Date(h.sim.dataset.epochMs + 6_000).toUTCString(),
    );
    expect(res.headers.get("retry-after")).toBe(
      "Thu, 01 Jan 2026 00:00:06 GMT",
    );
    expect(res.contentType).toBe(JSON_TYPE);
  });

  it("can leave Retry-After out and send an HTML or an empty body", async () => {
    const html = await faulted("429-none-html");
    const empty = await faulted("429-none-empty");

    expect(html.status).toBe(429);
    expect(html.headers.get("retry-after")).toBeNull();
    expect(html.contentType).toBe("text/html");
    expect(html.text).toContain("<H1>429 ERROR</H1>");
    expect(empty.status).toBe(429);
    expect(empty.headers.get("retry-after")).toBeNull();
    expect(empty.contentType).toBeNull();
    expect(empty.text).toBe("");
  });
});

describe("server error faults", () => {
  it.each([
    ["500", 500, "html"],
    ["502", 502, "html"],
    ["503-html", 503, "html"],
    ["500-empty", 500, "empty"],
    ["502-empty", 502, "empty"],
    ["503-empty", 503, "empty"],
    ["504", 504, "empty"],
  ] as const)("%s answers %i with an %s body", async (spec, status, body) => {
    const res = await faulted(spec);

    expect(res.status).toBe(status);
    expect(res.headers.get("server")).toBe("CloudFront");
    if (body === "html") {
      expect(res.contentType).toBe("text/html");
      expect(res.text).toMatch(/^<!DOCTYPE HTML/);
      expect(res.text).toContain(`<H1>${status} ERROR</H1>`);
    } else {
      expect(res.contentType).toBeNull();
      expect(res.text).toBe("");
    }
    expect(h.sim.requests.log[0]?.fault).toBe(`${status}-${body}`);
  });
});
