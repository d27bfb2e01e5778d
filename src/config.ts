import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { WorkerError } from "./errors.js";
import { readApiSettings, type ApiSettings } from "./config-api.js";
import {
  parseChoice,
  parseDuration,
  parseNameList,
  parsePositiveInt,
  parseRetention,
} from "./config-parse.js";
import {
  readWorkerSettings,
  rejectUnknownWorkerVariables,
  workerEnvName,
  type Reader,
} from "./config-workers.js";
import { FULL_RESOLUTION_MS } from "./stats/growth.js";
import {
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

export { DEFAULT_API_BASE } from "./config-api.js";
export { workerEnvName };

/**
 * Resolved, validated, frozen configuration. Only this module (with its
 * config-*.ts parts) reads the environment.
 */
export interface Config extends ApiSettings {
  /** SQLite file. @defaultValue `./fansly-workers.db` */
  readonly dbPath: string;
  /** Consecutive misses before an entity is marked deleted. @defaultValue 2 */
  readonly missesBeforeDeleted: number;
  /** An entity checked more recently than this is not refetched. @defaultValue 30 min */
  readonly refreshAgeMs: number;
  /** A deleted entity is looked up again after this long, to notice its return. @defaultValue 6 h */
  readonly deletedRecheckAgeMs: number;
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

/** Reads merged values: flag over environment over `.env`; errors name the flag. */
function createReader(input: LoadConfigInput): {
  read: Reader;
  merged: Record<string, string | undefined>;
} {
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
  const read: Reader = (variable, fallback, parse) => {
    const value = merged[variable];
    return value === undefined || value === ""
      ? fallback
      : parse(label(variable), value);
  };
  return { read, merged };
}

/** What is tracked and how often it is looked at again. */
function readTrackingSettings(read: Reader) {
  return {
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
    seedTags: read<string[]>("FANSLY_SEED_TAGS", [], (_n, v) =>
      parseNameList(v),
    ),
    discoveryPageSize: read("FANSLY_DISCOVERY_PAGE_SIZE", 20, (n, v) =>
      parsePositiveInt(n, v, 100),
    ),
    discoveryPages: read("FANSLY_DISCOVERY_PAGES", 2, (n, v) =>
      parsePositiveInt(n, v, 50),
    ),
  };
}

export function loadConfig(input: LoadConfigInput): Config {
  const { read, merged } = createReader(input);
  rejectUnknownWorkerVariables(merged);

  const config: Config = {
    dbPath: read("FANSLY_WORKERS_DB", "./fansly-workers.db", (_n, v) => v),
    ...readApiSettings(read),
    ...readTrackingSettings(read),
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
