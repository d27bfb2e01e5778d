import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { get } from "./wire-types.js";

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(faults: string): Promise<Simulator> {
  sim = await startSimulator({ tags: 20, creators: 5, faults });
  return sim;
}

const namesUrl = (s: Simulator) => `${s.url}/account?usernames=x`;

/** Settles to "pending" if the request has not ended within `ms`. */
const stateAfter = (request: Promise<unknown>, ms: number) =>
  Promise.race([
    request.then(
      () => "answered",
      () => "failed",
    ),
    sleep(ms).then(() => "pending"),
  ]);

/** Resolves once the simulator has logged `count` requests. */
const arrived = (s: Simulator, count: number) =>
  vi.waitFor(() => expect(s.requests.total).toBe(count), {
    timeout: 2_000,
    interval: 5,
  });

describe("slow answers", () => {
  it("sends the real answer after the delay", async () => {
    const s = await start("slow=150ms:#1");
    const started = performance.now();
    const res = await get(namesUrl(s));

    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ success: true, response: [] });
    expect(s.requests.log[0]).toMatchObject({
      status: 200,
      fault: "slow=150ms",
    });
  });

  it("ends a waiting request at once on close", async () => {
    const s = await start("slow=10s:#1");
    const request = fetch(namesUrl(s));
    await arrived(s, 1);

    const closing = performance.now();
    await s.close();
    expect(performance.now() - closing).toBeLessThan(200);
    await expect(request).rejects.toThrow("fetch failed");
  });
});

describe("hung requests", () => {
  it("never answers, and fails the request promptly when closed", async () => {
    const s = await start("hang:#1");
    const request = fetch(namesUrl(s));
    await arrived(s, 1);
    expect(await stateAfter(request, 100)).toBe("pending");

    const closing = performance.now();
    await s.close();
    expect(performance.now() - closing).toBeLessThan(200);
    await expect(request).rejects.toThrow("fetch failed");
    expect(s.requests.log[0]).toMatchObject({ status: 0, fault: "hang" });
  });

  it("keeps serving other requests while one hangs", async () => {
    const s = await start("hang:#1");
    const hung = fetch(namesUrl(s));
    await arrived(s, 1);

    expect((await get(namesUrl(s))).status).toBe(200);
    expect(await stateAfter(hung, 0)).toBe("pending");
    await s.close();
    await expect(hung).rejects.toThrow();
  });
});

describe("connection resets", () => {
  it("resets the connection before answering", async () => {
    const s = await start("reset:#1");
    const failure = await fetch(namesUrl(s)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toMatchObject({
      code: "ECONNRESET",
    });
    expect((await get(namesUrl(s))).status).toBe(200);
    expect(s.requests.log.map((entry) => entry.status)).toEqual([0, 200]);
  });
});
