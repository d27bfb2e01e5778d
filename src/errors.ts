/** Machine-readable error codes; callers branch on these, never on message text. */
export type ErrorCode =
  | "E_CONFIG"
  | "E_USAGE"
  | "E_HTTP"
  | "E_AUTH"
  | "E_SHAPE"
  | "E_NOT_FOUND"
  | "E_RATE_LIMITED"
  | "E_DB"
  | "E_ABORTED"
  | "E_TIMEOUT"
  | "E_CIRCUIT_OPEN";

// The shipped CLI holds this module twice (scripts/build.mjs: the front
// and the back are separate bundles), so `instanceof` recognises the error
// by a registered symbol rather than by the identity of the class.
const BRAND = Symbol.for("fansly-workers.WorkerError");

/** The one error class of the project: a typed code plus the original cause. */
export class WorkerError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true
    );
  }

  readonly [BRAND] = true;
  readonly code: ErrorCode;
  /**
   * For E_RATE_LIMITED: when requests may resume (Unix ms). The runner sets
   * the worker's next run no earlier than this.
   */
  readonly resumeAt: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: ErrorOptions & { resumeAt?: number },
  ) {
    super(message, options);
    this.name = "WorkerError";
    this.code = code;
    this.resumeAt = options?.resumeAt;
  }
}

export const asError = (value: unknown): Error =>
  value instanceof Error ? value : new Error(String(value), { cause: value });

export const isWorkerError = (
  value: unknown,
  code?: ErrorCode,
): value is WorkerError =>
  value instanceof WorkerError && (code === undefined || value.code === code);
