import { Command, Option } from "commander";
import { withContext } from "./action.js";
import { TOP_ORDERS, type TopOrder } from "./reports/top-query.js";
import { integer } from "./option-parsers.js";

// Reports only read the database; the modules that build them are loaded
// when a report runs, so other commands do not pay for them at start-up.

const none = () => [];

function registerTop(program: Command): void {
  const top = program
    .command("top")
    .argument("<what>", "tags or creators")
    .description(
      "list live tags or creators with rank change, count, 24 h and 7 d change, heat, trend and recent history",
    )
    .addOption(
      new Option("--by <order>", "sort order")
        .choices(TOP_ORDERS)
        .default("rank"),
    )
    .option("--limit <n>", "rows", integer(1), 20)
    .option("--json", "raw numbers as JSON")
    .option("--csv", "raw numbers as CSV (RFC 4180)");
  top.action(
    withContext(
      top,
      none,
      async (
        ctx,
        what: string,
        opts: { by: TopOrder; limit: number; json?: boolean; csv?: boolean },
      ) => {
        const { topCommand } = await import("./reports/top-command.js");
        return topCommand(ctx, what, opts);
      },
    ),
  );
}

function registerShow(program: Command): void {
  const show = program
    .command("show")
    .argument("<what>", "tag or creator")
    .argument("<name>", "tag name or creator username")
    .description(
      "one tag or creator: counts, rank, growth, heat, trend, state, related tags, a chart and the latest observations",
    )
    .option("--limit <n>", "observations in the history table", integer(1), 20)
    .option("--days <n>", "days of history the chart covers", integer(1), 14)
    .option("--json", "raw numbers as JSON");
  show.action(
    withContext(
      show,
      none,
      async (
        ctx,
        what: string,
        name: string,
        opts: { limit: number; days: number; json?: boolean },
      ) => {
        const { showCommand } = await import("./reports/show-command.js");
        return showCommand(ctx, what, name, opts);
      },
    ),
  );
}

function registerRelated(program: Command): void {
  const related = program
    .command("related")
    .argument("<tags...>", "one or more tag names")
    .description(
      "recommend tags seen on posts with the given ones, scored so that big tags do not win by size alone",
    )
    .option("--limit <n>", "rows", integer(1), 20)
    .option("--window <days>", "days of co-occurrence to read", integer(1), 30)
    .option(
      "--min-views <n>",
      "leave out candidates with fewer views",
      integer(0),
      0,
    )
    .option("--json", "raw numbers as JSON");
  related.action(
    withContext(
      related,
      none,
      async (
        ctx,
        tags: string[],
        opts: {
          limit: number;
          window: number;
          minViews: number;
          json?: boolean;
        },
      ) => {
        const { relatedCommand } = await import("./reports/related-command.js");
        return relatedCommand(ctx, tags, opts);
      },
    ),
  );
}

function registerDeleted(program: Command): void {
  const deleted = program
    .command("deleted")
    .argument("<what>", "tags or creators")
    .description(
      "list what Fansly no longer shows: when it was detected, last known counts, misses, and totals",
    )
    .option("--json", "raw numbers as JSON");
  deleted.action(
    withContext(
      deleted,
      none,
      async (ctx, what: string, opts: { json?: boolean }) => {
        const { deletedCommand } = await import("./reports/deleted-command.js");
        return deletedCommand(ctx, what, opts);
      },
    ),
  );
}

/** `top`, `show`, `related` and `deleted`. */
export function registerReportCommands(program: Command): void {
  registerTop(program);
  registerShow(program);
  registerRelated(program);
  registerDeleted(program);
}
