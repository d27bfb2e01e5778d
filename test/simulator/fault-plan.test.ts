import { describe, expect, it } from "vitest";
import { createFaultPlan } from "../../src/simulator/faults.js";
import type { Endpoint } from "../../src/simulator/request.js";
import {
  faultLabel,
  parseFaultSpec,
  startSimulator,
  type FaultRule,
} from "../../src/simulator/index.js";
import { get } from "./wire-types.js";

const MIXED = "5xx:0.3,429:0.2,malformed:0.1,reset:0.05";

/** The labels a plan gives to `count` requests to one endpoint. */
function labels(
  rules: readonly FaultRule[],
  seed: number,
  endpoints: readonly Endpoint[],
): (string | undefined)[] {
  const plan = createFaultPlan(rules, seed);
  return endpoints.map((endpoint) => {
    const fault = plan.pick(endpoint);
    return fault && faultLabel(fault);
  });
}

const many = (count: number): Endpoint[] =>
  Array.from({ length: count }, () => "usernames");

describe("fault rates", () => {
  it("gives the same faults for the same seed and other faults for another", () => {
    const rules = parseFaultSpec(MIXED);
    const first = labels(rules, 7, many(200));

    expect(labels(rules, 7, many(200))).toEqual(first);
    expect(labels(rules, 8, many(200))).not.toEqual(first);
  });

  it("hits each fault close to its rate", () => {
    const picked = labels(parseFaultSpec(MIXED), 3, many(10_000));
    const share = (test: (label: string) => boolean) =>
      picked.filter((label) => label !== undefined && test(label)).length /
      picked.length;

    expect(share((l) => /^50\d-/.test(l))).toBeCloseTo(0.3, 1);
    expect(share((l) => l === "429")).toBeCloseTo(0.2, 1);
    expect(share((l) => l === "malformed")).toBeCloseTo(0.1, 1);
    expect(share((l) => l === "reset")).toBeCloseTo(0.05, 1);
    expect(share(() => true)).toBeCloseTo(0.65, 1);
  });

  it("picks every variant of a family", () => {
    const picked = new Set(labels(parseFaultSpec("5xx:1"), 1, many(500)));

    expect([...picked].sort()).toEqual([
      "500-empty",
      "500-html",
      "502-empty",
      "502-html",
      "503-empty",
      "503-html",
      "504-empty",
    ]);
  });

  it("repeats a run's faults over HTTP when set again with the same seed", async () => {
    const sim = await startSimulator({ tags: 20, creators: 5, faultSeed: 11 });
    const run = async () => {
      sim.resetRequests();
      sim.setFaults("503:0.3,504:0.2,fail:0.2");
      for (let i = 0; i < 30; i++) await get(`${sim.url}/account?usernames=x`);
      return sim.requests.log.map((entry) => entry.fault ?? entry.status);
    };
    try {
      const first = await run();
      expect(await run()).toEqual(first);
      expect(new Set(first).size).toBeGreaterThan(3);
    } finally {
      await sim.close();
    }
  });
});

describe("fault schedules", () => {
  it("hits exactly the numbered requests, counting per endpoint filter", () => {
    const rules = parseFaultSpec("503:#2..3,reset:#2@tag,hang:next1@e3");
    const endpoints: Endpoint[] = [
      "usernames",
      "tag",
      "usernames",
      "tag",
      "accounts",
      "tag",
      "accounts",
    ];

    expect(labels(rules, 1, endpoints)).toEqual([
      undefined,
      "503-html", // request #2 overall, before the tag rule's #2
      "503-html",
      "reset", // the second tag request
      "hang", // the first accounts request
      undefined,
      undefined,
    ]);
  });

  it("lets a schedule win over rates without moving the rate draws", () => {
    const rates = parseFaultSpec("429:0.5");
    const withSchedule = [...parseFaultSpec("reset:#3"), ...rates];
    const plain = labels(rates, 4, many(20));
    const scheduled = labels(withSchedule, 4, many(20));

    expect(scheduled[2]).toBe("reset");
    expect(scheduled.filter((_, i) => i !== 2)).toEqual(
      plain.filter((_, i) => i !== 2),
    );
  });

  it("starts counting again when the faults are set again", async () => {
    const sim = await startSimulator({ tags: 20, creators: 5 });
    const statuses = async (count: number) => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) {
        seen.push((await get(`${sim.url}/account?usernames=x`)).status);
      }
      return seen;
    };
    try {
      sim.setFaults("502:next2");
      expect(await statuses(3)).toEqual([502, 502, 200]);
      sim.setFaults("502:next2");
      expect(await statuses(3)).toEqual([502, 502, 200]);
    } finally {
      await sim.close();
    }
  });
});

describe("fault rule checks", () => {
  it("refuses rates that add up to more than 1 for one endpoint", () => {
    expect(() => createFaultPlan(parseFaultSpec("503:0.6,429:0.6"), 1)).toThrow(
      /Fault rates for tag requests add up to 1.2/,
    );
    expect(() =>
      createFaultPlan(parseFaultSpec("503:0.6@tag,429:0.6@e2"), 1),
    ).not.toThrow();
  });

  it("refuses a rule with both or neither of rate and requests", () => {
    const fault = { kind: "reset" } as const;
    expect(() =>
      createFaultPlan(
        [{ fault, rate: 0.1, requests: { first: 1, last: 1 } }],
        1,
      ),
    ).toThrow(/exactly one of 'rate' or 'requests'/);
    expect(() => createFaultPlan([{ fault }], 1)).toThrow(/Fault rule 1/);
  });

  it("refuses a negative delay and fractional Retry-After seconds", () => {
    expect(() =>
      createFaultPlan([{ fault: { kind: "slow", delayMs: -1 }, rate: 1 }], 1),
    ).toThrow(/delay of 0 ms or more \(got -1\)/);
    expect(() =>
      createFaultPlan(
        [{ fault: { kind: "rate-limited", seconds: 1.5 }, rate: 1 }],
        1,
      ),
    ).toThrow(/whole seconds/);
  });
});
