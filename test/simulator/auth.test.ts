import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { get } from "./wire-types.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    tags: 20,
    creators: 5,
    auth: { mode: "bad-token" },
  });
});

afterAll(async () => {
  await sim.close();
});

async function statusWith(token?: string): Promise<number> {
  const headers: Record<string, string> =
    token === undefined ? {} : { Authorization: token };
  return (await get(`${sim.url}/account?usernames=x`, { headers })).status;
}

describe("simulator auth", () => {
  it("answers 401 JSON to any token in bad-token mode", async () => {
    const res = await get(`${sim.url}/account?usernames=x`, {
      headers: { Authorization: "some-token" },
    });

    expect(res.status).toBe(401);
    expect(res.contentType).toBe("application/json; charset=utf-8");
    expect(res.json()).toEqual({
      success: false,
      error: { code: 401, details: "unauthorized" },
    });
    expect(await statusWith(undefined)).toBe(200);
  });

  it("answers 401 to the configured bad token only", async () => {
    sim.setAuth({ mode: "none", badToken: "expired-token" });

    expect(await statusWith("expired-token")).toBe(401);
    expect(await statusWith("fresh-token")).toBe(200);
    expect(await statusWith(undefined)).toBe(200);
  });

  it("answers 401 to requests without a token when one is required", async () => {
    sim.setAuth({ mode: "required", badToken: "expired-token" });

    expect(await statusWith(undefined)).toBe(401);
    expect(await statusWith("fresh-token")).toBe(200);
    expect(await statusWith("expired-token")).toBe(401);
  });

  it("refuses an unknown mode", () => {
    expect(() => sim.setAuth({ mode: "maybe" as "none" })).toThrow(
      "Simulator auth mode must be one of none, required, bad-token (got 'maybe')",
    );
  });
});
