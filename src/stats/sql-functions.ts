import type BetterSqlite3 from "better-sqlite3";
import type { Db } from "../db/open.js";
import { computeHeat } from "./heat.js";

const registered = new WeakSet<BetterSqlite3.Database>();

/**
 * Makes `fw_heat(rate_24h_per_hour, rate_7d_per_hour, base_count)` callable
 * from SQL on this connection. It calls computeHeat of src/stats/heat.ts, so
 * the set-based pass and the pure function share one formula, bit for bit.
 */
export function registerStatsFunctions(db: Db): void {
  if (registered.has(db.sqlite)) return;
  db.sqlite.function(
    "fw_heat",
    { deterministic: true },
    (rate24h: unknown, rate7d: unknown, base: unknown) =>
      computeHeat({
        rate24hPerHour: toNumber(rate24h),
        rate7dPerHour: toNumber(rate7d),
        baseCount: toNumber(base),
      }),
  );
  registered.add(db.sqlite);
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return null;
}
