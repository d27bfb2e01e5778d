import { writeOrPreview } from "../stats/dry-run.js";
import { rankCreators, rankTags, type RankSummary } from "../stats/ranks.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";

/** Dense-ranks tags by views and creators by followers (DESIGN §4). */
export const rankCalculator: WorkerDefinition = {
  name: "rank-calculator",
  description:
    "Dense-ranks tags by view count and creators by followers, keeping each one's previous rank",
  run: async (ctx: WorkerContext): Promise<WorkerReport> => {
    const { db, dryRun, progress } = ctx;
    const details: Record<string, unknown> = { dryRun };
    progress.details = details;

    const phases = [
      ["tags", () => rankTags(db)],
      ["creators", () => rankCreators(db)],
    ] as const;
    for (const [entities, rank] of phases) {
      ctx.signal.throwIfAborted();
      const summary: RankSummary = writeOrPreview(db, dryRun, rank);
      // Recorded per phase, so a run stopped after the tags still reports them.
      details[entities] = summary;
      progress.ok += summary.ranked;
      ctx.log.debug(
        `${entities}: ${summary.ranked} ranked, ${summary.unranked} unranked, ${summary.changed} rows rewritten`,
      );
    }
    return progress;
  },
};
