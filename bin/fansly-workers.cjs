#!/usr/bin/env node
// CommonJS, like the bundle it starts: see scripts/build.mjs.
require("../dist/cli.cjs");
