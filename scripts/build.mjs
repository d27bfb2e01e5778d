// Bundles the CLI into dist/ with esbuild, as CommonJS files (.cjs), in two
// parts, so that `--help` loads one file and `status` only what it uses:
//
// - dist/cli.cjs, the front: commander and the command definitions
//   (src/cli/main.ts and what it imports statically), in one file. Every
//   `import()` in it is left as a require() of the back's file for it.
// - dist/app/, the back: each module the front loads lazily is an entry,
//   with the code they share split into chunks; dist/index.cjs is the
//   programmatic entry.
//
// A module both parts import (configuration parsing, worker names, errors)
// is in each once; none of them keeps state, and WorkerError is recognised
// across copies (src/errors.ts). The pure-JS dependencies are bundled:
// Node resolving and loading hundreds of package files cost more than the
// code itself (DESIGN §11). better-sqlite3 stays external, a native addon.
//
// Why CommonJS, and one front file: on Node 20 the ES module loader costs
// about 5 ms to start and every further file, of either kind, costs about a
// millisecond to load, which made up a third of `--help` (README,
// Performance). esbuild splits code only into ES modules, so the back is
// split as ES modules and each file then turned into CommonJS.
import { build, transform } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outdir = resolve(root, "dist");
const srcdir = resolve(root, "src");
rmSync(outdir, { recursive: true, force: true });

const COMMON = {
  bundle: true,
  platform: "node",
  target: "node20",
  external: ["better-sqlite3"],
  logLevel: "warning",
};
// import() becomes require(): no ES module loader at all. (Not for the
// back's split build, which must first point each import() at its chunk.)
const NO_IMPORT_EXPRESSIONS = { "dynamic-import": false };

/** src/cli/status-command.ts -> app/cli/status-command */
const backName = (file) =>
  `app/${relative(srcdir, file).replace(/\.[cm]?[jt]s$/, "")}`;

// The front's lazy imports, each an entry of the back.
const lazy = new Map();
const lazyImportsToBack = {
  name: "lazy-imports-to-back",
  setup(front) {
    front.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      const file = resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
      lazy.set(backName(file), file);
      return { path: `./${backName(file)}.cjs`, external: true };
    });
  },
};

await build({
  ...COMMON,
  entryPoints: { cli: "src/cli/main.ts" },
  outdir,
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  supported: NO_IMPORT_EXPRESSIONS,
  plugins: [lazyImportsToBack],
});

const back = await build({
  ...COMMON,
  entryPoints: { index: "src/index.ts", ...Object.fromEntries(lazy) },
  outdir,
  outExtension: { ".js": ".cjs" },
  chunkNames: "app/chunks/[name]-[hash]",
  splitting: true,
  format: "esm",
  write: false,
});

for (const file of back.outputFiles) {
  const { code } = await transform(file.text, {
    format: "cjs",
    platform: "node",
    target: COMMON.target,
    supported: NO_IMPORT_EXPRESSIONS,
    sourcefile: file.path,
    // A bundled package reads `import.meta.env` after `process.env`; with
    // `process` always there, the empty stand-in is never reached.
    logOverride: { "empty-import-meta": "silent" },
  });
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, code);
}
