import { parseArgs } from 'node:util';
import { DEFAULT_MAX_OBJECT_BYTES } from '../datasources/local/object-store';

/** The output formats of `image-score`. */
export const FORMATS = ['table', 'json', 'csv', 'ndjson'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** What the command line asks for, every default applied. */
export interface CliOptions {
  /** Files and folders to score, as given. */
  paths: string[];
  /** @default 'table' when stdout is a terminal, else 'ndjson' */
  format: OutputFormat;
  /** List only images scoring below this (failures are always listed). @default undefined (all) */
  minScore?: number;
  /** Scorer worker threads. @default SCORER_THREADS, else the CPU count */
  threads?: number;
  /** Files larger than this are UNSUPPORTED_IMAGE without being read. @default 50 MiB */
  maxBytes: number;
  /** Draw a progress bar on stderr (only ever when it is a terminal). @default true */
  progress: boolean;
  help: boolean;
}

/** A bad command line: exit status 2, the message and a pointer to `--help`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: image-score [options] PATH...

Scores image files, and the images in folders (recursively), with the local scorer.

Options:
  -f, --format FORMAT   table | json | csv | ndjson
                        default: table on a terminal, ndjson otherwise
      --min-score N     list only images scoring below N (0 to 1); failures are always listed
      --threads N       scorer worker threads (default: SCORER_THREADS, else the CPU count)
      --max-bytes N     larger files fail as UNSUPPORTED_IMAGE unread (default: ${DEFAULT_MAX_OBJECT_BYTES})
      --no-progress     no progress bar on stderr
  -h, --help            this text

Exit status: 0 when every image scored, 1 when any failed (each failure is reported), 2 for a
usage error.`;

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${name} must be a positive integer: ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * Parses the command line (`argv` without node and the script).
 * @param env read for SCORER_THREADS only
 * @throws UsageError naming the bad flag or value
 */
export function parseCliArgs(argv: readonly string[], stdoutIsTerminal: boolean, env: NodeJS.ProcessEnv): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'min-score': { type: 'string' },
        threads: { type: 'string' },
        'max-bytes': { type: 'string' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;

  const format = values.format ?? (stdoutIsTerminal ? 'table' : 'ndjson');
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}: ${JSON.stringify(format)}`);
  }
  let minScore: number | undefined;
  if (values['min-score'] !== undefined) {
    const text = values['min-score'];
    minScore = Number(text);
    if (text.trim() === '' || !Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
      throw new UsageError(`--min-score must be a number from 0 to 1: ${JSON.stringify(text)}`);
    }
  }
  const threadsText = values.threads ?? (env.SCORER_THREADS?.trim() || undefined);
  const threads = threadsText === undefined ? undefined : positiveInteger(values.threads === undefined ? 'SCORER_THREADS' : '--threads', threadsText);
  const maxBytes = values['max-bytes'] === undefined ? DEFAULT_MAX_OBJECT_BYTES : positiveInteger('--max-bytes', values['max-bytes']);
  if (!help && positionals.length === 0) throw new UsageError('no PATH given: name at least one file or folder');
  return {
    paths: positionals,
    format: format as OutputFormat,
    minScore,
    threads,
    maxBytes,
    progress: !(values['no-progress'] ?? false),
    help,
  };
}
