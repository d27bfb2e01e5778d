import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createRunningClock,
  startSimulator,
  type SimTag,
  type Simulator,
} from "../../src/simulator/index.js";
import { DAY, HOUR } from "./wire-types.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 21 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.clock.set(sim.dataset.epochMs);
});

/** Written from the documented curves, not from the simulator's code. */
function expectedViews(tag: SimTag, nowMs: number): number {
  const hours = Math.max(0, nowMs - sim.dataset.epochMs) / HOUR;
  const { base, perHour } = tag.views;
  switch (tag.growth.kind) {
    case "flat":
      return base;
    case "steady":
      return base + Math.floor(perHour * hours);
    case "accelerating":
      return (
        base + Math.floor(perHour * (hours + tag.growth.accel * hours * hours))
      );
    case "decaying":
      throw new Error("decaying tags are checked by their shape only");
  }
}

const tagsOf = (kind: SimTag["growth"]["kind"]) =>
  sim.dataset.tags.filter((tag) => tag.growth.kind === kind && !tag.hideWindow);

describe("simulator growth", () => {
  it("starts every tag at its base count at the epoch", () => {
    for (const tag of sim.dataset.tags) {
      expect(sim.tag(tag.name)?.viewCount).toBe(tag.views.base);
      expect(sim.tag(tag.name)?.postCount).toBe(tag.posts.base);
    }
  });

  it("grows steady and accelerating tags by their curves", () => {
    const later = sim.dataset.epochMs + 3 * DAY + 7 * HOUR;
    sim.clock.set(later);

    for (const tag of [...tagsOf("steady"), ...tagsOf("accelerating")]) {
      const view = sim.tag(tag.name);
      expect(view?.viewCount).toBe(expectedViews(tag, later));
      expect(view?.viewCount).toBeGreaterThan(tag.views.base);
    }
  });

  it("keeps flat tags unchanged however far the clock moves", () => {
    sim.clock.advance(90 * DAY);

    for (const tag of tagsOf("flat")) {
      expect(sim.tag(tag.name)?.viewCount).toBe(tag.views.base);
      expect(sim.tag(tag.name)?.postCount).toBe(tag.posts.base);
    }
  });

  it("speeds accelerating tags up and slows decaying tags down", () => {
    const gainOn = (tag: SimTag, day: number) => {
      sim.clock.set(sim.dataset.epochMs + day * DAY);
      const start = sim.tag(tag.name)?.viewCount ?? NaN;
      sim.clock.advance(DAY);
      return (sim.tag(tag.name)?.viewCount ?? NaN) - start;
    };

    for (const tag of tagsOf("accelerating")) {
      expect(gainOn(tag, 5)).toBeGreaterThan(gainOn(tag, 0));
    }
    for (const tag of tagsOf("decaying")) {
      expect(gainOn(tag, 20)).toBeLessThanOrEqual(gainOn(tag, 0));
      const ceiling = tag.views.base + tag.views.perHour * tag.growth.tauHours;
      sim.clock.set(sim.dataset.epochMs + 365 * DAY);
      expect(sim.tag(tag.name)?.viewCount).toBeLessThanOrEqual(ceiling);
    }
  });

  it("never lowers a count as time passes", () => {
    let previous = sim.dataset.tags.map(() => 0);
    for (let hour = 0; hour <= 24 * 14; hour += 5) {
      sim.clock.set(sim.dataset.epochMs + hour * HOUR);
      const current = sim.dataset.tags.map(
        (t) => sim.tag(t.name)?.viewCount ?? -1,
      );
      current.forEach((value, i) =>
        expect(value).toBeGreaterThanOrEqual(previous[i] ?? 0),
      );
      previous = current;
    }
  });

  it("grows creator followers for growing creators and not for flat ones", () => {
    sim.clock.advance(2 * DAY);

    for (const creator of sim.dataset.creators) {
      const view = sim.creator(creator.id);
      if (creator.growth.kind === "flat") {
        expect(view?.followers).toBe(creator.followers.base);
      } else {
        expect(view?.followers).toBeGreaterThan(creator.followers.base);
      }
    }
  });
});

describe("running clock", () => {
  it("starts at its start time and honours set and advance", () => {
    const clock = createRunningClock(1_000_000, 1);

    expect(clock.now()).toBeGreaterThanOrEqual(1_000_000);
    clock.advance(5_000);
    expect(clock.now()).toBeGreaterThanOrEqual(1_005_000);
    clock.set(50);
    expect(clock.now()).toBeGreaterThanOrEqual(50);
    expect(clock.now()).toBeLessThan(1_000_000);
  });

  it("rejects a speed that is not positive", () => {
    expect(() => createRunningClock(0, 0)).toThrow(TypeError);
  });
});
