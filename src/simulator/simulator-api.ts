// The public shape of a running simulator and its options.

import type { ManualClock } from "../clock.js";
import type { AuthOptions } from "./auth.js";
import type { AddTagOptions } from "./controls.js";
import type { FaultRule } from "./fault-types.js";
import type { SimDataset } from "./model.js";
import type { RateLimitOptions } from "./rate-window.js";
import type { SimCreatorView, SimTagView } from "./state.js";
import type { RequestLogEntry, RequestStats } from "./stats.js";

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
  /** Faults to inject from the start (or `parseFaultSpec` text). @defaultValue none */
  readonly faults?: readonly FaultRule[] | string;
  /** Seeds the fault draws, so a run's faults repeat. @defaultValue `seed` */
  readonly faultSeed?: number;
  /** The simulator's own limit, counted in real time. @defaultValue none */
  readonly rateLimit?: RateLimitOptions;
  /** @defaultValue `{ mode: "none" }` */
  readonly auth?: AuthOptions;
  /**
   * The clock Retry-After dates are computed from. A client reads the date
   * against its own clock, so "simulated" fits a client that shares the
   * simulator's clock (most tests) and "real" (Date.now) one on wall time,
   * as against `simulate`. Either way the cool-down the simulator expects,
   * in real ms, is the date minus that clock's now.
   * @defaultValue "simulated"
   */
  readonly retryAfterDates?: "simulated" | "real";
  /**
   * How early, in real ms, a request may reach a window edge or the end of
   * a cool-down and still count as on time; absorbs timer and rounding
   * jitter. The limit therefore holds for windows of `perMs - toleranceMs`.
   * @defaultValue 5
   */
  readonly toleranceMs?: number;
  /**
   * Real Unix ms for the rate limit, cool-downs and the log. Tests can pass
   * a hand-driven source to step over a cool-down without sleeping; slow
   * answers still wait on real timers.
   * @defaultValue `performance.timeOrigin + performance.now()`
   */
  readonly realTime?: () => number;
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
  /** Clears the counters and the log; the rate limit keeps its state. */
  resetRequests(): void;
  /**
   * Calls `listener` with each request's log entry as soon as it is counted,
   * before a slow or hung answer, so tests can wait for a request instead of
   * sleeping. Returns a function that removes the listener.
   */
  onRequest(listener: (entry: RequestLogEntry) => void): () => void;
  /**
   * Replaces the fault rules (or `parseFaultSpec` text); request numbers and
   * random draws start over, so `#1` is the next request.
   */
  setFaults(
    rules: readonly FaultRule[] | string,
    options?: { readonly seed?: number },
  ): void;
  /** Sets the limit, or removes it with undefined; the window starts empty. */
  setRateLimit(limit: RateLimitOptions | undefined): void;
  setAuth(auth: AuthOptions): void;
  /** Closes the server and every open socket; safe to call twice. */
  close(): Promise<void>;
}
