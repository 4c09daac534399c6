import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const REPO = path.join(__dirname, '..', '..');

/** `node dist/scripts/eval.js ARGS` in the repo (or in `cwd`), as the docs run it; resolves stdout. */
function evalRun(args: readonly string[], cwd = REPO): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(REPO, 'dist', 'scripts', 'eval.js'), ...args], { cwd, maxBuffer: 1 << 22 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/** The header and rows of the markdown table in `text` whose first column is headed `firstHeader`, as cells. */
function table(text: string, firstHeader: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${firstHeader} `));
  const rows: string[][] = [];
  for (let i = start; i >= 0 && i < lines.length && lines[i]!.startsWith('|'); i++) {
    if (i !== start + 1) rows.push(lines[i]!.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

describe('npm run eval --baseline', () => {
  it('prints another build\'s figures beside this one\'s, from the same files', async () => {
    // This build as its own baseline: every figure must come out twice, the same.
    const out = await evalRun(['--offline', '--set', 'tuning', '--photos', '1', '--types', 'K01,resize', '--no-brisque', '--baseline', path.join(REPO, 'dist', 'src', 'scoring')]);
    const [header, ...rows] = table(out, 'distortion');
    expect(header).toEqual(['distortion', 'Spearman', 'orig > L3', 'orig > L5', 'baseline Spearman', 'baseline orig > L3']);
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['resize', 'K01 gaussian blur']));
    for (const row of rows) expect({ row: row[0], baseline: row.slice(4, 6) }).toEqual({ row: row[0], baseline: row.slice(1, 3) });
    const [invHeader, ...invRows] = table(out, 'invariance');
    expect(invHeader).toContain('baseline max abs shift');
    for (const row of invRows) expect(row[5]).toBe(row[3]);
  }, 120_000);

  it('reads the baseline columns from the other build, not from this one', async () => {
    // A "build" whose every score is the same: no ladder can rank, no original beats level 3.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-baseline-'));
    try {
      writeFileSync(path.join(dir, 'index.js'), 'exports.scoreImage = async () => ({ overall: 0.5 });\n');
      const out = await evalRun(['--offline', '--set', 'tuning', '--photos', '1', '--types', 'resize', '--no-brisque', '--baseline', dir]);
      const [, ...rows] = table(out, 'distortion');
      for (const row of rows) expect({ row: row[0], baseline: row.slice(4, 6) }).toEqual({ row: row[0], baseline: ['0.00', '0%'] });
      expect(rows.find((r) => r[0] === 'resize')![1]).not.toBe('0.00');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a folder that holds no scorer, before scoring anything', async () => {
    await expect(evalRun(['--offline', '--photos', '1', '--no-brisque', '--baseline', path.join(REPO, 'docs')])).rejects.toThrow(/exports no scoreImage|Cannot find module/);
  }, 60_000);
});

describe('npm run eval on a black-and-white photo', () => {
  it('leaves out a colour ladder that changed nothing, and says so, instead of scoring it 0', async () => {
    // A working folder of its own: its samples are one colour photo and a grey copy, and it has
    // no .eval-cache, so no Debian photo joins.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-grey-'));
    try {
      const samples = path.join(dir, 'data', 'oss', 'samples');
      mkdirSync(samples, { recursive: true });
      const colour = path.join(REPO, 'data', 'oss', 'samples', 'building.jpg');
      copyFileSync(colour, path.join(samples, 'building.jpg'));
      await sharp(colour).greyscale().toColourspace('srgb').png().toFile(path.join(samples, 'grey.png'));
      const out = await evalRun(['--offline', '--set', 'tuning', '--types', 'desaturate', '--no-brisque'], dir);
      expect(out).toContain('Left out, every level pixel for pixel the original (nothing to rank): desaturate (samples/grey.png).');
      const [, ...rows] = table(out, 'distortion');
      const desaturate = rows.find((r) => r[0] === 'desaturate')!;
      // The figure is the colour photo's alone: a ranked ladder, not the mean with a 0.
      expect(Number(desaturate[1])).toBeGreaterThan(0.6);
      expect(desaturate[2]).toBe('100%');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
