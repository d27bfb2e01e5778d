// Everything between a request arriving and the endpoint answering it: the
// rate limit, the token check and injected faults, in the order a gateway in
// front of the API would apply them.

import { authFailure, checkAuthOptions, type AuthOptions } from "./auth.js";
import type { Answer } from "./endpoints.js";
import {
  answered,
  applyFault,
  rateLimitedAnswer,
  type Reply,
} from "./fault-answers.js";
import { faultLabel } from "./fault-kinds.js";
import type { Fault, FaultRule } from "./fault-types.js";
import { createFaultPlan, type FaultPlan } from "./faults.js";
import {
  createRateGate,
  type RateGate,
  type RateLimitOptions,
} from "./rate-window.js";
import type { Endpoint } from "./request.js";

export interface TrafficOptions {
  readonly faults: readonly FaultRule[];
  readonly faultSeed: number;
  readonly rateLimit: RateLimitOptions | undefined;
  readonly auth: AuthOptions;
  readonly toleranceMs: number;
  /** Unix ms that Retry-After dates are counted from. */
  readonly dateNow: () => number;
}

/** One request as the policy sees it. */
export interface Arrival {
  readonly endpoint: Endpoint;
  readonly authorization: string | undefined;
  /** Real Unix ms. */
  readonly at: number;
  /** The endpoint's own answer, computed only when needed. */
  readonly real: () => Answer;
}

export interface Decision {
  readonly reply: Reply;
  readonly violation: boolean;
  /** The label of the fault applied, if any. */
  readonly fault?: string;
}

export interface Traffic {
  decide(arrival: Arrival): Decision;
  setFaults(rules: readonly FaultRule[], seed?: number): void;
  setRateLimit(limit: RateLimitOptions | undefined): void;
  setAuth(auth: AuthOptions): void;
}

export function createTraffic(options: TrafficOptions): Traffic {
  let plan: FaultPlan = createFaultPlan(options.faults, options.faultSeed);
  let auth = checkAuthOptions(options.auth);
  const gate = createRateGate(options.toleranceMs, options.rateLimit);

  return {
    decide(arrival) {
      // Picked first so that request numbers in schedules count every
      // arrival, even the ones the limit or the token check answer.
      const fault = plan.pick(arrival.endpoint);
      const retryAfter = gate.admit(arrival.at);
      if (retryAfter !== undefined) {
        const limited = { kind: "rate-limited", seconds: retryAfter } as const;
        const { reply } = rateLimitedAnswer(limited, options.dateNow());
        return { reply, violation: true };
      }

      const denied = authFailure(auth, arrival.authorization);
      if (denied !== undefined) {
        return { reply: answered(denied), violation: false };
      }
      return fault === undefined
        ? { reply: answered(arrival.real()), violation: false }
        : faultDecision(fault, arrival, options.dateNow(), gate);
    },
    setFaults(rules, seed = options.faultSeed) {
      plan = createFaultPlan(rules, seed);
    },
    setRateLimit: (limit) => gate.setLimit(limit),
    setAuth(next) {
      auth = checkAuthOptions(next);
    },
  };
}

function faultDecision(
  fault: Fault,
  arrival: Arrival,
  dateNow: number,
  gate: RateGate,
): Decision {
  const outcome = applyFault(fault, { ...arrival, dateNow });
  if (outcome.cooldownMs !== undefined) {
    gate.announce(arrival.at, outcome.cooldownMs);
  }
  return { reply: outcome.reply, violation: false, fault: faultLabel(fault) };
}
