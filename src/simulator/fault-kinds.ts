// The kind half of a fault spec part (`429-date=5`, `5xx`, `slow=2s`) in both
// directions, so a label in the request log parses back to the same fault.

import { parseDuration } from "../config-parse.js";
import type { Fault } from "./fault-types.js";
import { itemAt } from "./prng.js";

/** Reports what is wrong with the part being parsed; never returns. */
export type Fail = (problem: string) => never;

/** What a part may name, shown in errors. */
export const FAULT_KINDS_HELP =
  "429[-date|-none][-json|-html|-empty][=seconds], 5xx, 500|502|503|504[-html|-empty], reset, slow[=duration], hang, malformed, fail[-details|-message][-200|-500], empty";

const RATE_LIMITED = /^429(?:-(seconds|date|none))?(?:-(json|html|empty))?$/;
const SERVER_ERROR = /^(500|502|503|504)(?:-(html|empty))?$/;
const APP_ERROR = /^fail(?:-(details|message))?(?:-(200|500))?$/;
const DEFAULT_SLOW_MS = 1_000;
const FIELDS = ["details", "message"] as const;
const APP_STATUSES = [200, 500] as const;

export function parseFaultKind(
  kind: string,
  arg: string | undefined,
  fail: Fail,
): Fault | readonly Fault[] {
  const rateLimited = RATE_LIMITED.exec(kind);
  if (rateLimited !== null) return rateLimitedFault(rateLimited, arg, fail);
  if (kind === "slow") return { kind: "slow", delayMs: slowDelay(arg, fail) };
  if (arg !== undefined) {
    return fail(`gives '${kind}' an argument it does not take`);
  }

  const server = SERVER_ERROR.exec(kind);
  if (server !== null) return serverError(server[1], server[2]);
  const app = APP_ERROR.exec(kind);
  if (app !== null) return appErrors(app[1], app[2]);
  switch (kind) {
    case "5xx":
      return FIVE_XX;
    case "reset":
    case "hang":
    case "malformed":
    case "empty":
      return { kind };
    default:
      return fail(
        `has an unknown kind '${kind}'; expected ${FAULT_KINDS_HELP}`,
      );
  }
}

/** The spec text for one fault; `parseFaultSpec(label + ":1")` gives it back. */
export function faultLabel(fault: Fault): string {
  switch (fault.kind) {
    case "rate-limited": {
      const retryAfter = fault.retryAfter ?? "seconds";
      const header = retryAfter === "seconds" ? "" : `-${retryAfter}`;
      const body = (fault.body ?? "json") === "json" ? "" : `-${fault.body}`;
      const seconds = fault.seconds ?? 1;
      const wait = retryAfter === "none" || seconds === 1 ? "" : `=${seconds}`;
      return `429${header}${body}${wait}`;
    }
    case "server-error":
      return `${fault.status}-${fault.body}`;
    case "slow":
      return `slow=${fault.delayMs}ms`;
    case "app-error":
      return `fail-${fault.field}-${fault.status}`;
    default:
      return fault.kind;
  }
}

function rateLimitedFault(
  match: RegExpExecArray,
  arg: string | undefined,
  fail: Fail,
): Fault {
  const retryAfter = oneOf(match[1], ["seconds", "date", "none"], "seconds");
  const body = oneOf(match[2], ["json", "html", "empty"], "json");
  if (retryAfter === "none" && arg !== undefined) {
    return fail("gives a wait to a 429 that sends no Retry-After");
  }
  const seconds = /^\s*(\d+)\s*s?\s*$/i.exec(arg ?? "1")?.[1];
  if (seconds === undefined) {
    return fail(
      `has a Retry-After of '${arg}'; expected whole seconds such as 30`,
    );
  }
  return { kind: "rate-limited", retryAfter, seconds: Number(seconds), body };
}

function slowDelay(arg: string | undefined, fail: Fail): number {
  if (arg === undefined) return DEFAULT_SLOW_MS;
  try {
    return parseDuration("slow", arg, { allowZero: true });
  } catch {
    return fail(
      `has a delay of '${arg}'; expected a duration such as 2s or 1500ms`,
    );
  }
}

function serverError(status: string | undefined, body?: string): Fault {
  const code = oneOf(status, [500, 502, 503, 504], 500);
  // A gateway timeout usually comes back empty, the others as a page.
  const fallback = code === 504 ? "empty" : "html";
  return {
    kind: "server-error",
    status: code,
    body: oneOf(body, ["html", "empty"], fallback),
  };
}

const FIVE_XX: readonly Fault[] = [
  serverError("500", "html"),
  serverError("500", "empty"),
  serverError("502", "html"),
  serverError("502", "empty"),
  serverError("503", "html"),
  serverError("503", "empty"),
  serverError("504", "empty"),
];

/** `fail` alone picks among all four shapes; each suffix narrows it. */
function appErrors(field?: string, status?: string): Fault | readonly Fault[] {
  const fields =
    field === undefined ? FIELDS : [oneOf(field, FIELDS, "details")];
  const statuses =
    status === undefined ? APP_STATUSES : [oneOf(status, APP_STATUSES, 200)];
  const faults = fields.flatMap((f) =>
    statuses.map((s): Fault => ({ kind: "app-error", field: f, status: s })),
  );
  return faults.length === 1 ? itemAt(faults, 0) : faults;
}

/** Narrows regex text to one of the choices without a cast. */
function oneOf<T extends string | number>(
  text: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  return choices.find((choice) => String(choice) === text) ?? fallback;
}
