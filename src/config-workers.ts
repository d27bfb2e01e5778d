import { WorkerError } from "./errors.js";
import {
  parseBoolean,
  parseDuration,
  parsePositiveInt,
} from "./config-parse.js";
import {
  WORKER_NAMES,
  type WorkerName,
  type WorkerSettings,
} from "./workers/types.js";

/** Reads one variable: its parsed value, or `fallback` when unset or empty. */
export type Reader = <T>(
  variable: string,
  fallback: T,
  parse: (name: string, value: string) => T,
) => T;

export const WORKER_DEFAULTS: Record<WorkerName, WorkerSettings> = {
  "tag-updater": {
    enabled: true,
    intervalMs: 3_600_000,
    batch: 1_000,
    timeoutMs: 1_800_000,
  },
  "creator-updater": {
    enabled: true,
    intervalMs: 3_600_000,
    batch: 1_000,
    timeoutMs: 1_800_000,
  },
  "tag-discovery": {
    enabled: true,
    intervalMs: 86_400_000,
    batch: 5,
    timeoutMs: 900_000,
  },
  "rank-calculator": {
    enabled: true,
    intervalMs: 3_600_000,
    batch: 1,
    timeoutMs: 600_000,
  },
  "statistics-calculator": {
    enabled: true,
    intervalMs: 3_600_000,
    batch: 1,
    timeoutMs: 600_000,
  },
};

/** The upper-snake form used in variable names: `tag-updater` -> `TAG_UPDATER`. */
export const workerEnvName = (name: WorkerName): string =>
  name.toUpperCase().replaceAll("-", "_");

export function readWorkerSettings(
  read: Reader,
): Record<WorkerName, WorkerSettings> {
  const result = {} as Record<WorkerName, WorkerSettings>;
  for (const name of WORKER_NAMES) {
    const prefix = `WORKER_${workerEnvName(name)}`;
    const defaults = WORKER_DEFAULTS[name];
    result[name] = Object.freeze({
      enabled: read(`${prefix}_ENABLED`, defaults.enabled, parseBoolean),
      intervalMs: read(`${prefix}_INTERVAL`, defaults.intervalMs, (n, v) =>
        parseDuration(n, v),
      ),
      batch: read(`${prefix}_BATCH`, defaults.batch, (n, v) =>
        parsePositiveInt(n, v),
      ),
      timeoutMs: read(`${prefix}_TIMEOUT`, defaults.timeoutMs, (n, v) =>
        parseDuration(n, v),
      ),
    });
  }
  return result;
}

/** The settings a `WORKER_<NAME>_*` variable may name. */
const WORKER_SETTINGS = ["ENABLED", "INTERVAL", "BATCH", "TIMEOUT"] as const;

const WORKER_VARIABLE = new RegExp(
  `^WORKER_(.+)_(${WORKER_SETTINGS.join("|")})$`,
);

/**
 * Refuses `WORKER_*` variables that would otherwise be ignored: a known
 * setting of an unknown worker, or an unknown setting of a known worker.
 * Other `WORKER_*` names are left alone; they may belong to other tools.
 */
export function rejectUnknownWorkerVariables(
  values: Record<string, string | undefined>,
): void {
  const known = WORKER_NAMES.map(workerEnvName);
  for (const variable of Object.keys(values)) {
    const match = WORKER_VARIABLE.exec(variable);
    if (match && !known.includes(match[1]!)) {
      throw new WorkerError(
        "E_CONFIG",
        `${variable} names an unknown worker '${match[1]}'; expected one of ${known.join(", ")}`,
      );
    }
    const worker = known.find((name) => variable.startsWith(`WORKER_${name}_`));
    if (!match && worker !== undefined) {
      const prefix = `WORKER_${worker}_`;
      const setting = variable.slice(prefix.length);
      const expected = WORKER_SETTINGS.map((s) => prefix + s).join(", ");
      throw new WorkerError(
        "E_CONFIG",
        `${variable} names an unknown setting '${setting}'; expected one of ${expected}`,
      );
    }
  }
}
