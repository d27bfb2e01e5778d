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
});
