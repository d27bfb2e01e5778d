import type { Simulator } from "../../../src/simulator/index.js";
import { BIN, runNode } from "../processes.js";
import { formatInt, type BenchRow } from "../report.js";
import type { Scenario } from "../scenario.js";
import { setUpSimulator } from "../sim-setup.js";

const REQUESTS_PER_SECOND = 20;
const MIN_USE = 0.95;
/** The run may go on past the measured window; only the window counts. */
const TIMEOUT_MARGIN_S = 3;

/** Requests that arrived within `seconds` of the first one. */
function countWindow(sim: Simulator, seconds: number) {
  const { log, violations, byStatus, total } = sim.requests;
  const first = log[0]?.at ?? 0;
  const achieved = log.filter((r) => r.at < first + seconds * 1000).length;
  return {
    achieved,
    allowed: REQUESTS_PER_SECOND * seconds,
    violations,
    maxInAnySecond: sim.requests.maxInWindow(1000),
    answered429: byStatus[429] ?? 0,
    total,
  };
}

/**
 * tag-updater against the simulator enforcing 20 requests/s, configured
 * with the same budget. Requests are counted over `seconds` from the first
 * one's arrival, so the CLI's start-up is not charged against the budget.
 */
export const rateBudgetScenario: Scenario = {
  name: "rate budget",
  sizes: (quick) => (quick ? [3] : [3, 30]),
  label: (seconds) => `${seconds} s`,
  async run(seconds, ctx): Promise<BenchRow[]> {
    const tags = Math.ceil(REQUESTS_PER_SECOND * seconds * 1.5) + 50;
    const setup = await setUpSimulator(ctx.dir, {
      file: `rate-${seconds}.db`,
      tags,
      creators: 10,
      seed: 21,
    });
    try {
      setup.sim.setRateLimit({ requests: REQUESTS_PER_SECOND, perMs: 1000 });
      const timeout = `${seconds + TIMEOUT_MARGIN_S}s`;
      await runNode(
        [BIN, "tag-updater", "--timeout", timeout, "--batch", String(tags)],
        setup.env({ FANSLY_RATE_LIMIT: `${REQUESTS_PER_SECOND}/1s` }),
      );
      const counts = countWindow(setup.sim, seconds);
      const use = counts.achieved / counts.allowed;
      return [
        {
          scenario: "rate budget",
          size: this.label(seconds),
          figure: `${formatInt(counts.achieved)} req, ${counts.violations} violations`,
          baseline: `${formatInt(counts.allowed)} allowed`,
          ratio: use,
          goal: `≥ ${MIN_USE}, 0 violations`,
          verdict: use >= MIN_USE && counts.violations === 0 ? "pass" : "miss",
          data: counts,
        },
      ];
    } finally {
      await setup.sim.close();
    }
  },
};
