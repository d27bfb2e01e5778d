import { WorkerError } from "./errors.js";

// Small parsers for configuration values. Each throws E_CONFIG with a message
// naming the variable (or flag), the bad value and what is expected.

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

function configError(name: string, value: string, expected: string): never {
  throw new WorkerError(
    "E_CONFIG",
    `${name} must be ${expected} (got '${value}')`,
  );
}

export interface DurationOptions {
  readonly allowZero?: boolean;
  /** The longest allowed, with how to write it in messages. */
  readonly max?: { readonly ms: number; readonly text: string };
}

/** `90s`, `15m`, `1h`, `1d`, `250ms` or a plain number of milliseconds. */
export function parseDuration(
  name: string,
  value: string,
  options: DurationOptions = {},
): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  const limits = [
    options.allowZero ? "" : ", greater than zero",
    options.max ? `, up to ${options.max.text}` : "",
  ].join("");
  const expected = `a duration such as 90s, 15m, 1h, 1d or a number of milliseconds${limits}`;
  if (!match) configError(name, value, expected);
  const unit = (match[2] ?? "ms").toLowerCase();
  const ms = Math.round(Number(match[1]) * DURATION_UNITS_MS[unit]!);
  const tooLong = options.max !== undefined && ms > options.max.ms;
  if (!Number.isFinite(ms) || (ms === 0 && !options.allowZero) || tooLong) {
    configError(name, value, expected);
  }
  return ms;
}

/** 0 or a positive integer up to `max`. */
export function parseCount(name: string, value: string, max: number): number {
  if (value.trim() === "0") return 0;
  const n = Number(value.trim());
  if (value.trim() === "" || !Number.isInteger(n) || n < 0 || n > max) {
    configError(name, value, `0 or a positive integer up to ${max}`);
  }
  return n;
}

export function parsePositiveInt(
  name: string,
  value: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(value.trim());
  if (value.trim() === "" || !Number.isInteger(n) || n < 1 || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? "" : ` up to ${max}`;
    configError(name, value, `a positive integer${range}`);
  }
  return n;
}

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off"]);

export function parseBoolean(name: string, value: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  configError(name, value, "a boolean (true/false, 1/0, yes/no, on/off)");
}

export function parseChoice<T extends string>(
  name: string,
  value: string,
  choices: readonly T[],
): T {
  const word = value.trim().toLowerCase();
  if ((choices as readonly string[]).includes(word)) return word as T;
  configError(name, value, `one of ${choices.join(", ")}`);
}

/** A request budget: `N/duration` (`50/10s`), or `off` for no limit. */
export interface RateLimit {
  /** Requests allowed per window; 0 means unlimited. */
  readonly requests: number;
  readonly perMs: number;
}

export function parseRateLimit(name: string, value: string): RateLimit {
  if (value.trim().toLowerCase() === "off") return { requests: 0, perMs: 1 };
  const expected = "'N/duration' such as 50/10s or 5/1s, or 'off'";
  const [count, window, ...rest] = value.split("/");
  if (count === undefined || window === undefined || rest.length > 0) {
    configError(name, value, expected);
  }
  const requests = Number(count.trim());
  if (!Number.isInteger(requests) || requests < 1) {
    configError(name, value, expected);
  }
  // `60/m` means one minute; the window's error names the whole value.
  const windowText = /^\s*\d/.test(window) ? window : `1${window}`;
  let perMs: number;
  try {
    perMs = parseDuration(name, windowText);
  } catch {
    configError(name, value, expected);
  }
  return { requests, perMs };
}

/** `https://…` or `http://…`, without a trailing slash. */
export function parseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    configError(
      name,
      value,
      "an http(s) URL such as https://apiv3.fansly.com/api/v1",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    configError(name, value, "an http(s) URL");
  }
  return url.toString().replace(/\/+$/, "");
}

/** A comma-separated list of names; empty entries dropped, `#` stripped. */
export function parseNameList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim().replace(/^#/, ""))
    .filter((item) => item.length > 0);
}

const KEEP_ALL_WORDS = new Set(["all", "forever"]);

/**
 * `all` (or `forever`): keep every observation, as null; else a duration of
 * at least `minMs`, so thinning never reaches the history that the 24 h and
 * 7 d changes read.
 */
export function parseRetention(
  name: string,
  value: string,
  minMs: number,
): number | null {
  if (KEEP_ALL_WORDS.has(value.trim().toLowerCase())) return null;
  const expected = `'all' or a duration of at least ${minMs / 86_400_000}d (the 24 h and 7 d changes need that much full history)`;
  if (!/^\s*\d/.test(value)) configError(name, value, expected);
  const ms = parseDuration(name, value);
  if (ms < minMs) configError(name, value, expected);
  return ms;
}
