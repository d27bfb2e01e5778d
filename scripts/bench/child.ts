// Runs one measurement in a fresh process and prints its result as JSON, so
// that one scenario's heap, caches and JIT state never colour the next.
import { readFileSync } from "node:fs";
import { bulkProject, bulkRaw, ranksBaseline } from "./child-db.js";
import { fetchBaseline } from "./child-fetch.js";
import { statsBaseline } from "./child-stats.js";

type Task = (input: never) => Promise<unknown>;

const TASKS: Record<string, Task> = {
  "bulk-project": bulkProject,
  "bulk-raw": bulkRaw,
  "ranks-baseline": ranksBaseline,
  "stats-baseline": statsBaseline,
  "fetch-baseline": fetchBaseline,
};

const [name, inputFile] = process.argv.slice(2);
const task = name === undefined ? undefined : TASKS[name];
if (!task) {
  process.stderr.write(
    `unknown bench task '${name}'; expected one of ${Object.keys(TASKS).join(", ")}\n`,
  );
  process.exitCode = 2;
} else {
  const input = inputFile ? readFileSync(inputFile, "utf8") : "{}";
  const result = await task(JSON.parse(input) as never);
  process.stdout.write(JSON.stringify(result));
}
