import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { attemptSignal } from "../../src/fansly/abort.js";

describe("attemptSignal", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("aborts with the caller's reason when the caller aborts", () => {
    const caller = new AbortController();
    const attempt = attemptSignal(caller.signal, 1_000);
    const reason = new Error("stopped");
    caller.abort(reason);

    expect(attempt.signal.reason).toBe(reason);
    expect(attempt.timedOut()).toBe(false);
    attempt.dispose();
  });

  it("starts aborted when the caller already has", () => {
    const caller = new AbortController();
    caller.abort(new Error("early"));
    const attempt = attemptSignal(caller.signal, 1_000);

    expect(attempt.signal.aborted).toBe(true);
    attempt.dispose();
  });

  it("aborts after the timeout and says it timed out", () => {
    vi.useFakeTimers();
    const attempt = attemptSignal(new AbortController().signal, 50);
    vi.advanceTimersByTime(50);

    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.timedOut()).toBe(true);
  });

  it("no longer follows the caller once disposed", () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const attempt = attemptSignal(caller.signal, 50);
    attempt.dispose();
    caller.abort();
    vi.advanceTimersByTime(50);

    expect(attempt.signal.aborted).toBe(false);
  });

  it("adds one listener to the caller's signal for any number of attempts", () => {
    const caller = new AbortController();
    const attempts = Array.from({ length: 20 }, () =>
      attemptSignal(caller.signal, 1_000),
    );
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(1);

    caller.abort();
    expect(attempts.every((attempt) => attempt.signal.aborted)).toBe(true);
    for (const attempt of attempts) attempt.dispose();
  });
});
