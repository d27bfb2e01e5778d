import { afterEach, describe, expect, it } from "vitest";
import {
  startSimulator,
  type RequestLogEntry,
  type Simulator,
} from "../../src/simulator/index.js";

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const namesUrl = (s: Simulator) => `${s.url}/account?usernames=x`;

describe("Simulator.onRequest", () => {
  it("passes each request's log entry, already counted, in arrival order", async () => {
    sim = await startSimulator({ tags: 10, creators: 5 });
    const s = sim;
    const seen: { entry: RequestLogEntry; total: number }[] = [];
    s.onRequest((entry) => seen.push({ entry, total: s.requests.total }));

    await fetch(namesUrl(s));
    await fetch(`${s.url}/no/such/path`);

    expect(seen.map(({ total }) => total)).toEqual([1, 2]);
    expect(seen.map(({ entry }) => entry)).toEqual(s.requests.log);
    expect(seen.map(({ entry }) => entry.endpoint)).toEqual([
      "usernames",
      "other",
    ]);
  });

  it("reports a hung request on arrival", async () => {
    sim = await startSimulator({ tags: 10, creators: 5, faults: "hang:#1" });
    const s = sim;
    const arrived = new Promise<RequestLogEntry>((resolve) => {
      s.onRequest(resolve);
    });
    const hung = fetch(namesUrl(s)).catch(() => "closed");

    expect(await arrived).toMatchObject({ status: 0, fault: "hang" });
    await s.close();
    expect(await hung).toBe("closed");
  });

  it("stops calling a listener once it is removed", async () => {
    sim = await startSimulator({ tags: 10, creators: 5 });
    const calls: string[] = [];
    const off = sim.onRequest((entry) => calls.push(entry.path));

    await fetch(namesUrl(sim));
    off();
    await fetch(namesUrl(sim));

    expect(calls).toEqual(["/api/v1/account?usernames=x"]);
    expect(sim.requests.total).toBe(2);
  });
});
