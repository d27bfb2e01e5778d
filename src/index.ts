// The programmatic entry: what tests, benchmarks and embedding code import.
export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from "./simulator/index.js";
export { openDb, type Db } from "./db/open.js";
export { loadConfig, type Config } from "./config.js";
export { createManualClock, type Clock, type ManualClock } from "./clock.js";
export { WORKER_NAMES, type WorkerName } from "./workers/types.js";
