const LEVELS = "▁▂▃▄▅▆▇█";

/**
 * One block character per value, from ▁ (the smallest) to █ (the largest).
 * A series that does not move is a flat line of ▁, not a row of full blocks,
 * so "no growth" looks like it.
 */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return "";
  const min = Math.min(...values);
  const span = Math.max(...values) - min;
  const top = LEVELS.length - 1;
  return values
    .map((v) => LEVELS[span === 0 ? 0 : Math.round(((v - min) / span) * top)])
    .join("");
}
