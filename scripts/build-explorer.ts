/**
 * Bundles the explorer (web/explorer: GraphiQL 5, React, Monaco and its workers, every style and
 * font) with esbuild into dist/explorer, so that the gateway serves the whole IDE itself and a
 * browser on an air-gapped network needs no other host. Part of `npm run build`; a build whose
 * inputs (the web sources, package-lock.json, this script) have not changed is skipped.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Metafile, Plugin } from 'esbuild';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../src/config';
import type { ExplorerManifest } from '../src/explorer/explorer-manifest';
import { EXPLORER_BUILD_DIR } from '../src/explorer/explorer-manifest';

const SOURCE_DIR = path.join(PACKAGE_ROOT, 'web', 'explorer');
const ASSETS_DIR = path.join(EXPLORER_BUILD_DIR, 'assets');
const MANIFEST_FILE = path.join(EXPLORER_BUILD_DIR, 'manifest.json');

/** Monaco's web workers: one bundle each, started by web/explorer/monaco-workers.ts. */
const WORKERS = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
} as const;

/** Browsers the bundle targets: those GraphiQL 5 and Monaco 0.52 support. */
const TARGET = ['es2022', 'chrome111', 'firefox111', 'safari16.4'];

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function inputsHash(): string {
  const hash = createHash('sha256');
  const files = [
    __filename,
    path.join(PACKAGE_ROOT, 'package-lock.json'),
    ...fs.readdirSync(SOURCE_DIR, { recursive: true, encoding: 'utf8' }).sort().map((name) => path.join(SOURCE_DIR, name)),
  ];
  for (const file of files) {
    if (!fs.statSync(file).isFile()) continue;
    hash.update(path.relative(PACKAGE_ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function upToDate(hash: string): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as ExplorerManifest;
    return manifest.inputsHash === hash && manifest.files.every((name) => fs.existsSync(path.join(ASSETS_DIR, name)));
  } catch {
    return false;
  }
}

/**
 * graphiql/style.css already holds Monaco's styles (and its codicon font, inlined), so the CSS
 * files that Monaco's modules import themselves would only be a second copy.
 */
const skipMonacoCss: Plugin = {
  name: 'skip-monaco-css',
  setup(esbuild) {
    esbuild.onResolve({ filter: /\.css$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}monaco-editor${path.sep}`)
        ? { path: args.path, namespace: 'skipped-monaco-css' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'skipped-monaco-css' }, () => ({ contents: '', loader: 'css' }));
  },
};

/** The output file (a name in `assets/`) built from `entry`, and its CSS bundle if any. */
function outputOf(metafile: Metafile, entry: string): { js: string; css?: string } {
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint && path.resolve(PACKAGE_ROOT, output.entryPoint) === path.resolve(entry)) {
      const css = output.cssBundle && path.basename(output.cssBundle);
      return { js: path.basename(file), ...(css ? { css } : {}) };
    }
  }
  throw new Error(`esbuild wrote no output for ${entry}`);
}

async function bundle(): Promise<Omit<ExplorerManifest, 'inputsHash' | 'files'>> {
  const common = {
    absWorkingDir: PACKAGE_ROOT,
    bundle: true,
    minify: true,
    target: TARGET,
    outdir: ASSETS_DIR,
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  } as const;

  const workerEntries = Object.fromEntries(
    Object.entries(WORKERS).map(([label, specifier]) => [`${label}.worker`, require.resolve(specifier)]),
  );
  const workers = await build({ ...common, entryPoints: workerEntries, format: 'iife' });
  const workerFiles = Object.fromEntries(
    Object.entries(WORKERS).map(([label, specifier]) => [label, outputOf(workers.metafile, require.resolve(specifier)).js]),
  );

  const entry = path.join(SOURCE_DIR, 'main.tsx');
  const page = await build({
    ...common,
    entryPoints: { main: entry },
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    define: { ...common.define, EXPLORER_WORKERS: JSON.stringify(workerFiles) },
    plugins: [skipMonacoCss],
  });
  const { js, css } = outputOf(page.metafile, entry);
  if (!css) throw new Error('esbuild wrote no stylesheet for the explorer');
  return { script: js, style: css };
}

/** Writes `.br` and `.gz` beside each text asset, for @fastify/static's `preCompressed`. */
async function precompress(names: string[]): Promise<string[]> {
  const written: string[] = [];
  for (const name of names.filter((file) => /\.(js|css|txt)$/.test(file))) {
    const content = fs.readFileSync(path.join(ASSETS_DIR, name));
    const [br, gz] = await Promise.all([
      brotli(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
      gzip(content, { level: 9 }),
    ]);
    fs.writeFileSync(path.join(ASSETS_DIR, `${name}.br`), br);
    fs.writeFileSync(path.join(ASSETS_DIR, `${name}.gz`), gz);
    written.push(`${name}.br`, `${name}.gz`);
  }
  return written;
}

async function main(): Promise<void> {
  const hash = inputsHash();
  if (upToDate(hash) && !process.argv.includes('--force')) {
    process.stdout.write(`explorer bundle up to date (${path.relative(process.cwd(), EXPLORER_BUILD_DIR)})\n`);
    return;
  }
  const started = performance.now();
  fs.rmSync(EXPLORER_BUILD_DIR, { recursive: true, force: true });
  const entries = await bundle();
  const built = fs.readdirSync(ASSETS_DIR);
  const files = [...built, ...(await precompress(built))].sort();
  const manifest: ExplorerManifest = { inputsHash: hash, ...entries, files };
  fs.writeFileSync(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  const bytes = built.reduce((sum, name) => sum + fs.statSync(path.join(ASSETS_DIR, name)).size, 0);
  process.stdout.write(
    `explorer bundle: ${built.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB, ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s (${path.relative(process.cwd(), EXPLORER_BUILD_DIR)})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`explorer build failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
