import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ScoreBreakdown } from '../../src/scoring';
import { postGraphQL, startGateway } from '../helpers/gateway';
import { SAMPLES_DIR } from '../helpers/oss-fixture';

const REPO = path.join(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'image-score.js');
/** The sample bucket as a user in the repo names it. */
const SAMPLES = path.relative(REPO, SAMPLES_DIR);

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the command as a user would (`node bin/image-score.js ...` in the repo), stdout a pipe. */
function imageScore(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: REPO, env: { ...process.env, SCORER_THREADS: '2', ...env }, maxBuffer: 1 << 22 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ status: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/** util-linux's `script`, to run the command on a pseudo-terminal; absent on some machines. */
const SCRIPT = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

type Entry =
  | { path: string; overallQualityScore: number; breakdown: ScoreBreakdown }
  | { path: string; error: { code: string; message: string } };

const scoreOf = (entry: Entry | undefined): number => {
  if (!entry || !('overallQualityScore' in entry)) throw new Error(`not a score: ${JSON.stringify(entry)}`);
  return entry.overallQualityScore;
};

describe('image-score (the command, as a real process)', () => {
  let tmp: string;
  let notImage: string;
  let missing: string;
  let sampleNames: string[];
  /** The gateway's score of each sample, by file name: what the command must print. */
  const gatewayScores = new Map<string, number>();

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'image-score-cli-'));
    notImage = path.join(tmp, 'notes.jpg');
    await fs.writeFile(notImage, 'a text file named like a photo\n');
    missing = path.join(tmp, 'no-such-photo.jpg');
    sampleNames = (await fs.readdir(SAMPLES_DIR)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();

    const running = await startGateway();
    try {
      const { body } = await postGraphQL<{ imageScores: Array<{ sourceUri: string; overallQualityScore: number }> }>(
        running.url,
        `query($uris: [String!]!) { imageScores(projectName: "demo", sourceUris: $uris) { ... on ImageScore { sourceUri overallQualityScore } } }`,
        { uris: sampleNames.map((name) => `oss://samples/${name}`) },
      );
      for (const entry of body.data!.imageScores) gatewayScores.set(path.basename(entry.sourceUri), entry.overallQualityScore);
    } finally {
      await running.close();
    }
    expect(gatewayScores.size).toBe(sampleNames.length);
  });

  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  it('json: the gateway\'s scores for every sample in the folder, and each failure, exit 1', async () => {
    const run = await imageScore(['--format', 'json', SAMPLES, notImage, missing]);

    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const entries = JSON.parse(run.stdout) as Entry[];
    // The folder's LICENCES.md is neither named like an image nor starts like one: skipped.
    expect(entries.map((e) => e.path)).toEqual([...sampleNames.map((n) => path.join(SAMPLES, n)), notImage, missing]);
    for (const name of sampleNames) {
      const entry = entries.find((e) => e.path === path.join(SAMPLES, name));
      expect(scoreOf(entry)).toBe(gatewayScores.get(name));
      expect(Object.keys((entry as { breakdown: object }).breakdown)).toEqual([
        'exposure', 'contrast', 'color', 'sharpness', 'noise', 'composition', 'resolution', 'colorCast', 'banding', 'pixelation', 'impulseNoise', 'levelGaps', 'gamutClip', 'pastedBlocks', 'copiedPatches', 'colorBleed', 'halo', 'lumaLevels', 'edgeRoughness', 'localClipping',
      ]);
    }
    expect(entries.at(-2)).toEqual({
      path: notImage,
      error: { code: 'UNSUPPORTED_IMAGE', message: 'The object is not a supported image.' },
    });
    expect(entries.at(-1)).toEqual({ path: missing, error: { code: 'OBJECT_NOT_FOUND', message: 'No such file or folder.' } });
  });

  it('ndjson (the default when stdout is not a terminal): one object per line, exit 1 on a failure', async () => {
    const run = await imageScore([SAMPLES, missing]);

    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(sampleNames.length + 1);
    const entries = lines.map((line) => JSON.parse(line) as Entry);
    for (const name of sampleNames) {
      expect(scoreOf(entries.find((e) => e.path === path.join(SAMPLES, name)))).toBe(gatewayScores.get(name));
    }
    expect(entries.find((e) => e.path === missing)).toMatchObject({ error: { code: 'OBJECT_NOT_FOUND' } });
  });

  it('csv: a header and a row per image, full precision, error columns for failures', async () => {
    const run = await imageScore(['--format', 'csv', SAMPLES, notImage]);

    expect(run.status).toBe(1);
    const [header, ...rows] = run.stdout.trimEnd().split('\n').map((line) => line.split(','));
    expect(header).toEqual([
      'path', 'overallQualityScore', 'exposure', 'contrast', 'color', 'sharpness', 'noise', 'composition', 'resolution', 'colorCast', 'banding', 'pixelation', 'impulseNoise', 'levelGaps', 'gamutClip', 'pastedBlocks', 'copiedPatches', 'colorBleed', 'halo', 'lumaLevels', 'edgeRoughness', 'localClipping',
      'errorCode', 'errorMessage',
    ]);
    expect(rows).toHaveLength(sampleNames.length + 1);
    for (const [i, name] of sampleNames.entries()) {
      expect(rows[i]![0]).toBe(path.join(SAMPLES, name));
      expect(Number(rows[i]![1])).toBe(gatewayScores.get(name));
      // The error columns come after the path, the score and every sub-score.
      expect(rows[i]!.slice(header!.length - 2)).toEqual(['', '']);
    }
    const blanks = Array.from({ length: header!.length - 3 }, () => '');
    expect(rows.at(-1)).toEqual([notImage, ...blanks, 'UNSUPPORTED_IMAGE', 'The object is not a supported image.']);
  });

  it('table: lowest score first, three decimals, failures after; exit 0 when every image scored', async () => {
    const run = await imageScore(['--format', 'table', SAMPLES]);

    expect(run.status).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header!.split(/\s+/)).toEqual(['path', 'score', 'exposure', 'contrast', 'color', 'sharpness', 'noise', 'composition', 'resolution', 'colorCast', 'banding', 'pixelation', 'impulseNoise', 'levelGaps', 'gamutClip', 'pastedBlocks', 'copiedPatches', 'colorBleed', 'halo', 'lumaLevels', 'edgeRoughness', 'localClipping']);
    const byScore = [...gatewayScores].sort((a, b) => a[1] - b[1]);
    expect(rows.map((row) => row.split(/\s+/).slice(0, 2))).toEqual(
      byScore.map(([name, score]) => [path.join(SAMPLES, name), score.toFixed(3)]),
    );
  });

  it('--min-score lists only the images below it, and still every failure', async () => {
    const threshold = 0.75;
    const run = await imageScore(['--format', 'json', '--min-score', String(threshold), SAMPLES, missing]);

    expect(run.status).toBe(1);
    const entries = JSON.parse(run.stdout) as Entry[];
    const below = sampleNames.filter((name) => gatewayScores.get(name)! < threshold);
    expect(below.length).toBeGreaterThan(0);
    expect(below.length).toBeLessThan(sampleNames.length);
    expect(entries.map((e) => e.path)).toEqual([...below.map((n) => path.join(SAMPLES, n)), missing]);
  });

  it('walks a folder recursively: image names in any case, and unnamed files that start like an image', async () => {
    const folder = path.join(tmp, 'walk');
    await fs.mkdir(path.join(folder, 'sub', 'deeper'), { recursive: true });
    await fs.copyFile(path.join(SAMPLES_DIR, 'rocket.jpg'), path.join(folder, 'rocket-without-extension'));
    await fs.copyFile(path.join(SAMPLES_DIR, 'coffee.png'), path.join(folder, 'sub', 'deeper', 'COFFEE.PNG'));
    await fs.writeFile(path.join(folder, 'sub', 'notes.txt'), 'not a photo');

    const run = await imageScore(['--format', 'json', folder]);

    expect(run.status).toBe(0);
    const entries = JSON.parse(run.stdout) as Entry[];
    expect(entries.map((e) => [path.relative(folder, e.path), scoreOf(e)])).toEqual([
      ['rocket-without-extension', gatewayScores.get('rocket.jpg')],
      [path.join('sub', 'deeper', 'COFFEE.PNG'), gatewayScores.get('coffee.png')],
    ]);
  });

  it.each([
    [[], 'no PATH given'],
    [['--format', 'xml', SAMPLES], '--format must be one of table, json, csv, ndjson: "xml"'],
    [['--min-score', '2', SAMPLES], '--min-score must be a number from 0 to 1: "2"'],
    [['--threads', '0', SAMPLES], '--threads must be a positive integer: "0"'],
    [['--colour', SAMPLES], "Unknown option '--colour'"],
  ])('exits 2 with a clear message for a usage error: %j', async (args, message) => {
    const run = await imageScore(args);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`image-score: ${message}`);
    expect(run.stderr).toContain('image-score --help');
  });

  (SCRIPT ? it : it.skip)('on a terminal: a table by default, and a progress bar on stderr that it erases', async () => {
    const command = [process.execPath, BIN, SAMPLES].map((arg) => `'${arg}'`).join(' ');
    const run = await new Promise<Run>((resolve, reject) => {
      execFile('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: REPO, env: { ...process.env, SCORER_THREADS: '2' } }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ status: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      });
    });

    expect(run.status).toBe(0);
    // The terminal holds stdout and stderr both: the bar's last state, erased, then the table.
    expect(run.stdout).toContain(`scoring ${sampleNames.length}/${sampleNames.length} [`);
    expect(run.stdout).toMatch(new RegExp(`\r${String.fromCharCode(27)}\\[2Kpath +score +exposure`));
  });

  it('prints its usage for --help, exit 0', async () => {
    const run = await imageScore(['--help']);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: image-score \[options\] PATH\.\.\./);
  });

  it('says how to build when dist/ is missing, instead of a stack trace', async () => {
    const copy = path.join(tmp, 'unbuilt', 'bin');
    await fs.mkdir(copy, { recursive: true });
    await fs.copyFile(BIN, path.join(copy, 'image-score.js'));
    const run = await new Promise<Run>((resolve) => {
      execFile(process.execPath, [path.join(copy, 'image-score.js'), SAMPLES], (error, stdout, stderr) =>
        resolve({ status: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
      );
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`image-score: not built yet: run \`npm run build\` in ${path.join(tmp, 'unbuilt')}\n`);
  });
});
