/**
 * Builds the gallery page (examples/gallery) into dist/gallery with esbuild: index.html, and
 * assets/gallery.js + assets/gallery.css, every import bundled, so the gateway serves the page
 * with nothing fetched from another host. Run by `npm run build`, after tsc.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(ROOT, 'examples', 'gallery');
const OUT = path.join(ROOT, 'dist', 'gallery');

async function run(): Promise<void> {
  await fs.rm(OUT, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { gallery: path.join(SOURCE, 'main.tsx') },
    outdir: path.join(OUT, 'assets'),
    tsconfig: path.join(SOURCE, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // graphql-js checks NODE_ENV to decide on its development-only instanceof warnings.
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    metafile: true,
  });
  await fs.copyFile(path.join(SOURCE, 'index.html'), path.join(OUT, 'index.html'));
  const sizes = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, output]) => `${path.relative(ROOT, file)} ${(output.bytes / 1024).toFixed(1)} KiB`);
  process.stdout.write(`gallery built: ${sizes.join(', ')}\n`);
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
