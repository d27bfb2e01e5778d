import { createManualClock, type ManualClock } from "../clock.js";
import {
  addFlatTag,
  forceTagHidden,
  setCreatorHidden,
  tagNamesOnPage,
  type AddTagOptions,
} from "./controls.js";
import { buildDataset, DEFAULT_EPOCH_MS } from "./dataset.js";
import { parseFaultSpec } from "./fault-spec.js";
import type { FaultRule } from "./fault-types.js";
import { createRunningClock } from "./running-clock.js";
import { closeServer, listen } from "./server.js";
import type { Simulator, SimulatorOptions } from "./simulator-api.js";
import {
  findCreator,
  findTag,
  viewCreator,
  viewTag,
  type SimState,
} from "./state.js";
import {
  createRequestStats,
  resetRequestStats,
  type RequestLogEntry,
} from "./stats.js";
import { createTraffic, type TrafficOptions } from "./traffic.js";

export type { Simulator, SimulatorOptions } from "./simulator-api.js";

/** Real time in Unix ms that never jumps when the system clock is set. */
const realNow = (): number => performance.timeOrigin + performance.now();

export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<Simulator> {
  const state = createState(options);
  const stats = createRequestStats();
  // Built before listening, so a bad option never leaves a server open.
  const traffic = createTraffic(trafficOptions(options, state));
  const limits = { maxAccountIds: readMaxAccountIds(options) };
  const realTime = options.realTime ?? realNow;
  const host = options.host ?? "127.0.0.1";
  const listeners = new Set<(entry: RequestLogEntry) => void>();
  const onRequest = (entry: RequestLogEntry) => {
    for (const listener of [...listeners]) listener(entry);
  };
  const context = { state, stats, traffic, limits, realTime, onRequest };
  const bound = await listen(context, host, options.port ?? 0);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${bound.port}/api/v1`;
  let closing: Promise<void> | undefined;

  return {
    url,
    port: bound.port,
    clock: state.clock,
    dataset: state.store.dataset,
    requests: stats,
    ...queries(state),
    ...controls(state),
    resetRequests: () => resetRequestStats(stats),
    onRequest: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setFaults: (rules, faultOptions) =>
      traffic.setFaults(toRules(rules), faultOptions?.seed),
    setRateLimit: (limit) => traffic.setRateLimit(limit),
    setAuth: (auth) => traffic.setAuth(auth),
    close: () => (closing ??= closeServer(bound.server)),
  };
}

function trafficOptions(
  options: SimulatorOptions,
  state: SimState,
): TrafficOptions {
  const dates = options.retryAfterDates ?? "simulated";
  if (dates !== "simulated" && dates !== "real") {
    throw new TypeError(
      `Simulator option 'retryAfterDates' must be "simulated" or "real" (got '${dates}')`,
    );
  }
  return {
    faults: toRules(options.faults ?? []),
    faultSeed: options.faultSeed ?? options.seed ?? 1,
    rateLimit: options.rateLimit,
    auth: options.auth ?? { mode: "none" },
    toleranceMs: options.toleranceMs ?? 5,
    dateNow: dates === "real" ? () => Date.now() : () => state.clock.now(),
  };
}

const toRules = (rules: readonly FaultRule[] | string): readonly FaultRule[] =>
  typeof rules === "string" ? parseFaultSpec(rules, "faults") : rules;

function readMaxAccountIds(options: SimulatorOptions): number {
  const maxAccountIds = options.maxAccountIds ?? 100;
  if (!Number.isInteger(maxAccountIds) || maxAccountIds < 1) {
    throw new TypeError(
      `Simulator option 'maxAccountIds' must be a positive integer (got ${maxAccountIds})`,
    );
  }
  return maxAccountIds;
}

function createState(options: SimulatorOptions): SimState & {
  readonly clock: ManualClock;
} {
  if (options.clock !== undefined && options.speed !== undefined) {
    throw new TypeError(
      "Simulator options 'clock' and 'speed' conflict; pass one of them",
    );
  }
  const epochMs = options.epochMs ?? DEFAULT_EPOCH_MS;
  const tags = options.tags ?? 200;
  const store = buildDataset({
    seed: options.seed ?? 1,
    tags,
    creators: options.creators ?? 50,
    posts: options.posts ?? tags * 4,
    epochMs,
  });
  const clock =
    options.clock ??
    (options.speed === undefined
      ? createManualClock(epochMs)
      : createRunningClock(epochMs, options.speed));
  return { store, clock, tagOverrides: new Map(), hiddenCreators: new Set() };
}

function queries(state: SimState) {
  const now = () => state.clock.now();
  return {
    tag(name: string) {
      const tag = findTag(state, name);
      return tag && viewTag(state, tag, now());
    },
    tagById(id: string) {
      const tag = state.store.dataset.tagsById.get(id);
      return tag && viewTag(state, tag, now());
    },
    creator(idOrUsername: string) {
      const creator = findCreator(state, idOrUsername);
      return creator && viewCreator(state, creator, now());
    },
    tagsOnPostsOf: (tagId: string, limit: number, offset: number) =>
      tagNamesOnPage(state, tagId, { limit, offset }),
  };
}

function controls(state: SimState) {
  return {
    hideTag: (name: string) => forceTagHidden(state, name, true),
    showTag: (name: string) => forceTagHidden(state, name, false),
    hideCreator: (id: string) => setCreatorHidden(state, id, true),
    showCreator: (id: string) => setCreatorHidden(state, id, false),
    addTag: (name: string, options?: AddTagOptions) =>
      addFlatTag(state, name, options),
  };
}
