// Rules are checked when they are set, so a typo fails the test or the
// `simulate` start instead of silently injecting nothing.

import { variantsOf, type Fault, type FaultRule } from "./fault-types.js";
import type { Endpoint } from "./request.js";

export const ENDPOINTS: readonly Endpoint[] = [
  "tag",
  "suggestions",
  "accounts",
  "usernames",
  "other",
];

export function checkFaultRules(rules: readonly FaultRule[]): void {
  rules.forEach(validateRule);
  checkRateTotals(rules);
}

function validateRule(rule: FaultRule, index: number): void {
  const where = `Fault rule ${index + 1}`;
  if ((rule.rate === undefined) === (rule.requests === undefined)) {
    throw new TypeError(`${where} needs exactly one of 'rate' or 'requests'`);
  }
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
    throw new RangeError(
      `${where}: 'rate' must be between 0 and 1 (got ${rule.rate})`,
    );
  }
  const range = rule.requests;
  if (range !== undefined && !isRequestRange(range.first, range.last)) {
    throw new RangeError(
      `${where}: 'requests' must run from a positive integer to one at least as large (got ${range.first}..${range.last})`,
    );
  }
  if (rule.endpoint !== undefined && !ENDPOINTS.includes(rule.endpoint)) {
    throw new TypeError(
      `${where}: unknown endpoint '${rule.endpoint}'; expected one of ${ENDPOINTS.join(", ")}`,
    );
  }
  if (variantsOf(rule).length === 0) {
    throw new TypeError(`${where}: 'fault' is an empty list`);
  }
  variantsOf(rule).forEach((fault) => validateFault(fault, where));
}

const isRequestRange = (first: number, last: number): boolean =>
  Number.isInteger(first) &&
  Number.isInteger(last) &&
  1 <= first &&
  first <= last;

function validateFault(fault: Fault, where: string): void {
  if (fault.kind === "slow" && !(fault.delayMs >= 0)) {
    throw new RangeError(
      `${where}: a slow answer needs a delay of 0 ms or more (got ${fault.delayMs})`,
    );
  }
  const seconds = fault.kind === "rate-limited" ? fault.seconds : undefined;
  if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 0)) {
    throw new RangeError(
      `${where}: Retry-After must be whole seconds, 0 or more (got ${seconds})`,
    );
  }
}

function checkRateTotals(rules: readonly FaultRule[]): void {
  for (const endpoint of ENDPOINTS) {
    const total = rules
      .filter(
        (rule) => rule.endpoint === undefined || rule.endpoint === endpoint,
      )
      .reduce((sum, rule) => sum + (rule.rate ?? 0), 0);
    // A little slack for sums like 0.1 + 0.2 that miss 0.3 in binary.
    if (total > 1 + 1e-9) {
      throw new RangeError(
        `Fault rates for ${endpoint} requests add up to ${total}; they must total at most 1`,
      );
    }
  }
}
