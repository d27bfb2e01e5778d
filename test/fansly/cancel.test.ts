import { afterEach, describe, expect, it } from "vitest";
import { WorkerError } from "../../src/errors.js";
import { createFanslyClient } from "../../src/fansly/client.js";
import {
  captureLog,
  ok,
  recordingLimiter,
  sendJson,
  sendText,
  startServer,
  testClient,
  wireTag,
  type TestServer,
} from "./helpers.js";

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const stopped = () => new WorkerError("E_ABORTED", "Stopped by SIGTERM");

describe("cancellation", () => {
  it("rejects promptly with the signal's reason during a backoff wait", async () => {
    server = await startServer((_request, res) => sendText(res, 503, "busy"));
    const controller = new AbortController();
    const reason = stopped();
    const { log } = captureLog((line) => {
      // The retry line is logged just before the 10 s backoff sleep begins.
      if (line.includes("retry 1/"))
        queueMicrotask(() => controller.abort(reason));
    });
    const api = createFanslyClient({
      baseUrl: server.baseUrl,
      authToken: null,
      timeoutMs: 2_000,
      maxRetries: 3,
      concurrency: 1,
      limiter: recordingLimiter(),
      log,
      userAgent: "test",
      backoff: { baseMs: 10_000, capMs: 10_000, random: () => 1 },
    });

    const started = performance.now();
    const error = await api
      .getTagByName("x", { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it("aborts a request in flight with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = stopped();
    server = await startServer(() => controller.abort(reason));
    const { api } = testClient(server.baseUrl, { timeoutMs: 10_000 });

    await expect(
      api.getTagByName("x", { signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it("wraps an abort without a WorkerError reason as E_ABORTED", async () => {
    server = await startServer((_request, res) => sendJson(res, 200, ok({})));
    const { api } = testClient(server.baseUrl);

    await expect(
      api.getTagByName("x", { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      code: "E_ABORTED",
    });
    expect(server.requests).toHaveLength(0);
  });

  it("keeps at most `concurrency` requests in flight and settles the queue on abort", async () => {
    const controller = new AbortController();
    const reason = stopped();
    let inFlight = 0;
    let maxInFlight = 0;
    server = await startServer((request, res) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on("close", () => (inFlight -= 1));
      if (server!.requests.length === 2) return controller.abort(reason);
      const tag =
        new URLSearchParams(request.url.split("?")[1]).get("tag") ?? "";
      setTimeout(
        () =>
          sendJson(
            res,
            200,
            ok({ mediaOfferSuggestionTag: wireTag("1", tag) }),
          ),
        20,
      );
    });
    const { api } = testClient(server.baseUrl, { concurrency: 1 });

    const calls = ["a", "b", "c", "d"].map((name) =>
      api.getTagByName(name, { signal: controller.signal }).then(
        (tag) => tag?.name,
        (error: unknown) => error,
      ),
    );
    expect(await Promise.all(calls)).toEqual(["a", reason, reason, reason]);
    expect(maxInFlight).toBe(1);
    expect(server.requests).toHaveLength(2);
  });
});

describe("shared queue", () => {
  it("requeues calls that another caller's abort cleared from the queue", async () => {
    const first = new AbortController();
    server = await startServer((request, res) => {
      if (server!.requests.length === 1) return first.abort(stopped());
      const tag =
        new URLSearchParams(request.url.split("?")[1]).get("tag") ?? "";
      sendJson(res, 200, ok({ mediaOfferSuggestionTag: wireTag("1", tag) }));
    });
    const { api } = testClient(server.baseUrl, { concurrency: 1 });

    const aborted = api.getTagByName("a", { signal: first.signal });
    const others = ["b", "c"].map((name) =>
      api.getTagByName(name, { signal: new AbortController().signal }),
    );
    await expect(aborted).rejects.toMatchObject({ code: "E_ABORTED" });
    expect((await Promise.all(others)).map((tag) => tag?.name)).toEqual([
      "b",
      "c",
    ]);
  });
});
