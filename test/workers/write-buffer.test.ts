import { describe, expect, it } from "vitest";
import { createWriteBuffer } from "../../src/workers/write-buffer.js";

function buffer(options: { maxItems: number; maxAgeMs: number }) {
  let now = 0;
  const batches: number[][] = [];
  const writes = createWriteBuffer<number>({
    write: (batch) => batches.push([...batch]),
    now: () => now,
    ...options,
  });
  const advance = (ms: number) => {
    now += ms;
  };
  return { writes, batches, advance };
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

  it("writes once its oldest item has waited maxAgeMs", () => {
    const { writes, batches, advance } = buffer({
      maxItems: 100,
      maxAgeMs: 2_000,
    });
    writes.add([1]);
    advance(1_999);
    writes.add([2]);
    expect(batches).toEqual([]);
    advance(1);
    writes.add([3]);
    expect(batches).toEqual([[1, 2, 3]]);
    advance(1_500);
    writes.add([4]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("writes what it holds on flush, and nothing when empty", () => {
    const { writes, batches } = buffer({ maxItems: 100, maxAgeMs: 2_000 });
    writes.flush();
    writes.add([1, 2]);
    writes.flush();
    writes.flush();
    expect(batches).toEqual([[1, 2]]);
  });

  it("does not write a batch again after its write threw", () => {
    let calls = 0;
    const writes = createWriteBuffer<number>({
      write: () => {
        calls += 1;
        throw new Error("disk full");
      },
      now: () => 0,
      maxItems: 2,
    });
    expect(() => writes.add([1, 2])).toThrow("disk full");
    writes.flush();
    expect(calls).toBe(1);
  });
});
