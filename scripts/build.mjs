// Bundles the CLI into dist/ with esbuild: one file per entry plus lazily
// loaded chunks, so `--help` and `status` do not pay for modules they never use.
// better-sqlite3 stays external because it is a native addon.
import { build } from "esbuild";
import { rmSync } from "node:fs";

const outdir = new URL("../dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { cli: "src/cli/main.ts", index: "src/index.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
