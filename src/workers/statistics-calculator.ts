import { writeOrPreview } from "../stats/dry-run.js";
import { thinHistory } from "../stats/retention.js";
import { recordTotals } from "../stats/totals.js";
import {
  updateCreatorTrends,
  updateTagTrends,
  type TrendSummary,
} from "../stats/trends.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";

/** Trends, heat and the totals row (DESIGN §4, §7). */
export const statisticsCalculator: WorkerDefinition = {
  name: "statistics-calculator",
  description:
    "Computes 24 h and 7 d trends and heat of tags and creators from their history, records a row of totals and applies the history retention",
  run: async (ctx: WorkerContext): Promise<WorkerReport> => {
    const { db, dryRun, progress } = ctx;
    // One instant for every phase, so trends and totals describe one moment.
    const nowMs = ctx.clock.now();
    const details: Record<string, unknown> = { dryRun, statisticsId: null };
    progress.details = details;

    const phases = [
      ["tags", () => updateTagTrends(db, nowMs)],
      ["creators", () => updateCreatorTrends(db, nowMs)],
    ] as const;
    for (const [entities, update] of phases) {
      ctx.signal.throwIfAborted();
      const summary: TrendSummary = writeOrPreview(db, dryRun, update);
      // Recorded per phase, so a run stopped after the tags still reports them.
      details[entities] = summary;
      progress.ok += summary.tracked;
      ctx.log.debug(
        `${entities}: ${summary.with24h}/${summary.tracked} with a 24 h trend, ${summary.with7d} with a 7 d trend, ${summary.changed} rows rewritten`,
      );
    }

    ctx.signal.throwIfAborted();
    const totals = writeOrPreview(db, dryRun, () => recordTotals(db, nowMs));
    // A dry run's row was rolled back, so its id would point at nothing.
    details.statisticsId = dryRun ? null : totals.id;

    // After the trends, although thinning could not move them anyway (see
    // thinHistory), so that this run's numbers never depend on it.
    const retentionMs = ctx.config.historyRetentionMs;
    if (retentionMs !== null) {
      ctx.signal.throwIfAborted();
      details.thinned = writeOrPreview(db, dryRun, () =>
        thinHistory(db, nowMs, retentionMs),
      );
    }
    return progress;
  },
};
