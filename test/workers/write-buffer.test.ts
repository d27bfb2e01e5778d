import { describe, expect, it } from "vitest";
import {
  createWriteBuffer,
  type Schedule,
} from "../../src/workers/write-buffer.js";

/** A manual timer queue: `fire()` runs what is due, as setTimeout would. */
function manualTimers() {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const timer = { at: now + ms, fn };
    timers.push(timer);
    return () => {
      timers = timers.filter((t) => t !== timer);
    };
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const timer of due) timer.fn();
  };
  return { schedule, advance, now: () => now, armed: () => timers.length };
}

function buffer(
  options: { maxItems: number; maxAgeMs: number },
  write: (batch: readonly number[]) => void = () => {},
) {
  const timers = manualTimers();
  const batches: number[][] = [];
  const lost: { items: number[]; message: string }[] = [];
  const writes = createWriteBuffer<number>({
    write: (batch) => {
      write(batch);
      batches.push([...batch]);
    },
    lost: (items, error) =>
      lost.push({ items: [...items], message: error.message }),
    now: timers.now,
    schedule: timers.schedule,
    ...options,
  });
  return { writes, batches, lost, timers };
}

describe("createWriteBuffer", () => {
  it("writes once it holds maxItems, pages of fetches together", () => {
    const { writes, batches } = buffer({ maxItems: 5, maxAgeMs: 60_000 });
    writes.add([1, 2]);
    writes.add([3, 4]);
    expect(batches).toEqual([]);
    writes.add([5, 6]);
    expect(batches).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  it("writes once its oldest item has waited maxAgeMs, without waiting for another add", () => {
    const { writes, batches, timers } = buffer({
      maxItems: 100,
      maxAgeMs: 2_000,
    });
    writes.add([1]);
    timers.advance(1_000);
    writes.add([2]);
    timers.advance(999);
    expect(batches).toEqual([]);
    timers.advance(1);
    expect(batches).toEqual([[1, 2]]);
    writes.add([3]);
    timers.advance(1_999);
    expect(batches).toEqual([[1, 2]]);
    timers.advance(1);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it("writes what it holds on flush, cancels its timer, and writes nothing when empty", () => {
    const { writes, batches, timers } = buffer({
      maxItems: 100,
      maxAgeMs: 2_000,
    });
    writes.flush();
    writes.add([]);
    expect(timers.armed()).toBe(0);
    writes.add([1, 2]);
    expect(timers.armed()).toBe(1);
    writes.flush();
    writes.flush();
    expect(timers.armed()).toBe(0);
    timers.advance(5_000);
    expect(batches).toEqual([[1, 2]]);
  });

  it("counts a batch whose write threw as lost and does not write it again", () => {
    let calls = 0;
    const { writes, lost } = buffer({ maxItems: 2, maxAgeMs: 2_000 }, () => {
      calls += 1;
      throw new Error("disk full");
    });
    expect(() => writes.add([1, 2])).toThrow("disk full");
    writes.flush();
    expect(calls).toBe(1);
    expect(lost).toEqual([{ items: [1, 2], message: "disk full" }]);
  });

  it("counts a batch its timer failed to write and throws on the next add", () => {
    let busy = true;
    const { writes, batches, lost, timers } = buffer(
      { maxItems: 100, maxAgeMs: 2_000 },
      () => {
        if (busy) throw new Error("database is locked");
      },
    );
    writes.add([1, 2]);
    expect(() => timers.advance(2_000)).not.toThrow();
    expect(lost).toEqual([{ items: [1, 2], message: "database is locked" }]);

    busy = false;
    expect(() => writes.add([3])).toThrow("database is locked");
    writes.flush();
    expect(batches).toEqual([[3]]);
  });

  it("throws a timer's write error on flush when no add came after it", () => {
    const { writes, lost, timers } = buffer(
      { maxItems: 100, maxAgeMs: 2_000 },
      () => {
        throw new Error("database is locked");
      },
    );
    writes.add([1]);
    timers.advance(2_000);
    expect(() => writes.flush()).toThrow("database is locked");
    expect(() => writes.flush()).not.toThrow();
    expect(lost).toHaveLength(1);
  });
});
