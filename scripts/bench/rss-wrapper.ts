// Starts the CLI inside this process and, on exit, writes the process's peak
// resident set (KB) to BENCH_RSS_FILE. Node cannot report a child's peak
// memory to its parent, so the child reports its own.
import { writeFileSync } from "node:fs";
import { peakRssKb } from "./peak-rss.js";

const target = process.env.BENCH_RSS_FILE;
process.on("exit", () => {
  if (target) writeFileSync(target, String(peakRssKb()));
});

// A computed specifier, so esbuild leaves the CLI to load as shipped.
const bin = new URL("../bin/fansly-workers.cjs", import.meta.url).href;
await import(bin);
