// `npm run bench [-- --quick]`: builds the CLI as it ships, bundles the
// benchmark from scripts/bench/ (TypeScript, so it can call the project's own
// write path and simulator) and runs it. Nothing runs through a loader.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";

const root = new URL("../", import.meta.url).pathname;
const outdir = `${root}dist-bench/`;

const product = spawnSync(process.execPath, [`${root}scripts/build.mjs`], {
  stdio: "inherit",
});
if (product.status !== 0) process.exit(product.status ?? 1);

await build({
  entryPoints: {
    main: `${root}scripts/bench/main.ts`,
    child: `${root}scripts/bench/child.ts`,
    "rss-wrapper": `${root}scripts/bench/rss-wrapper.ts`,
  },
  outdir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});

const run = spawnSync(
  process.execPath,
  [`${outdir}main.js`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
process.exit(run.status ?? 1);
