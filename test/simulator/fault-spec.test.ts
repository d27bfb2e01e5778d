import { describe, expect, it } from "vitest";
import {
  faultLabel,
  parseFaultSpec,
  parseRateLimitSpec,
  type Fault,
} from "../../src/simulator/index.js";

describe("parseFaultSpec", () => {
  it("reads the CLI example as four rate rules", () => {
    const rules = parseFaultSpec("429:0.05,5xx:0.1,reset:0.02,malformed:0.02");

    expect(rules.map((rule) => rule.rate)).toEqual([0.05, 0.1, 0.02, 0.02]);
    expect(rules[0]?.fault).toEqual({
      kind: "rate-limited",
      retryAfter: "seconds",
      seconds: 1,
      body: "json",
    });
    expect(rules[1]?.fault).toHaveLength(7);
    expect(rules[2]?.fault).toEqual({ kind: "reset" });
  });

  it("reads arguments, percentages, request numbers and endpoints", () => {
    const rules = parseFaultSpec(
      " 429-date-html=5:#2 , slow=2s:5%@suggestions, hang:next3@E3, empty:#4..6 ",
    );

    expect(rules).toEqual([
      {
        fault: {
          kind: "rate-limited",
          retryAfter: "date",
          seconds: 5,
          body: "html",
        },
        requests: { first: 2, last: 2 },
      },
      {
        fault: { kind: "slow", delayMs: 2_000 },
        rate: 0.05,
        endpoint: "suggestions",
      },
      {
        fault: { kind: "hang" },
        requests: { first: 1, last: 3 },
        endpoint: "accounts",
      },
      { fault: { kind: "empty" }, requests: { first: 4, last: 6 } },
    ]);
  });

  it("gives an empty list for empty text", () => {
    expect(parseFaultSpec("  ")).toEqual([]);
  });

  it("parses every label back to the fault it names", () => {
    const faults: Fault[] = [
      { kind: "rate-limited", retryAfter: "seconds", seconds: 1, body: "json" },
      { kind: "rate-limited", retryAfter: "date", seconds: 7, body: "empty" },
      { kind: "rate-limited", retryAfter: "none", seconds: 1, body: "html" },
      { kind: "server-error", status: 502, body: "empty" },
      { kind: "server-error", status: 504, body: "html" },
      { kind: "slow", delayMs: 250 },
      { kind: "app-error", field: "message", status: 500 },
      { kind: "reset" },
      { kind: "hang" },
      { kind: "malformed" },
      { kind: "empty" },
    ];
    for (const fault of faults) {
      expect(parseFaultSpec(`${faultLabel(fault)}:1`)[0]?.fault).toEqual(fault);
    }
  });

  it.each([
    ["oops", "--fault part 'oops' is not kind[=arg]:trigger[@endpoint]"],
    ["teapot:0.1", "--fault part 'teapot:0.1' has an unknown kind 'teapot'"],
    [
      "503:1.5",
      "--fault part '503:1.5' has a rate of 1.5, above 1; for request numbers write #1.5",
    ],
    ["503:#3..2", "--fault part '503:#3..2' names requests 3..2"],
    ["503:#0", "--fault part '503:#0' names requests 0..0"],
    [
      "503:often",
      "--fault part '503:often' has a trigger 'often' that is not a rate",
    ],
    [
      "503:0.1@timeline",
      "--fault part '503:0.1@timeline' names an unknown endpoint 'timeline'",
    ],
    [
      "429-none=3:0.1",
      "--fault part '429-none=3:0.1' gives a wait to a 429 that sends no Retry-After",
    ],
    ["429=soon:0.1", "--fault part '429=soon:0.1' has a Retry-After of 'soon'"],
    ["slow=abc:0.1", "--fault part 'slow=abc:0.1' has a delay of 'abc'"],
    [
      "reset=2:0.1",
      "--fault part 'reset=2:0.1' gives 'reset' an argument it does not take",
    ],
    [
      "503:0.1,,504:0.1",
      "--fault part '' is not kind[=arg]:trigger[@endpoint]",
    ],
  ])("names the bad part of %j", (text, message) => {
    expect(() => parseFaultSpec(text)).toThrow(message);
  });

  it("throws E_CONFIG errors naming the option it was given", () => {
    expect(() => parseFaultSpec("x:1", "FAULTS")).toThrow(
      expect.objectContaining({
        code: "E_CONFIG",
        message: expect.stringMatching(/^FAULTS part 'x:1'/),
      }),
    );
  });
});

describe("parseRateLimitSpec", () => {
  it("reads the FANSLY_RATE_LIMIT syntax", () => {
    expect(parseRateLimitSpec("50/10s")).toEqual({
      requests: 50,
      perMs: 10_000,
    });
    expect(parseRateLimitSpec("5/500ms")).toEqual({ requests: 5, perMs: 500 });
    expect(parseRateLimitSpec("60/m")).toEqual({ requests: 60, perMs: 60_000 });
    expect(parseRateLimitSpec("off")).toBeUndefined();
  });

  it("names the flag and the bad value", () => {
    expect(() => parseRateLimitSpec("fast")).toThrow(
      "--rate-limit must be 'N/duration' such as 50/10s or 5/1s, or 'off' (got 'fast')",
    );
  });
});
