// Which request gets which fault. Decisions are drawn from seeded streams, so
// the same rules, seed and request order give the same faults on every run.

import { checkFaultRules } from "./fault-checks.js";
import { variantsOf, type Fault, type FaultRule } from "./fault-types.js";
import { createRng, deriveSeed, type Rng } from "./prng.js";
import type { Endpoint } from "./request.js";

export interface FaultPlan {
  /** Counts the request against every rule and returns the fault to apply. */
  pick(endpoint: Endpoint): Fault | undefined;
}

const EMPTIABLE = new Set<Endpoint>(["suggestions", "accounts", "usernames"]);

export function createFaultPlan(
  rules: readonly FaultRule[],
  seed: number,
): FaultPlan {
  checkFaultRules(rules);
  // Separate streams: a schedule or a variant pick never shifts the draws
  // that decide rates, so adding a rule keeps the others' sequence.
  const draws = createRng(deriveSeed(seed, "fault-draws"));
  const variants = createRng(deriveSeed(seed, "fault-variants"));
  const counted = rules.map((rule) => ({ rule, seen: 0 }));
  const hasRates = rules.some((rule) => rule.rate !== undefined);

  return {
    pick(endpoint) {
      const draw = hasRates ? draws.next() : 1;
      const live = counted.filter(({ rule }) => matches(rule, endpoint));
      for (const entry of live) entry.seen += 1;

      const chosen =
        live.find(({ rule, seen }) => isScheduledFor(rule, seen))?.rule ??
        ruleForDraw(
          live.map(({ rule }) => rule),
          draw,
        );
      return chosen && pickVariant(chosen, endpoint, variants);
    },
  };
}

function isScheduledFor(rule: FaultRule, seen: number): boolean {
  const range = rule.requests;
  return range !== undefined && seen >= range.first && seen <= range.last;
}

function ruleForDraw(
  rules: readonly FaultRule[],
  draw: number,
): FaultRule | undefined {
  let cumulative = 0;
  for (const rule of rules) {
    if (rule.rate === undefined) continue;
    cumulative += rule.rate;
    if (draw < cumulative) return rule;
  }
  return undefined;
}

function matches(rule: FaultRule, endpoint: Endpoint): boolean {
  if (rule.endpoint !== undefined && rule.endpoint !== endpoint) return false;
  return variantsOf(rule).some((fault) => appliesTo(fault, endpoint));
}

function pickVariant(rule: FaultRule, endpoint: Endpoint, rng: Rng): Fault {
  return rng.pick(
    variantsOf(rule).filter((fault) => appliesTo(fault, endpoint)),
  );
}

/** E1 has no "empty" form that a client could tell from "not found". */
const appliesTo = (fault: Fault, endpoint: Endpoint): boolean =>
  fault.kind !== "empty" || EMPTIABLE.has(endpoint);
