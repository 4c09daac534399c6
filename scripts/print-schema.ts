/**
 * Regenerates every file codegen.yml describes (schema.graphql, subgraph.graphql and the
 * example client's typed documents), or with `--check` regenerates them in memory and fails when
 * a committed file differs, is missing or is stale: the drift check CI runs, as Apollo's
 * `codegen-check` does. It needs only the compiled code in dist/ and no network.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG_FILE = path.join(ROOT, 'codegen.yml');

/** One file codegen would write. */
interface GeneratedFile {
  filename: string;
  content: string;
}

async function run(): Promise<void> {
  const loaded = await loadCodegenConfig({ configFilePath: CONFIG_FILE });
  const config = { ...loaded.config, cwd: ROOT, silent: true };
  if (!process.argv.includes('--check')) {
    await generate(config, true);
    process.stdout.write(`regenerated the outputs of ${path.relative(process.cwd(), CONFIG_FILE)}\n`);
    return;
  }
  const files = toGeneratedFiles(await generate(config, false));
  const drifted = [
    ...files.filter((file) => readOrNull(file.filename) !== file.content).map((file) => file.filename),
    ...staleFiles(Object.keys(loaded.config.generates), files),
  ];
  if (drifted.length > 0) {
    process.stderr.write(
      `Generated files are out of date with the code or the example documents:\n` +
        drifted.map((file) => `  ${path.relative(ROOT, file)}\n`).join('') +
        'Run `npm run codegen` and commit the result.\n',
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${files.length} generated files match the code\n`);
}

// `generate` is typed loosely (it also serves watch mode); check what it returned.
function toGeneratedFiles(outputs: unknown): GeneratedFile[] {
  if (!Array.isArray(outputs)) throw new Error('graphql-codegen returned no outputs');
  return outputs.map((output: unknown) => {
    const { filename, content } = (output ?? {}) as Partial<Record<keyof GeneratedFile, unknown>>;
    if (typeof filename !== 'string' || typeof content !== 'string') {
      throw new Error(`graphql-codegen returned an output without filename or content`);
    }
    return { filename: path.resolve(ROOT, filename), content };
  });
}

function readOrNull(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

// A file left in a generated folder (say, from a removed preset option) is drift too.
function staleFiles(targets: string[], files: GeneratedFile[]): string[] {
  const expected = new Set(files.map((file) => file.filename));
  return targets
    .filter((target) => target.endsWith('/'))
    .flatMap((dir) => listFiles(path.resolve(ROOT, dir)))
    .filter((file) => !expected.has(file));
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(file);
    return entry.isFile() ? [file] : [];
  });
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
