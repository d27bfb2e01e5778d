import { startSimulator } from "./simulator.js";

export interface SimulateCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly tags: number;
  readonly creators: number;
  /** Simulated ms per real ms. @defaultValue 1 (real time) */
  readonly speed?: number;
  /** Stops the server like SIGINT would; lets callers and tests end it. */
  readonly signal?: AbortSignal;
}

const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * `fansly-workers simulate`: serves the simulator with a clock that follows
 * wall time until SIGINT or SIGTERM, then closes the server and resolves.
 */
export async function runSimulateCommand(
  opts: SimulateCommandOptions,
  log: { info(msg: string): void },
): Promise<void> {
  const simulator = await startSimulator({
    host: opts.host,
    port: opts.port,
    seed: opts.seed,
    tags: opts.tags,
    creators: opts.creators,
    speed: opts.speed ?? 1,
  });
  const { dataset } = simulator;
  log.info(
    `Fansly simulator on ${simulator.url} (seed ${dataset.seed}, ${dataset.tags.length} tags, ${dataset.creators.length} creators, ${dataset.posts.length} posts); point workers at it with FANSLY_API_BASE=${simulator.url}`,
  );

  const stoppedBy = await waitForStop(opts.signal);
  log.info(
    `${stoppedBy} received; simulator stopped after ${simulator.requests.total} requests`,
  );
  await simulator.close();
}

/** Resolves with the name of whatever asked to stop. */
function waitForStop(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (reason: string) => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
      signal?.removeEventListener("abort", onAbort);
      resolve(reason);
    };
    const onSignal = (name: NodeJS.Signals) => stop(name);
    const onAbort = () => stop("abort");

    for (const name of STOP_SIGNALS) process.once(name, onSignal);
    if (signal?.aborted) stop("abort");
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}
