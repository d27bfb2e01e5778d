// Presentation helpers for tables: times, durations and counts for people.

const UNITS: [limitMs: number, sizeMs: number, label: string][] = [
  [60_000, 1_000, "s"],
  [3_600_000, 60_000, "min"],
  [86_400_000, 3_600_000, "h"],
  [Infinity, 86_400_000, "d"],
];

/** "in 12 min", "3 h ago", "just now". */
export function formatRelative(atMs: number, nowMs: number): string {
  const delta = atMs - nowMs;
  const abs = Math.abs(delta);
  if (abs < 1_000) return "just now";
  const [, size, label] = UNITS.find(([limit]) => abs < limit)!;
  const amount = Math.floor(abs / size);
  return delta > 0 ? `in ${amount} ${label}` : `${amount} ${label} ago`;
}

/** Local time, minutes precision: "2026-12-03 14:05". */
export function formatLocalTime(atMs: number): string {
  const d = new Date(atMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatWhen(atMs: number | null, nowMs: number): string {
  if (atMs === null) return "never";
  return `${formatLocalTime(atMs)} (${formatRelative(atMs, nowMs)})`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "-";
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

let grouped: Intl.NumberFormat | undefined;

/**
 * 1,234,567. Whole numbers are grouped by hand: a process's first
 * Intl.NumberFormat loads locale data, which took about a fifth of the
 * start-up of `status` under cron's bare environment (issue #6).
 */
export function formatCount(n: number | null): string {
  if (n === null) return "-";
  if (!Number.isSafeInteger(n)) {
    return (grouped ??= new Intl.NumberFormat("en-US")).format(n);
  }
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 ? `-${digits}` : digits;
}

const COMPACT_UNITS: [size: number, suffix: string][] = [
  [1e3, "K"],
  [1e6, "M"],
  [1e9, "B"],
];

/** 1.2M, 45.3K, 999; 999,950 is 1.0M, not 1000.0K. */
export function formatCompact(n: number | null): string {
  if (n === null) return "-";
  if (Math.abs(n) < 1e3) return String(n);
  const sign = n < 0 ? "-" : "";
  // The smallest unit whose one-decimal figure stays under 1000; a value
  // just under a unit that rounds up to 1000.0 of it takes the next unit.
  for (const [size, suffix] of COMPACT_UNITS) {
    const figure = (Math.abs(n) / size).toFixed(1);
    if (Number(figure) < 1000 || suffix === "B") {
      return `${sign}${figure}${suffix}`;
    }
  }
  return String(n);
}

/** +3.4%, -0.2% */
export const formatPercent = (p: number | null): string =>
  p === null ? "-" : `${p >= 0 ? "+" : ""}${p.toFixed(1)}%`;

export const isoOrNull = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();

/** Cuts long text for a table cell. */
export const truncate = (text: string | null, max = 60): string =>
  text === null ? "" : text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** +1.2K, -340, +0 */
export const formatSignedCompact = (n: number | null): string =>
  n === null ? "-" : `${n >= 0 ? "+" : ""}${formatCompact(n)}`;

/** A change as "+1.2K (+3.4%)", or "-" without data. */
export function formatChange(n: number | null, pct: number | null): string {
  if (n === null) return "-";
  return pct === null
    ? formatSignedCompact(n)
    : `${formatSignedCompact(n)} (${formatPercent(pct)})`;
}

/** Two decimals, or "-" for "not enough data". */
export const formatScore = (n: number | null): string =>
  n === null ? "-" : n.toFixed(2);
