import { ScorerPool } from '../scoring/pool/scorer-pool';
import { defaultScorerThreads } from '../scoring/pool/threads';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args';
import { formatCsv, formatJson, formatTable, ndjsonLine } from './formats';
import { collectTargets } from './image-files';
import { ProgressBar } from './progress';
import { scoreFiles, type FileResult } from './score-files';

/** Exit statuses: the contract scripts rely on. */
const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

function listed(result: FileResult, minScore: number | undefined): boolean {
  return 'error' in result || minScore === undefined || result.quality.overall < minScore;
}

async function run(options: CliOptions): Promise<number> {
  const targets = await collectTargets(options.paths);
  const threads = options.threads ?? defaultScorerThreads();
  const scorer = new ScorerPool({ threads });
  const progress =
    options.progress && process.stderr.isTTY && targets.length > 1 ? new ProgressBar(process.stderr, targets.length) : undefined;
  let results: FileResult[];
  try {
    results = await scoreFiles(targets, scorer, {
      // As the local backend's gate: one file waiting per thread beyond those being scored.
      concurrency: Math.max(2, threads),
      maxBytes: options.maxBytes,
      onResult: (result) => {
        if (options.format === 'ndjson' && listed(result, options.minScore)) {
          progress?.finish();
          process.stdout.write(ndjsonLine(result));
        }
        progress?.tick();
      },
    });
  } finally {
    progress?.finish();
    await scorer.close();
  }
  const shown = results.filter((result) => listed(result, options.minScore));
  if (options.format === 'json') process.stdout.write(formatJson(shown));
  else if (options.format === 'csv') process.stdout.write(formatCsv(shown));
  else if (options.format === 'table') process.stdout.write(formatTable(shown));
  return results.some((result) => 'error' in result) ? EXIT.someFailed : EXIT.ok;
}

/** `image-score PATH...`: see USAGE. Resolves with the exit status. */
async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv, process.stdout.isTTY === true, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`image-score: ${error.message}\nRun \`image-score --help\` for usage.\n`);
    return EXIT.usage;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  return run(options);
}

// A reader that goes away (`| head`) is not a failure of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`image-score: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.someFailed;
  },
);
