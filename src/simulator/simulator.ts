import { createManualClock, type ManualClock } from "../clock.js";
import {
  addFlatTag,
  forceTagHidden,
  setCreatorHidden,
  tagNamesOnPage,
  type AddTagOptions,
} from "./controls.js";
import { buildDataset, DEFAULT_EPOCH_MS } from "./dataset.js";
import type { SimDataset } from "./model.js";
import { createRunningClock } from "./running-clock.js";
import {
  closeServer,
  createRequestStats,
  listen,
  resetRequestStats,
  type RequestStats,
} from "./server.js";
import {
  findCreator,
  findTag,
  viewCreator,
  viewTag,
  type SimCreatorView,
  type SimState,
  type SimTagView,
} from "./state.js";

export interface SimulatorOptions {
  /** @defaultValue "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port. @defaultValue 0 */
  readonly port?: number;
  /** Same seed, same dataset. @defaultValue 1 */
  readonly seed?: number;
  /** @defaultValue 200 */
  readonly tags?: number;
  /** @defaultValue 50 */
  readonly creators?: number;
  /** Raised if needed so every tag and creator is on a post. @defaultValue tags × 4 */
  readonly posts?: number;
  /** Simulated "now" at which counters start. @defaultValue 2026-01-01T00:00:00Z */
  readonly epochMs?: number;
  /** A clock to share with the code under test. @defaultValue a ManualClock at `epochMs` */
  readonly clock?: ManualClock;
  /**
   * Makes the clock run by itself at this many simulated ms per real ms
   * (the `simulate` command); cannot be combined with `clock`.
   * @defaultValue unset: the clock moves only when told to
   */
  readonly speed?: number;
  /** More ids in one `/account?ids=` call answer 413. @defaultValue 100 */
  readonly maxAccountIds?: number;
}

export interface Simulator {
  /** Base URL including `/api/v1`, e.g. `http://127.0.0.1:41234/api/v1`. */
  readonly url: string;
  readonly port: number;
  readonly clock: ManualClock;
  readonly dataset: SimDataset;
  /** Counters since start or the last `resetRequests`; a live object. */
  readonly requests: RequestStats;
  /** Case-insensitive; hidden tags are returned with `hidden: true`. */
  tag(name: string): SimTagView | undefined;
  tagById(id: string): SimTagView | undefined;
  creator(idOrUsername: string): SimCreatorView | undefined;
  /** Visible tag names on one page of a tag's feed, as E2 would show them now. */
  tagsOnPostsOf(tagId: string, limit: number, offset: number): string[];
  /** Hides a tag until `showTag`, whatever its schedule says. */
  hideTag(name: string): void;
  /** Shows a tag from now on, even inside a scheduled hide window. */
  showTag(name: string): void;
  hideCreator(idOrUsername: string): void;
  showCreator(idOrUsername: string): void;
  /** Adds a non-growing tag carried by no post (E1 only). */
  addTag(name: string, options?: AddTagOptions): SimTagView;
  resetRequests(): void;
  /** Closes the server and every open socket; safe to call twice. */
  close(): Promise<void>;
}

export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<Simulator> {
  const state = createState(options);
  const stats = createRequestStats();
  const maxAccountIds = options.maxAccountIds ?? 100;
  if (!Number.isInteger(maxAccountIds) || maxAccountIds < 1) {
    throw new TypeError(
      `Simulator option 'maxAccountIds' must be a positive integer (got ${maxAccountIds})`,
    );
  }
  const host = options.host ?? "127.0.0.1";
  const bound = await listen(
    { state, stats, limits: { maxAccountIds } },
    host,
    options.port ?? 0,
  );
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
    close: () => (closing ??= closeServer(bound.server)),
  };
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
