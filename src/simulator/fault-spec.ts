// The text form of fault rules, for `simulate --fault`.

import { WorkerError } from "../errors.js";
import { parseFaultKind, type Fail } from "./fault-kinds.js";
import type { FaultRule } from "./fault-types.js";
import type { Endpoint } from "./request.js";

const ENDPOINT_NAMES: Readonly<Record<string, Endpoint>> = {
  tag: "tag",
  e1: "tag",
  suggestions: "suggestions",
  e2: "suggestions",
  accounts: "accounts",
  e3: "accounts",
  usernames: "usernames",
  e4: "usernames",
  other: "other",
};

const PART = /^([a-z0-9-]+)(?:=([^:@]*))?:([^@]+)(?:@(.+))?$/i;

/**
 * Parses `kind[=arg]:trigger[@endpoint]` parts separated by commas, e.g.
 * `429:0.05,5xx:10%,reset:0.02,malformed:0.02`, `429-date=5:#1`,
 * `slow=2s:next3@suggestions`, `empty:#4..6@e2`. A trigger is a rate (`0.05`
 * or `5%`), request numbers (`#3`, `#3..5`) or the next n requests (`next3`).
 * Throws E_CONFIG naming the flag and the bad part.
 */
export function parseFaultSpec(text: string, name = "--fault"): FaultRule[] {
  if (text.trim() === "") return [];
  return text.split(",").map((raw) => {
    const part = raw.trim();
    const fail: Fail = (problem) => {
      throw new WorkerError("E_CONFIG", `${name} part '${part}' ${problem}`);
    };
    const match = PART.exec(part);
    if (match === null) {
      return fail(
        "is not kind[=arg]:trigger[@endpoint], such as 503:0.1 or 429-date=5:#2",
      );
    }

    const [, kind = "", arg, trigger = "", endpoint] = match;
    const rule: FaultRule = {
      fault: parseFaultKind(kind.toLowerCase(), arg, fail),
      ...parseTrigger(trigger.trim(), fail),
    };
    return endpoint === undefined
      ? rule
      : { ...rule, endpoint: endpointOf(endpoint, fail) };
  });
}

function parseTrigger(
  trigger: string,
  fail: Fail,
): Pick<FaultRule, "rate" | "requests"> {
  const rate = parseRate(trigger);
  if (rate !== undefined) {
    if (rate > 1) {
      return fail(
        `has a rate of ${trigger}, above 1; for request numbers write #${trigger}`,
      );
    }
    return { rate };
  }

  const range = parseRange(trigger);
  if (range === undefined) {
    return fail(
      `has a trigger '${trigger}' that is not a rate (0.05, 5%), request numbers (#3, #3..5) or next<n>`,
    );
  }
  if (range.first < 1 || range.last < range.first) {
    return fail(
      `names requests ${range.first}..${range.last}; they count from 1 upwards`,
    );
  }
  return { requests: range };
}

function parseRate(trigger: string): number | undefined {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(trigger);
  if (percent !== null) return Number(percent[1]) / 100;
  return /^\d*\.?\d+$/.test(trigger) ? Number(trigger) : undefined;
}

function parseRange(
  trigger: string,
): { first: number; last: number } | undefined {
  const numbers = /^#(\d+)(?:\.\.(\d+))?$/.exec(trigger);
  if (numbers !== null) {
    return {
      first: Number(numbers[1]),
      last: Number(numbers[2] ?? numbers[1]),
    };
  }
  const next = /^next(\d+)$/i.exec(trigger);
  return next === null ? undefined : { first: 1, last: Number(next[1]) };
}

function endpointOf(name: string, fail: Fail): Endpoint {
  const endpoint = ENDPOINT_NAMES[name.trim().toLowerCase()];
  return (
    endpoint ??
    fail(
      `names an unknown endpoint '${name}'; expected tag, suggestions, accounts, usernames, other (or e1-e4)`,
    )
  );
}
