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

const GROUPED = new Intl.NumberFormat("en-US");

/** 1,234,567 */
export const formatCount = (n: number | null): string =>
  n === null ? "-" : GROUPED.format(n);

/** 1.2M, 45.3K, 999 */
export function formatCompact(n: number | null): string {
  if (n === null) return "-";
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
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
