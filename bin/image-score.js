#!/usr/bin/env node
/**
 * `image-score`: the package's command (package.json `bin`). The command itself is compiled
 * TypeScript in dist/; `npm install` builds it (the `prepare` script), and this shim says how
 * to build when dist/ is missing instead of failing with a module stack trace.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`image-score: not built yet: run \`npm run build\` in ${root}\n`);
  process.exitCode = 1;
} else {
  require(entry);
}
