#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm ci` (the `prepare` script); this shim only forwards to it.
import "../dist/src/cli.js";
