import { afterEach, describe, expect, it } from "vitest";
import {
  maxInWindow,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../src/simulator/index.js";
import { get } from "./wire-types.js";

let sim: Simulator | undefined;
/** The hand-driven real time of the simulator under test, in ms. */
let realMs = 0;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions): Promise<Simulator> {
  realMs = 1_000_000;
  sim = await startSimulator({
    tags: 20,
    creators: 5,
    realTime: () => realMs,
    ...options,
  });
  return sim;
}

async function call(s: Simulator) {
  const res = await get(`${s.url}/account?usernames=x`);
  return { status: res.status, retryAfter: res.headers.get("retry-after") };
}

describe("simulator rate limit", () => {
  it("answers 429 with Retry-After over the limit and counts a violation", async () => {
    const s = await start({ rateLimit: { requests: 2, perMs: 1_000 } });

    expect(await call(s)).toEqual({ status: 200, retryAfter: null });
    expect(await call(s)).toEqual({ status: 200, retryAfter: null });
    expect(await call(s)).toEqual({ status: 429, retryAfter: "1" });
    expect(s.requests.violations).toBe(1);
    expect(s.requests.log.map((entry) => entry.violation)).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("lets the next request in once the announced Retry-After has passed", async () => {
    const s = await start({ rateLimit: { requests: 2, perMs: 1_000 } });
    for (let i = 0; i < 3; i++) await call(s);
    realMs += 1_000;

    expect(await call(s)).toEqual({ status: 200, retryAfter: null });
    expect(s.requests.violations).toBe(1);
  });

  it("announces the wait until the window has room, in whole seconds", async () => {
    const s = await start({
      rateLimit: { requests: 2, perMs: 10_000 },
      toleranceMs: 0,
    });
    await call(s);
    realMs += 4_000;
    await call(s);
    realMs += 1_000;

    // Room comes back when the request sent 4 s in leaves, 9 s from now.
    expect(await call(s)).toEqual({ status: 429, retryAfter: "9" });
    realMs += 8_999;
    expect((await call(s)).status).toBe(429);
    expect(s.requests.violations).toBe(2);
  });

  it("counts a request inside a fault's cool-down as a violation, and one after it not", async () => {
    const s = await start({ faults: "429=3:#1" });

    expect(await call(s)).toEqual({ status: 429, retryAfter: "3" });
    realMs += 2_000;
    expect(await call(s)).toEqual({ status: 429, retryAfter: "1" });
    realMs += 1_000;
    expect(await call(s)).toEqual({ status: 200, retryAfter: null });

    expect(s.requests.violations).toBe(1);
    expect(s.requests.log.map((e) => [e.fault, e.violation])).toEqual([
      ["429=3", false],
      [undefined, true],
      [undefined, false],
    ]);
  });

  it.each([
    [5_500, 429, 1],
    [5_600, 200, 0],
  ])(
    "measures a dated Retry-After from the clock it came from (%i ms later: %i)",
    async (laterMs, status, violations) => {
      const s = await start({ faults: "429-date=5:#1" });
      // 00:00:00.400 + 5 s is announced as 00:00:06, so 5.6 s of cool-down.
      s.clock.advance(400);
      await call(s);
      realMs += laterMs;

      expect((await call(s)).status).toBe(status);
      expect(s.requests.violations).toBe(violations);
    },
  );

  it("forgives arrivals that are early by no more than the tolerance", async () => {
    const s = await start({ faults: "429=1:#1", toleranceMs: 5 });
    await call(s);
    realMs += 996;

    expect((await call(s)).status).toBe(200);
    expect(s.requests.violations).toBe(0);
  });

  it("can be set and removed at run time", async () => {
    const s = await start({});
    s.setRateLimit({ requests: 1, perMs: 1_000 });
    await call(s);
    expect((await call(s)).status).toBe(429);
    s.setRateLimit(undefined);
    realMs += 1_000;
    expect((await call(s)).status).toBe(200);
    expect(() => s.setRateLimit({ requests: 0, perMs: 1_000 })).toThrow(
      "Rate limit 'requests' must be a positive integer (got 0)",
    );
  });

  it("runs on real time when no source is given", async () => {
    sim = await startSimulator({
      tags: 20,
      creators: 5,
      rateLimit: { requests: 2, perMs: 200 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(sim)).status);
    const arrivals = sim.requests.log.map((entry) => entry.at);

    expect(statuses).toEqual([200, 200, 429]);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
    expect(Math.abs((arrivals[2] ?? 0) - Date.now())).toBeLessThan(1_000);
    expect(sim.requests.maxInWindow(200)).toBe(3);
  });
});

describe("maxInWindow", () => {
  const log = [0, 100, 999, 1_000, 1_500, 1_999.5].map((at) => ({ at }));

  it("finds the busiest half-open window", () => {
    expect(maxInWindow(log, 1_000)).toBe(3);
    expect(maxInWindow(log, 1_001)).toBe(4);
    expect(maxInWindow(log, 1)).toBe(1);
    expect(maxInWindow(log, 10_000)).toBe(6);
    expect(maxInWindow([], 1_000)).toBe(0);
  });

  it("refuses a window that is not positive", () => {
    expect(() => maxInWindow(log, 0)).toThrow(/positive window/);
  });
});
