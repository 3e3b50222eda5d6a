#!/usr/bin/env node
// A one-off script: blocking calls are fine here, nobody waits on its event loop.
const fs = require("node:fs");

const rows = JSON.parse(fs.readFileSync(process.argv[2] || "seed.json", "utf8"));
fs.writeFileSync("seed.sql", rows.map((r) => `INSERT INTO products VALUES ('${r.sku}');`).join("\n"));
