#!/usr/bin/env node
// Entry point: the bundled CLI built by `npm run build` (also run by `npm install` through `prepare`).
import("../dist/kemits.js").then((cli) => cli.main(process.argv.slice(2)));
