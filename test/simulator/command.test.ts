import { describe, expect, it } from "vitest";
import { runSimulateCommand } from "../../src/simulator/command.js";
import { get, type Envelope } from "./wire-types.js";

describe("runSimulateCommand", () => {
  it("logs the base URL, serves on it, and stops when asked", async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    let announce: (line: string) => void = () => {};
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const log = {
      info: (line: string) => {
        lines.push(line);
        announce(line);
      },
    };

    const running = runSimulateCommand(
      {
        host: "127.0.0.1",
        port: 0,
        seed: 2,
        tags: 30,
        creators: 8,
        signal: controller.signal,
      },
      log,
    );
    const first = await announced;
    const url = /FANSLY_API_BASE=(\S+)/.exec(first)?.[1] ?? "";
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(first).toContain(`on ${url} `);

    const res = await get<Envelope<unknown>>(`${url}/account?usernames=nobody`);
    expect(res.json()).toEqual({ success: true, response: [] });

    controller.abort();
    await running;
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("after 1 requests");
    await expect(fetch(`${url}/account?usernames=nobody`)).rejects.toThrow();
  });

  it("applies --fault and --limit specs", async () => {
    const controller = new AbortController();
    let announce: (line: string) => void = () => {};
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const lines: string[] = [];
    const log = {
      info: (line: string) => {
        lines.push(line);
        announce(line);
      },
    };
    const running = runSimulateCommand(
      {
        ...BASE,
        faults: ["503:#1", "slow=1ms:#9"],
        rateLimit: "2/10s",
        signal: controller.signal,
      },
      log,
    );
    const url = /FANSLY_API_BASE=(\S+)/.exec(await announced)?.[1] ?? "";

    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await get(`${url}/account?usernames=x`)).status);
    }
    expect(statuses).toEqual([503, 200, 429]);
    expect(lines[0]).toContain("2 fault rules, rate limit 2/10000ms");
    controller.abort();
    await running;
    expect(lines[1]).toContain("after 3 requests (1 rate-limit violations)");
  });

  it("rejects a bad spec before taking a port", async () => {
    const log = { info: () => {} };
    await expect(
      runSimulateCommand({ ...BASE, faults: "503:2" }, log),
    ).rejects.toThrow("--fault part '503:2' has a rate of 2");
    await expect(
      runSimulateCommand({ ...BASE, rateLimit: "lots" }, log),
    ).rejects.toThrow("--limit must be 'N/duration' such as 50/10s");
  });
});

const BASE = { host: "127.0.0.1", port: 0, seed: 2, tags: 30, creators: 8 };
