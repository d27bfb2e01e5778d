// The Fansly-compatible simulator (DESIGN.md §8): an HTTP server with the real
// wire shapes of fansly-api.md, fed by a deterministic dataset and a clock the
// caller controls.

export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from "./simulator.js";
export type { AddTagOptions } from "./controls.js";
export { DEFAULT_EPOCH_MS } from "./dataset.js";
export {
  counterAt,
  elapsedHours,
  growthShape,
  type Counter,
  type Growth,
  type GrowthKind,
} from "./growth.js";
export {
  nameKey,
  type HideWindow,
  type SimCreator,
  type SimDataset,
  type SimPost,
  type SimTag,
} from "./model.js";
export {
  AWKWARD_TAG_NAMES,
  AWKWARD_NAMES_MIN_TAGS,
  LONG_TAG_NAME_LENGTH,
} from "./names.js";
export { createRunningClock } from "./running-clock.js";
export {
  maxInWindow,
  MAX_LOGGED_REQUESTS,
  type RequestLogEntry,
  type RequestStats,
} from "./stats.js";
export type { AuthOptions } from "./auth.js";
export type { Fault, FaultRule, RateLimitedFault } from "./fault-types.js";
export { faultLabel, FAULT_KINDS_HELP } from "./fault-kinds.js";
export { parseFaultSpec } from "./fault-spec.js";
export { parseRateLimitSpec, type RateLimitOptions } from "./rate-window.js";
export { FANSLY_EPOCH_MS, mintSnowflake, snowflakeTime } from "./snowflake.js";
export type { SimCreatorView, SimTagView } from "./state.js";
