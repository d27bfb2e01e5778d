/** One point of a history chart. */
export interface ChartPoint {
  /** Unix ms. */
  readonly at: number;
  readonly value: number;
}

export interface ChartOptions {
  /** Columns of the plot area, one per time slot. @defaultValue 60 */
  readonly width?: number;
  /** Rows of the plot area. @defaultValue 8 */
  readonly height?: number;
  /** Y-axis labels. */
  readonly formatValue: (value: number) => string;
  /** X-axis labels at both ends. */
  readonly formatTime: (ms: number) => string;
}

// Eighths of a cell, so a column's height has eight steps per row.
const EIGHTHS = "▁▂▃▄▅▆▇█";

/**
 * A multi-line bar chart of a history over time, from the lowest value
 * (bottom) to the highest (top). Time is split into `width` equal slots and
 * each column shows the last value seen by the end of its slot, so irregular
 * sampling and gaps show as steps rather than being squeezed together.
 */
export function renderChart(
  points: readonly ChartPoint[],
  options: ChartOptions,
): string {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined || first.at === last.at) {
    return "(not enough history for a chart)";
  }
  const width = options.width ?? 60;
  const height = options.height ?? 8;
  const columns = resample(sorted, width);
  const labels = yLabels(columns, height, options.formatValue);
  const pad = Math.max(...labels.map((l) => l.length));

  const lines = plotRows(columns, height).map(
    (row, i) => `${(labels[i] ?? "").padStart(pad)} ┤${row}`,
  );
  const from = options.formatTime(first.at);
  const to = options.formatTime(last.at);
  const gap = Math.max(1, width - from.length - to.length);
  lines.push(`${" ".repeat(pad)} └${"─".repeat(width)}`);
  lines.push(`${" ".repeat(pad)}  ${from}${" ".repeat(gap)}${to}`);
  return lines.join("\n");
}

/** The value at the end of each of `width` equal time slots. */
export function resample(
  sorted: readonly ChartPoint[],
  width: number,
): number[] {
  const start = sorted[0]!.at;
  const span = sorted.at(-1)!.at - start;
  const columns: number[] = [];
  let next = 0;
  let value = sorted[0]!.value;
  for (let c = 0; c < width; c++) {
    const slotEnd = start + (span * (c + 1)) / width;
    while (next < sorted.length && sorted[next]!.at <= slotEnd) {
      value = sorted[next]!.value;
      next += 1;
    }
    columns.push(value);
  }
  return columns;
}

/** Rows of the plot, top first; the lowest value still shows an eighth. */
function plotRows(columns: readonly number[], height: number): string[] {
  const min = Math.min(...columns);
  const span = Math.max(...columns) - min;
  const steps = height * EIGHTHS.length;
  const levels = columns.map((v) =>
    span === 0 ? 1 : 1 + Math.round(((v - min) / span) * (steps - 1)),
  );
  const rows: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const base = r * EIGHTHS.length;
    const cells = levels.map((level) => {
      const fill = Math.min(EIGHTHS.length, level - base);
      return fill <= 0 ? " " : EIGHTHS[fill - 1];
    });
    rows.push(cells.join(""));
  }
  return rows;
}

/** The highest value on the top row, the lowest on the bottom one. */
function yLabels(
  columns: readonly number[],
  height: number,
  format: (value: number) => string,
): string[] {
  const labels: string[] = new Array<string>(height).fill("");
  labels[0] = format(Math.max(...columns));
  labels[height - 1] = format(Math.min(...columns));
  return labels;
}
