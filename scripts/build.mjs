// Bundles the CLI into dist/ with esbuild: one file per entry plus lazily
// loaded chunks, so `--help` and `status` do not pay for modules they never
// use. The pure-JS dependencies are bundled too: Node resolving and loading
// hundreds of package files (kysely alone has several hundred) cost more
// than the code itself (DESIGN §11). better-sqlite3 stays external because
// it is a native addon.
import { build } from "esbuild";
import { rmSync } from "node:fs";

const outdir = new URL("../dist/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

// Bundled CommonJS packages (commander, cli-table3) call require() for Node's
// own modules; an ES module has no require, so each chunk gets one.
const REQUIRE_SHIM = [
  'import { createRequire as __fwCreateRequire } from "node:module";',
  "const require = __fwCreateRequire(import.meta.url);",
].join("\n");

await build({
  entryPoints: { cli: "src/cli/main.ts", index: "src/index.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["better-sqlite3"],
  banner: { js: REQUIRE_SHIM },
  sourcemap: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
