// One simulator per test file for fault-shape tests, with a real-time source
// that puts each request a minute after the last, so a 429 answered in one
// test never leaves a cool-down for the next.

import { afterAll, beforeAll, beforeEach } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { get, type Fetched } from "./wire-types.js";

export const JSON_TYPE = "application/json; charset=utf-8";

export interface FaultHarness {
  readonly sim: Simulator;
  readonly namesUrl: string;
  /** One request with `spec` applied to it as request #1. */
  faulted(spec: string, url?: string): Promise<Fetched<unknown>>;
  /** A tag E1 finds at the epoch, so its answer is not null anyway. */
  visibleTag(): { readonly id: string; readonly name: string };
  tagUrl(name: string): string;
}

export function useFaultSimulator(): FaultHarness {
  let current: Simulator | undefined;
  let realMs = 0;
  beforeAll(async () => {
    current = await startSimulator({
      seed: 5,
      tags: 40,
      creators: 12,
      realTime: () => (realMs += 60_000),
    });
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    harness.sim.clock.set(harness.sim.dataset.epochMs);
    harness.sim.setFaults([]);
    harness.sim.resetRequests();
  });

  const harness: FaultHarness = {
    get sim() {
      if (current === undefined) throw new Error("Simulator not started yet");
      return current;
    },
    get namesUrl() {
      return `${harness.sim.url}/account?usernames=nobody&ngsw-bypass=true`;
    },
    faulted(spec, url = harness.namesUrl) {
      harness.sim.setFaults(`${spec}:#1`);
      return get(url);
    },
    visibleTag: () => visibleTagOf(harness.sim),
    tagUrl: (name) =>
      `${harness.sim.url}/contentdiscovery/media/tag?tag=${encodeURIComponent(name)}`,
  };
  return harness;
}

function visibleTagOf(sim: Simulator) {
  const tag = sim.dataset.tags.find((t) => sim.tag(t.name)?.hidden === false);
  if (tag === undefined) throw new Error("seed 5 has no visible tag");
  return tag;
}
