import { resolve } from 'node:path';

/** What `--baseline` needs of another build's scorer: its overall score of an encoded image. */
export type BaselineScorer = (input: Buffer) => Promise<{ overall: number }>;

/**
 * `scoreImage` of the build in `dir` (a compiled `src/scoring` folder, such as an earlier commit
 * built with `npx tsc -p tsconfig.build.json --outDir out`), for the eval's and the bench's
 * `--baseline`: both print that build's figures beside this one's, from the same run.
 */
export function loadBaselineScorer(dir: string): BaselineScorer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build chosen at run time
  const module = require(resolve(dir)) as { scoreImage?: unknown };
  if (typeof module.scoreImage !== 'function') throw new Error(`--baseline: ${dir} exports no scoreImage`);
  return module.scoreImage as BaselineScorer;
}
