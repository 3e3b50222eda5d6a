#!/usr/bin/env node
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const cli = join(__dirname, "..", "out", "cli.js");
if (!existsSync(cli)) {
  process.stderr.write("looplens: the CLI is not built yet — run `npm install` (or `npm run build`) in " + join(__dirname, "..") + "\n");
  process.exit(2);
}
require(cli);
