import type { WorkerDefinition, WorkerName } from "./types.js";

// Loaded on demand so that commands which run no worker (status, --help)
// never pay for the worker modules and what they import.
const LOADERS: Record<WorkerName, () => Promise<WorkerDefinition>> = {
  "tag-updater": async () => (await import("./tag-updater.js")).tagUpdater,
  "creator-updater": async () =>
    (await import("./creator-updater.js")).creatorUpdater,
  "tag-discovery": async () =>
    (await import("./tag-discovery.js")).tagDiscovery,
  "rank-calculator": async () =>
    (await import("./rank-calculator.js")).rankCalculator,
  "statistics-calculator": async () =>
    (await import("./statistics-calculator.js")).statisticsCalculator,
};

export const loadWorker = (name: WorkerName): Promise<WorkerDefinition> =>
  LOADERS[name]();

/** One-line descriptions for --help, kept here so help needs no imports. */
export const WORKER_DESCRIPTIONS: Record<WorkerName, string> = {
  "tag-updater": "refresh view and post counts of tracked tags",
  "creator-updater":
    "refresh follower and subscriber counts of tracked creators",
  "tag-discovery": "find new tags and creators on the posts of tracked tags",
  "rank-calculator": "compute dense ranks and rank changes",
  "statistics-calculator": "compute 24 h / 7 d trends, heat scores and totals",
};
