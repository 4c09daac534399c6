import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../config';

/** Where `npm run build` writes the explorer bundle: `manifest.json` and `assets/`. */
export const EXPLORER_BUILD_DIR = path.join(PACKAGE_ROOT, 'dist', 'explorer');

/** What scripts/build-explorer.ts wrote, read by the explorer routes to name the hashed files. */
export interface ExplorerManifest {
  /** Hash of everything the bundle was built from: a build with the same inputs is skipped. */
  inputsHash: string;
  /** The page's module script, in `assets/`. */
  script: string;
  /** The page's stylesheet, in `assets/`. */
  style: string;
  /** Every file in `assets/` (the ones above, chunks, workers, their .gz and .br). */
  files: string[];
}

/** Thrown at start when the explorer is on but its bundle was never built. */
export class ExplorerNotBuiltError extends Error {
  override readonly name = 'ExplorerNotBuiltError';
}

/**
 * Reads and checks `<buildDir>/manifest.json`.
 * @throws ExplorerNotBuiltError when it is missing or names a file that is not there
 */
export function readExplorerManifest(buildDir: string = EXPLORER_BUILD_DIR): ExplorerManifest {
  const file = path.join(buildDir, 'manifest.json');
  let manifest: ExplorerManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as ExplorerManifest;
  } catch (error) {
    throw new ExplorerNotBuiltError(
      `The explorer bundle is not built (${file}: ${(error as Error).message}): run \`npm run build\`, or set EXPLORER=false.`,
    );
  }
  const missing = [manifest.script, manifest.style].filter(
    (name) => typeof name !== 'string' || !fs.existsSync(path.join(buildDir, 'assets', name)),
  );
  if (missing.length > 0) {
    throw new ExplorerNotBuiltError(`The explorer bundle in ${buildDir} is incomplete (${missing.join(', ')}): run \`npm run build\`.`);
  }
  return manifest;
}
