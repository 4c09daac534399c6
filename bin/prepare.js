/**
 * `npm install`'s `prepare` step: builds dist/ so that `npx image-score` works on a fresh clone.
 * It does nothing where there is nothing to build with: an install with `--omit=dev` (no
 * TypeScript) or one before the sources are copied in (the Dockerfile's dependency layers).
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  tsc = undefined;
}
if (tsc && fs.existsSync(path.join(root, 'src')) && fs.existsSync(path.join(root, 'tsconfig.build.json'))) {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
}
