// Token checks. Fansly answers 401 to an expired or wrong token (fansly-api.md
// §3 #15); the simulator lets tests make any token, or one token, bad.

import { jsonAnswer, type Answer } from "./endpoints.js";
import { errorEnvelope } from "./wire.js";

export interface AuthOptions {
  /**
   * `none`: no token needed; `required`: a request without Authorization
   * gets 401; `bad-token`: every request that carries a token gets 401.
   * @defaultValue "none"
   */
  readonly mode?: "none" | "required" | "bad-token";
  /** A token that gets 401 in any mode (an expired one, say). */
  readonly badToken?: string;
}

const AUTH_MODES = ["none", "required", "bad-token"] as const;

export function checkAuthOptions(auth: AuthOptions): AuthOptions {
  const mode = auth.mode ?? "none";
  if (!AUTH_MODES.includes(mode)) {
    throw new TypeError(
      `Simulator auth mode must be one of ${AUTH_MODES.join(", ")} (got '${mode}')`,
    );
  }
  if (auth.badToken === "") {
    throw new TypeError("Simulator auth 'badToken' must not be empty");
  }
  return { mode, badToken: auth.badToken };
}

/**
 * The 401 for a request, or undefined when it may pass. The header is
 * compared as sent: Fansly takes the bare token, with no "Bearer" prefix.
 */
export function authFailure(
  auth: AuthOptions,
  authorization: string | undefined,
): Answer | undefined {
  const token = authorization === "" ? undefined : authorization;
  const refused =
    (token !== undefined && token === auth.badToken) ||
    (token !== undefined && auth.mode === "bad-token") ||
    (token === undefined && auth.mode === "required");
  return refused
    ? jsonAnswer(401, errorEnvelope(401, "unauthorized"))
    : undefined;
}
