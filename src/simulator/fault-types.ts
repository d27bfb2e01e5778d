// The fault vocabulary: what can go wrong with one request, and the rules
// that say which requests it happens to.

import type { Endpoint } from "./request.js";

/** How a 429 announces its cool-down, and what its body is. */
export interface RateLimitedFault {
  readonly kind: "rate-limited";
  /** @defaultValue "seconds" */
  readonly retryAfter?: "seconds" | "date" | "none";
  /** The cool-down announced, whole seconds. @defaultValue 1 */
  readonly seconds?: number;
  /** @defaultValue "json" (the error envelope) */
  readonly body?: "json" | "empty" | "html";
}

export type Fault =
  | RateLimitedFault
  | {
      readonly kind: "server-error";
      readonly status: 500 | 502 | 503 | 504;
      /** "html" is a CDN error page. */
      readonly body: "html" | "empty";
    }
  /** The TCP connection is reset before any answer. */
  | { readonly kind: "reset" }
  /** The real answer, sent this many real ms late. */
  | { readonly kind: "slow"; readonly delayMs: number }
  /** No answer until the simulator closes. */
  | { readonly kind: "hang" }
  /** The real answer's JSON cut in half, still labelled as JSON. */
  | { readonly kind: "malformed" }
  /** `success: false` with the message under `error.details` or `error.message`. */
  | {
      readonly kind: "app-error";
      readonly field: "details" | "message";
      readonly status: 200 | 500;
    }
  /** Soft throttling: a successful answer with nothing in it (E2, E3, E4 only). */
  | { readonly kind: "empty" };

export interface FaultRule {
  /** One fault, or several to pick from evenly (like the `5xx` family). */
  readonly fault: Fault | readonly Fault[];
  /**
   * Probability per request in [0, 1]. Rates of different rules add up (one
   * draw per request), so they may total at most 1 for any endpoint.
   */
  readonly rate?: number;
  /**
   * Request numbers, 1-based and inclusive, counted over the requests this
   * rule matches since the rules were set (the rate limit and auth may still
   * answer those requests instead). `{ first: 1, last: n }` is "the next n".
   * Scheduled rules win over rates.
   */
  readonly requests?: { readonly first: number; readonly last: number };
  /** Only requests to this endpoint. @defaultValue every endpoint */
  readonly endpoint?: Endpoint;
}

/** Array.isArray does not narrow readonly arrays, hence the guard. */
const isFaultList = (
  fault: Fault | readonly Fault[],
): fault is readonly Fault[] => Array.isArray(fault);

export const variantsOf = (rule: FaultRule): readonly Fault[] =>
  isFaultList(rule.fault) ? rule.fault : [rule.fault];
