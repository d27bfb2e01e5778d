import type { StatusView } from "../scheduler/status.js";
import { statusToJson } from "../scheduler/status-json.js";
import type { CommandContext } from "./context.js";
import { existingDb } from "./existing-db.js";

export { statusToJson };

export interface StatusOptions {
  json?: boolean;
  check?: boolean;
}

export async function statusCommand(
  ctx: CommandContext,
  options: StatusOptions,
): Promise<number> {
  const { readStatus } = await import("../scheduler/status.js");
  const view = readStatus(await existingDb(ctx), ctx.config, ctx.clock.now());
  if (options.check) return checkHealth(view, options.json ?? false);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(statusToJson(view), null, 2)}\n`);
  } else {
    const { renderStatusTable } = await import("./status-table.js");
    process.stdout.write(`${renderStatusTable(view)}\n`);
  }
  return 0;
}

/**
 * `status --check`, for monitors: exit 0 when every enabled worker is
 * healthy, else 1 with one line per problem (overdue, stuck, failing).
 */
async function checkHealth(view: StatusView, json: boolean): Promise<number> {
  const { evaluateHealth } = await import("../scheduler/health.js");
  const health = evaluateHealth(view);
  if (json) {
    process.stdout.write(`${JSON.stringify(health, null, 2)}\n`);
  } else if (health.healthy) {
    process.stdout.write("ok: every enabled worker is healthy\n");
  } else {
    for (const problem of health.problems) {
      process.stdout.write(`${problem.reason}\n`);
    }
  }
  return health.healthy ? 0 : 1;
}
