import { once } from "node:events";
import { Agent } from "node:http";
import type { Socket } from "node:net";
import { describe, expect, it, vi } from "vitest";
import type { Metrics } from "../../src/http/metrics.js";
import { startStatusServer } from "../../src/http/server.js";
import { readStatus } from "../../src/scheduler/status.js";
import { NOW, settledResources, useStatusServer } from "./fixture.js";
import { request } from "./request.js";

const t = useStatusServer();

describe("startStatusServer", () => {
  it("binds exactly the given host on a free port", () => {
    expect(t.server.address).toMatchObject({
      address: "127.0.0.1",
      family: "IPv4",
    });
    expect(t.server.port).toBeGreaterThan(0);
    expect(t.server.url).toBe(`http://127.0.0.1:${t.server.port}`);
  });

  it("answers HEAD like GET without a body and ignores query strings", async () => {
    const res = await request(`${t.server.url}/healthz?verbose=1`, {
      method: "HEAD",
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe("");
    expect(Number(res.headers["content-length"])).toBeGreaterThan(0);
  });

  it("refuses other methods on known paths with 405 and Allow", async () => {
    const res = await request(`${t.server.url}/healthz`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD");
    expect(JSON.parse(res.body)).toEqual({ error: "method not allowed" });
  });

  it("answers unknown paths with 404 JSON", async () => {
    const res = await request(`${t.server.url}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(res.body)).toEqual({ error: "not found" });
  });
});

describe("startStatusServer when a handler throws", () => {
  it("answers 500 JSON, logs the error and keeps serving", async () => {
    const failing = await startStatusServer({
      host: "127.0.0.1",
      port: 0,
      status: () => {
        throw new Error("database is locked");
      },
      metrics: t.metrics,
      log: t.log,
    });
    const error = vi.spyOn(t.log, "error");
    try {
      const res = await request(`${failing.url}/healthz`);
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body)).toEqual({ error: "internal error" });
      expect(error).toHaveBeenCalledWith(
        expect.stringContaining("database is locked"),
      );
      expect((await request(`${failing.url}/nope`)).status).toBe(404);
    } finally {
      await failing.close();
    }
  });
});

describe("StatusServer.close", () => {
  it("drops keep-alive connections and leaves no handles behind", async () => {
    await t.server.close();
    const baseline = await settledResources();

    const started = await startStatusServer({
      host: "127.0.0.1",
      port: 0,
      status: () => readStatus(t.db, t.config, NOW),
      metrics: t.metrics,
      log: t.log,
    });
    const agent = new Agent({ keepAlive: true });
    await request(`${started.url}/healthz`, { agent });
    const sockets = Object.values(agent.freeSockets).flat() as Socket[];
    expect(sockets).toHaveLength(1);

    await started.close();
    await Promise.all(
      sockets.map((s) => (s.destroyed ? undefined : once(s, "close"))),
    );
    agent.destroy();
    expect(await settledResources()).toEqual(baseline);
  });

  it("cuts a request still in flight instead of waiting for it", async () => {
    let reached!: () => void;
    const inHandler = new Promise<void>((resolve) => (reached = resolve));
    let finish!: () => void;
    const stalled: Metrics = {
      ...t.metrics,
      render: async () => {
        reached();
        await new Promise<void>((resolve) => (finish = resolve));
        return { contentType: "text/plain", body: "" };
      },
    };
    const started = await startStatusServer({
      host: "127.0.0.1",
      port: 0,
      status: () => readStatus(t.db, t.config, NOW),
      metrics: stalled,
      log: t.log,
    });
    const pending = request(`${started.url}/metrics`);
    await inHandler;

    await started.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    finish();
  });

  it("can be called twice", async () => {
    await t.server.close();
    await expect(t.server.close()).resolves.toBeUndefined();
  });

  it("rejects when the port is taken, naming host and port", async () => {
    await expect(
      startStatusServer({
        host: "127.0.0.1",
        port: t.server.port,
        status: () => readStatus(t.db, t.config, NOW),
        metrics: t.metrics,
        log: t.log,
      }),
    ).rejects.toThrow(
      `Cannot listen on 127.0.0.1:${t.server.port} (EADDRINUSE)`,
    );
  });
});
