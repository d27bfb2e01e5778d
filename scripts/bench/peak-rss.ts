import { readFileSync } from "node:fs";

/**
 * This process's peak resident set in KB. On Linux, getrusage's maxrss
 * (process.resourceUsage().maxRSS) starts a spawned child at its parent's
 * size at fork time, so a child of the benchmark, which holds a simulator,
 * would report the benchmark's memory. VmHWM belongs to the child's own
 * address space, so it is read first.
 */
export function peakRssKb(): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS;
}

/** The same as a `node -e` script, for a bare Node process. */
export const PEAK_RSS_SCRIPT = `
  const fs = require("node:fs");
  let kb = process.resourceUsage().maxRSS;
  try {
    const m = /^VmHWM:\\s+(\\d+)\\s+kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (m) kb = Number(m[1]);
  } catch {}
  process.stdout.write(String(kb));`;
