import { parseFaultSpec } from "./fault-spec.js";
import type { FaultRule } from "./fault-types.js";
import { parseRateLimitSpec } from "./rate-window.js";
import { startSimulator } from "./simulator.js";

export interface SimulateCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly tags: number;
  readonly creators: number;
  /** Simulated ms per real ms. @defaultValue 1 (real time) */
  readonly speed?: number;
  /**
   * `--fault` text, e.g. `429:0.05,5xx:0.1,reset:0.02,malformed:0.02`; a
   * repeated flag may pass several, which add up. @defaultValue no faults
   */
  readonly faults?: string | readonly string[];
  /** `--limit` text such as `50/10s`, or `off`. @defaultValue off */
  readonly rateLimit?: string;
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
  // Parsed first: a bad spec fails before a port is taken (E_CONFIG).
  const faults = commandFaults(opts.faults);
  const rateLimit =
    opts.rateLimit === undefined
      ? undefined
      : parseRateLimitSpec(opts.rateLimit, "--limit");
  const simulator = await startSimulator({
    host: opts.host,
    port: opts.port,
    seed: opts.seed,
    tags: opts.tags,
    creators: opts.creators,
    speed: opts.speed ?? 1,
    faults,
    rateLimit,
    // Clients of `simulate` run on wall time, and the running clock starts
    // at the dataset's epoch, so dates from it would be years off.
    retryAfterDates: "real",
  });
  const { dataset } = simulator;
  const limit = rateLimit
    ? `${rateLimit.requests}/${rateLimit.perMs}ms`
    : "off";
  log.info(
    `Fansly simulator on ${simulator.url} (seed ${dataset.seed}, ${dataset.tags.length} tags, ${dataset.creators.length} creators, ${dataset.posts.length} posts, ${faults.length} fault rules, rate limit ${limit}); point workers at it with FANSLY_API_BASE=${simulator.url}`,
  );

  const stoppedBy = await waitForStop(opts.signal);
  const { total, violations } = simulator.requests;
  log.info(
    `${stoppedBy} received; simulator stopped after ${total} requests (${violations} rate-limit violations)`,
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

function commandFaults(
  specs: string | readonly string[] | undefined,
): FaultRule[] {
  const texts = typeof specs === "string" ? [specs] : (specs ?? []);
  return texts.flatMap((text) => parseFaultSpec(text, "--fault"));
}
