import { describe, expect, it } from "vitest";
import { WorkerError } from "../../src/errors.js";
import { CircuitBreaker } from "../../src/workers/breaker.js";
import { tagUpdater } from "../../src/workers/tag-updater.js";
import { emptyReport } from "../../src/workers/types.js";
import { captureLog } from "../fansly/helpers.js";
import { startSimWorld } from "./sim-world.js";

const http = (message: string) => new WorkerError("E_HTTP", message);

function breakerWithLog(threshold: number) {
  const { log, lines } = captureLog();
  const progress = emptyReport();
  return {
    breaker: new CircuitBreaker(threshold, {
      progress,
      log,
      signal: new AbortController().signal,
    }),
    progress,
    lines,
  };
}

describe("CircuitBreaker", () => {
  it("opens after the threshold of consecutive failures, logging the count at error", () => {
    const { breaker, progress, lines } = breakerWithLog(3);
    breaker.failed(http("a"), { what: "tag 'a'" });
    breaker.failed(http("b"), { what: "tag 'b'" });
    breaker.succeeded();
    breaker.failed(http("c"), { what: "tag 'c'" });
    breaker.failed(http("d"), { what: "tag 'd'" });
    expect(() => breaker.throwIfOpen()).not.toThrow();

    breaker.failed(http("e"), { what: "5 creators", items: 5 });
    expect(() => breaker.throwIfOpen()).toThrow(
      expect.objectContaining({
        code: "E_CIRCUIT_OPEN",
        message: "stopped after 3 consecutive failed requests; last error: e",
      }),
    );
    expect(progress.failed).toBe(9);
    expect(progress.details).toMatchObject({ breakerTrips: 1 });
    expect(lines).toContain(
      "circuit breaker open after 3 consecutive failed requests (FANSLY_BREAKER_THRESHOLD=3); the run stops. Last error: e",
    );
  });

  it("stops guarded calls with its error when it opens, and does not count them", () => {
    const { breaker, progress } = breakerWithLog(2);
    expect(breaker.signal.aborted).toBe(false);
    breaker.failed(http("a"), { what: "tag 'a'" });
    breaker.failed(http("b"), { what: "tag 'b'" });

    expect(breaker.signal.aborted).toBe(true);
    expect(breaker.signal.reason).toMatchObject({ code: "E_CIRCUIT_OPEN" });
    // A queued call rejected with the breaker's own error is not a failure.
    breaker.failed(breaker.signal.reason, { what: "tag 'c'" });
    expect(progress.failed).toBe(2);
  });

  it("keeps an error that stops the run without counting it as a failed item", () => {
    const { breaker, progress } = breakerWithLog(10);
    const auth = new WorkerError("E_AUTH", "bad token");
    breaker.failed(auth, { what: "tag 'a'" });
    breaker.failed(http("later"), { what: "tag 'b'" });

    expect(() => breaker.throwIfOpen()).toThrow(auth);
    // The item that failed for a reason of its own still counts.
    expect(progress.failed).toBe(1);
  });

  it("stops for a cool-down past the maximum, but counts a 429 whose retries ran out", () => {
    const { breaker, progress } = breakerWithLog(10);
    breaker.failed(new WorkerError("E_RATE_LIMITED", "429 again"), {
      what: "tag 'a'",
    });
    expect(() => breaker.throwIfOpen()).not.toThrow();
    expect(progress.failed).toBe(1);

    const long = new WorkerError("E_RATE_LIMITED", "pause", { resumeAt: 1 });
    breaker.failed(long, { what: "tag 'b'" });
    expect(() => breaker.throwIfOpen()).toThrow(long);
  });
});

describe("tag-updater against a dead API", () => {
  it("stops as E_CIRCUIT_OPEN with the reasons of its failed items in the details", async () => {
    const world = await startSimWorld({ seed: 3, tags: 120, creators: 10 });
    try {
      const names = world.sim.dataset.tags
        .filter((tag) => !world.sim.tag(tag.name)!.hidden)
        .slice(0, 60)
        .map((tag) => tag.name);
      for (const name of names) world.trackTag(name);
      world.sim.setFaults("503:1.0");
      const ctx = world.context("tag-updater", {
        env: { FANSLY_BREAKER_THRESHOLD: "5", FANSLY_MAX_RETRIES: "0" },
      });

      await expect(tagUpdater.run(ctx)).rejects.toMatchObject({
        code: "E_CIRCUIT_OPEN",
      });
      // The breaker opens at the fifth failure, mid-page: the calls queued
      // behind it are never sent. Only a request already on its way when
      // it opened (concurrency 2) may have reached the API, uncounted.
      expect(world.sim.requests.total).toBeGreaterThanOrEqual(5);
      expect(world.sim.requests.total).toBeLessThanOrEqual(6);
      expect(ctx.progress.details).toMatchObject({ breakerTrips: 1 });
      expect(ctx.progress).toMatchObject({ ok: 0, failed: 5 });
      expect(ctx.progress.details.failures).toHaveLength(5);
    } finally {
      await world.close();
    }
  });
});
