import type { ConsolaInstance } from "consola";
import { WorkerError } from "../errors.js";

export interface Shutdown {
  /** Aborted at the first SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  received(): NodeJS.Signals | null;
  /** Removes the handlers (the process can then exit on its own). */
  dispose(): void;
}

export const exitCodeForSignal = (signal: NodeJS.Signals | null): number =>
  signal === "SIGINT" ? 130 : 143;

/**
 * One root signal per process: the first SIGINT/SIGTERM asks workers to stop
 * at the next item boundary; a second one exits at once.
 */
export function onShutdown(log: ConsolaInstance): Shutdown {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;

  const handle = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      log.warn(`${signal} again; exiting without cleanup`);
      process.exit(exitCodeForSignal(signal));
    }
    received = signal;
    log.info(`${signal} received; finishing in-flight items (repeat to force)`);
    controller.abort(new WorkerError("E_ABORTED", `Stopped by ${signal}`));
  };

  process.on("SIGINT", handle).on("SIGTERM", handle);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      process.off("SIGINT", handle).off("SIGTERM", handle);
    },
  };
}
