import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { WorkerError } from "./errors.js";
import {
  parseBoolean,
  parseChoice,
  parseDuration,
  parseNameList,
  parsePositiveInt,
  parseRateLimit,
  parseRetention,
  parseUrl,
  type RateLimit,
} from "./config-parse.js";
import { FULL_RESOLUTION_MS } from "./stats/growth.js";
import {
  WORKER_NAMES,
  isWorkerName,
  type WorkerName,
  type WorkerSettings,
} from "./workers/types.js";

export type LogFormat = "pretty" | "plain" | "json";
export const LOG_FORMATS = ["pretty", "plain", "json"] as const;
export const LOG_LEVELS = [
  "silent",
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** The real API; tests and the demo point FANSLY_API_BASE at the simulator. */
export const DEFAULT_API_BASE = "https://apiv3.fansly.com/api/v1";

/** Resolved, validated, frozen configuration. Only this module reads the environment. */
export interface Config {
  /** SQLite file. @defaultValue `./fansly-workers.db` */
  readonly dbPath: string;
  /** API base URL. @defaultValue the real Fansly API */
  readonly apiBase: string;
  /** Sent as the Authorization header; never logged. @defaultValue none */
  readonly authToken: string | null;
  /** Shared request budget across processes. @defaultValue 50/10s */
  readonly rateLimit: RateLimit;
  /** Requests that may leave back to back. @defaultValue 5 */
  readonly rateBurst: number;
  /** Parallel requests per process. @defaultValue 2 */
  readonly concurrency: number;
  /** Timeout of one HTTP attempt. @defaultValue 30 s */
  readonly requestTimeoutMs: number;
  /** Retries per request after the first attempt. @defaultValue 4 */
  readonly maxRetries: number;
  /** Ids per `/account?ids=` request (max 100). @defaultValue 50 */
  readonly accountBatchSize: number;
  /** Consecutive misses before an entity is marked deleted. @defaultValue 2 */
  readonly missesBeforeDeleted: number;
  /** An entity checked more recently than this is not refetched. @defaultValue 30 min */
  readonly refreshAgeMs: number;
  /** A deleted entity is looked up again after this long, to notice its return. @defaultValue 6 h */
  readonly deletedRecheckAgeMs: number;
  /** Consecutive failed items after which a run stops as failed. @defaultValue 10 */
  readonly breakerThreshold: number;
  /** Tags discovery starts from when nothing is tracked yet. @defaultValue none */
  readonly seedTags: readonly string[];
  /** Suggestions per discovery page. @defaultValue 20 */
  readonly discoveryPageSize: number;
  /** Pages read per discovery source tag. @defaultValue 2 */
  readonly discoveryPages: number;
  /**
   * History older than this is thinned to one observation per entity per UTC
   * day (the day's last); null keeps everything. At least 8 days.
   * @defaultValue null (keep everything)
   */
  readonly historyRetentionMs: number | null;
  /** @defaultValue info */
  readonly logLevel: LogLevelName;
  /** @defaultValue pretty on a terminal, plain otherwise */
  readonly logFormat: LogFormat | "auto";
  /** Pins the clock's start (Unix ms) for tests and demos. @defaultValue none */
  readonly startTimeMs: number | null;
  readonly workers: Readonly<Record<WorkerName, WorkerSettings>>;
}

const WORKER_DEFAULTS: Record<WorkerName, WorkerSettings> = {
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

/** Raw values keyed by variable name; flags are mapped onto the same names. */
export type RawSettings = Readonly<Record<string, string | undefined>>;

export interface LoadConfigInput {
  readonly env: RawSettings;
  /** Flag values keyed by the variable they override, e.g. `{ FANSLY_WORKERS_DB: "x.db" }`. */
  readonly flags?: RawSettings;
  /** Names of the flags, for messages: `{ FANSLY_WORKERS_DB: "--db" }`. */
  readonly flagNames?: RawSettings;
  /** Contents of a `.env` file, if one was found. */
  readonly dotenv?: RawSettings;
}

/** The upper-snake form used in variable names: `tag-updater` -> `TAG_UPDATER`. */
export const workerEnvName = (name: WorkerName): string =>
  name.toUpperCase().replaceAll("-", "_");

/** Reads `.env` from the working directory, if there is one. */
export function loadDotenv(path = ".env"): RawSettings | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  return parseEnv(text);
}

export function loadConfig(input: LoadConfigInput): Config {
  const merged: Record<string, string | undefined> = {
    ...definedOnly(input.dotenv ?? {}),
    ...definedOnly(input.env),
    ...definedOnly(input.flags ?? {}),
  };
  const label = (variable: string): string => {
    const flag =
      input.flags?.[variable] !== undefined
        ? input.flagNames?.[variable]
        : undefined;
    return flag ? `${flag} (${variable})` : variable;
  };
  const read = <T>(
    variable: string,
    fallback: T,
    parse: (name: string, value: string) => T,
  ): T => {
    const value = merged[variable];
    return value === undefined || value === ""
      ? fallback
      : parse(label(variable), value);
  };

  rejectUnknownWorkerVariables(merged);

  const config: Config = {
    dbPath: read("FANSLY_WORKERS_DB", "./fansly-workers.db", (_n, v) => v),
    apiBase: read("FANSLY_API_BASE", DEFAULT_API_BASE, parseUrl),
    authToken: read<string | null>("FANSLY_AUTH_TOKEN", null, (_n, v) =>
      v.trim(),
    ),
    rateLimit: read(
      "FANSLY_RATE_LIMIT",
      { requests: 50, perMs: 10_000 },
      parseRateLimit,
    ),
    rateBurst: read("FANSLY_RATE_BURST", 5, (n, v) => parsePositiveInt(n, v)),
    concurrency: read("FANSLY_CONCURRENCY", 2, (n, v) =>
      parsePositiveInt(n, v, 64),
    ),
    requestTimeoutMs: read("FANSLY_REQUEST_TIMEOUT", 30_000, (n, v) =>
      parseDuration(n, v),
    ),
    maxRetries: read("FANSLY_MAX_RETRIES", 4, (n, v) =>
      v.trim() === "0" ? 0 : parsePositiveInt(n, v, 20),
    ),
    accountBatchSize: read("FANSLY_ACCOUNT_BATCH", 50, (n, v) =>
      parsePositiveInt(n, v, 100),
    ),
    missesBeforeDeleted: read("FANSLY_MISSES_BEFORE_DELETED", 2, (n, v) =>
      parsePositiveInt(n, v),
    ),
    refreshAgeMs: read("FANSLY_REFRESH_AGE", 1_800_000, (n, v) =>
      parseDuration(n, v, { allowZero: true }),
    ),
    deletedRecheckAgeMs: read(
      "FANSLY_DELETED_RECHECK_AGE",
      21_600_000,
      (n, v) => parseDuration(n, v, { allowZero: true }),
    ),
    breakerThreshold: read("FANSLY_BREAKER_THRESHOLD", 10, (n, v) =>
      parsePositiveInt(n, v),
    ),
    seedTags: read<string[]>("FANSLY_SEED_TAGS", [], (_n, v) =>
      parseNameList(v),
    ),
    discoveryPageSize: read("FANSLY_DISCOVERY_PAGE_SIZE", 20, (n, v) =>
      parsePositiveInt(n, v, 100),
    ),
    discoveryPages: read("FANSLY_DISCOVERY_PAGES", 2, (n, v) =>
      parsePositiveInt(n, v, 50),
    ),
    historyRetentionMs: read<number | null>(
      "FANSLY_HISTORY_RETENTION",
      null,
      (n, v) => parseRetention(n, v, FULL_RESOLUTION_MS),
    ),
    logLevel: read<LogLevelName>("LOG_LEVEL", "info", (n, v) =>
      parseChoice(n, v, LOG_LEVELS),
    ),
    logFormat: read<LogFormat | "auto">("LOG_FORMAT", "auto", (n, v) =>
      parseChoice(n, v, LOG_FORMATS),
    ),
    startTimeMs: read<number | null>("FANSLY_WORKERS_NOW", null, parseInstant),
    workers: readWorkerSettings(read),
  };
  return Object.freeze(config);
}

type Reader = <T>(
  variable: string,
  fallback: T,
  parse: (name: string, value: string) => T,
) => T;

function readWorkerSettings(read: Reader): Record<WorkerName, WorkerSettings> {
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

const WORKER_VARIABLE = /^WORKER_(.+)_(ENABLED|INTERVAL|BATCH|TIMEOUT)$/;

function rejectUnknownWorkerVariables(
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
  }
}

/** An ISO date or Unix milliseconds. */
function parseInstant(name: string, value: string): number {
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (!Number.isFinite(ms)) {
    throw new WorkerError(
      "E_CONFIG",
      `${name} must be an ISO date or Unix milliseconds (got '${value}')`,
    );
  }
  return ms;
}

function definedOnly(values: RawSettings): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}

export { isWorkerName };
