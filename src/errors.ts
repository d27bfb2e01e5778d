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

/** The one error class of the project: a typed code plus the original cause. */
export class WorkerError extends Error {
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
