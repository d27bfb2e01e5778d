import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { isWorkerError } from "../src/errors.js";

const DURATION =
  "a duration such as 90s, 15m, 1h, 1d or a number of milliseconds, greater than zero";

interface BadValue {
  readonly variable: string;
  readonly value: string;
  /** What the message must say is expected. */
  readonly expected: string;
}

const BAD_VALUES: BadValue[] = [
  { variable: "WORKER_TAG_UPDATER_INTERVAL", value: "abc", expected: DURATION },
  { variable: "WORKER_TAG_UPDATER_INTERVAL", value: "0", expected: DURATION },
  { variable: "WORKER_TAG_UPDATER_INTERVAL", value: "-5m", expected: DURATION },
  {
    variable: "WORKER_CREATOR_UPDATER_TIMEOUT",
    value: "soon",
    expected: DURATION,
  },
  {
    variable: "WORKER_TAG_DISCOVERY_TIMEOUT",
    value: "-1s",
    expected: DURATION,
  },
  {
    variable: "WORKER_RANK_CALCULATOR_TIMEOUT",
    value: "0s",
    expected: DURATION,
  },
  {
    variable: "WORKER_TAG_UPDATER_BATCH",
    value: "0",
    expected: "a positive integer",
  },
  {
    variable: "WORKER_TAG_UPDATER_BATCH",
    value: "-3",
    expected: "a positive integer",
  },
  {
    variable: "WORKER_TAG_UPDATER_BATCH",
    value: "2.5",
    expected: "a positive integer",
  },
  {
    variable: "WORKER_STATISTICS_CALCULATOR_ENABLED",
    value: "maybe",
    expected: "a boolean (true/false, 1/0, yes/no, on/off)",
  },
  {
    variable: "LOG_LEVEL",
    value: "loud",
    expected: "one of silent, fatal, error, warn, info, debug, trace",
  },
  {
    variable: "FANSLY_CONCURRENCY",
    value: "many",
    expected: "a positive integer up to 64",
  },
];

/** The E_CONFIG message loadConfig throws for these settings. */
function configError(settings: Parameters<typeof loadConfig>[0]): string {
  try {
    loadConfig(settings);
  } catch (error) {
    expect(isWorkerError(error, "E_CONFIG")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("loadConfig accepted the settings");
}

describe("loadConfig", () => {
  it.each(BAD_VALUES)(
    "refuses $variable=$value, naming the variable, the value and what is expected",
    ({ variable, value, expected }) => {
      expect(configError({ env: { [variable]: value } })).toBe(
        `${variable} must be ${expected} (got '${value}')`,
      );
    },
  );

  it("refuses a variable naming an unknown worker", () => {
    expect(configError({ env: { WORKER_FOO_BAR_INTERVAL: "1h" } })).toBe(
      "WORKER_FOO_BAR_INTERVAL names an unknown worker 'FOO_BAR'; expected one of TAG_UPDATER, CREATOR_UPDATER, TAG_DISCOVERY, RANK_CALCULATOR, STATISTICS_CALCULATOR",
    );
  });

  it("refuses an unknown setting of a known worker, naming the known ones", () => {
    expect(configError({ env: { WORKER_TAG_UPDATER_FOO: "1" } })).toBe(
      "WORKER_TAG_UPDATER_FOO names an unknown setting 'FOO'; expected one of " +
        "WORKER_TAG_UPDATER_ENABLED, WORKER_TAG_UPDATER_INTERVAL, " +
        "WORKER_TAG_UPDATER_BATCH, WORKER_TAG_UPDATER_TIMEOUT",
    );
  });

  it("leaves WORKER_* variables of other tools alone", () => {
    expect(() => loadConfig({ env: { WORKER_ID: "7" } })).not.toThrow();
  });

  it("names the flag when a flag's value is bad", () => {
    const message = configError({
      env: {},
      flags: { WORKER_TAG_UPDATER_TIMEOUT: "later" },
      flagNames: { WORKER_TAG_UPDATER_TIMEOUT: "--timeout" },
    });

    expect(message).toBe(
      `--timeout (WORKER_TAG_UPDATER_TIMEOUT) must be ${DURATION} (got 'later')`,
    );
  });

  it("takes a flag over the environment, the environment over .env, and .env over the default", () => {
    const config = loadConfig({
      dotenv: {
        WORKER_TAG_UPDATER_BATCH: "30",
        WORKER_TAG_UPDATER_INTERVAL: "15m",
        WORKER_TAG_UPDATER_TIMEOUT: "5m",
      },
      env: {
        WORKER_TAG_UPDATER_BATCH: "20",
        WORKER_TAG_UPDATER_TIMEOUT: "90s",
      },
      flags: { WORKER_TAG_UPDATER_BATCH: "10" },
    });

    expect(config.workers["tag-updater"]).toEqual({
      enabled: true,
      batch: 10,
      timeoutMs: 90_000,
      intervalMs: 15 * 60_000,
    });
    expect(config.workers["creator-updater"]).toEqual({
      enabled: true,
      batch: 1_000,
      timeoutMs: 30 * 60_000,
      intervalMs: 60 * 60_000,
    });
  });

  it.each([
    ["90s", 90_000],
    ["15m", 900_000],
    ["1h", 3_600_000],
    ["1d", 86_400_000],
    ["250", 250],
    ["1500ms", 1_500],
  ])("reads the duration %s as %d ms", (text, ms) => {
    const config = loadConfig({ env: { WORKER_TAG_UPDATER_INTERVAL: text } });

    expect(config.workers["tag-updater"].intervalMs).toBe(ms);
  });

  it.each([
    ["false", false],
    ["0", false],
    ["off", false],
    ["yes", true],
  ])("reads WORKER_<NAME>_ENABLED=%s as %s", (text, enabled) => {
    const config = loadConfig({
      env: { WORKER_TAG_DISCOVERY_ENABLED: text },
    });

    expect(config.workers["tag-discovery"].enabled).toBe(enabled);
  });
});
