import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { LocalScoreSource } from '../../../src/datasources/local/local.datasource';
import { ScoreError, ScoreErrorCode } from '../../../src/errors';
import { scoreImage } from '../../../src/scoring';
import { DEFAULT_NICE_INCREMENT, ScorerPool } from '../../../src/scoring/pool/scorer-pool';
import { createOssFixture } from '../../helpers/oss-fixture';
import { samplePhoto, smallPhotos } from '../fixtures';

const EXIT_WORKER = path.join(__dirname, 'exit-mid-image.worker.js');
const EXIT_MARKER = Buffer.from('EXIT-WORKER', 'latin1');

/** What `promise` rejected with (fails the test if it resolved). */
async function rejection(promise: Promise<unknown>): Promise<ScoreError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!(error instanceof ScoreError)) throw error;
  return error;
}

/** Waits until `check` holds, polling; fails after `ms`. */
async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Small JPEGs of real photos: enough to score, cheap enough for a loaded CI machine. */
let thumbs: Buffer[];
const thumb = (i: number): Buffer => thumbs[i % thumbs.length]!;

beforeAll(async () => {
  const names = ['rocket.jpg', 'coffee.png', 'aloeL.jpg', 'chelsea.png', 'fruits.jpg'];
  thumbs = await Promise.all(names.map((name) => sharp(samplePhoto(name)).resize(320).jpeg({ quality: 85 }).toBuffer()));
});

describe('ScorerPool', () => {
  it('scores real photos, and tiny, blurred and quality-7 copies, bit-identically to scoreImage', async () => {
    const pool = new ScorerPool({ threads: 2 });
    try {
      // A photo at full size; five at 512 px (the features' paths for every image above
      // the analysis size are the same), each with a tiny copy (the small-image branches);
      // a blurred and a quality-7 copy (the sharpness and blockiness ends of the scale).
      const inputs: [string, Buffer][] = [['rocket.jpg', samplePhoto('rocket.jpg')]];
      const small = await smallPhotos();
      for (const [name, bytes] of small) {
        inputs.push([`${name} 512`, bytes], [`${name} tiny`, await sharp(bytes).resize(12, 9, { fit: 'fill' }).png().toBuffer()]);
      }
      const [, building] = small[1]!;
      inputs.push(['building blur', await sharp(building).blur(2).png().toBuffer()]);
      inputs.push(['building q7', await sharp(building).jpeg({ quality: 7 }).toBuffer()]);
      const inProcess = await Promise.all(inputs.map(([, bytes]) => scoreImage(bytes)));
      // Copies: the pool takes ownership of what it is given.
      const pooled = await Promise.all(inputs.map(([, bytes]) => pool.score(Buffer.from(bytes))));
      // toEqual compares numbers with Object.is: every sub-score to the last bit.
      expect(Object.fromEntries(inputs.map(([name], i) => [name, pooled[i]]))).toEqual(
        Object.fromEntries(inputs.map(([name], i) => [name, inProcess[i]])),
      );
    } finally {
      await pool.close();
    }
    // 32 scorings and the copies made for them: a few seconds, but many times that on a CI box
    // shared with other jobs.
  }, 120_000);

  it('fails a non-image with the same UNSUPPORTED_IMAGE error as scoreImage', async () => {
    const pool = new ScorerPool({ threads: 1 });
    try {
      const bytes = Buffer.from('not an image at all');
      const direct = await rejection(scoreImage(bytes));
      const pooled = await rejection(pool.score(Buffer.from(bytes)));
      expect(pooled.code).toBe(ScoreErrorCode.UNSUPPORTED_IMAGE);
      expect(pooled.message).toBe(direct.message);
      await expect(rejection(pool.score(Buffer.alloc(0)))).resolves.toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
    } finally {
      await pool.close();
    }
  });

  it('moves a buffer that owns its memory to the worker, and copies one that shares a pool', async () => {
    const pool = new ScorerPool({ threads: 1 });
    try {
      const owned = Buffer.alloc(samplePhoto('rocket.jpg').length);
      samplePhoto('rocket.jpg').copy(owned);
      await pool.score(owned);
      expect(owned.length).toBe(0); // detached: transferred, not copied

      const tiny = await sharp(samplePhoto('rocket.jpg')).resize(12, 9).png().toBuffer();
      const pooled = Buffer.from(tiny); // small: a slice of Node's shared allocation pool
      expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength);
      const neighbour = Buffer.from('a neighbour in the same pool');
      await pool.score(pooled);
      expect(pooled.equals(tiny)).toBe(true);
      expect(neighbour.toString()).toBe('a neighbour in the same pool');
    } finally {
      await pool.close();
    }
  });

  it('fails only the image whose worker died, with INTERNAL, and replaces the worker', async () => {
    const pool = new ScorerPool({ threads: 2, workerFilename: EXIT_WORKER });
    try {
      const expected = await Promise.all([0, 1, 2, 3].map((i) => scoreImage(thumb(i))));
      // A full-size photo, so that its decode is under way when the worker dies.
      const doomed = pool.score(Buffer.concat([EXIT_MARKER, samplePhoto('building.jpg')]));
      const others = [0, 1, 2, 3].map((i) => pool.score(Buffer.from(thumb(i))));

      const error = await rejection(doomed);
      expect(error.code).toBe(ScoreErrorCode.INTERNAL);
      expect(error.message).toBe('Unexpected error while scoring the image.');
      expect(String((error.cause as Error).message)).toMatch(/exited with code: 7/);
      await expect(Promise.all(others)).resolves.toEqual(expected);

      await eventually(() => pool.liveThreads === 2);
      await expect(pool.score(Buffer.from(thumb(0)))).resolves.toEqual(expected[0]);
    } finally {
      await pool.close();
    }
  });

  it('finishes every queued image on close, then refuses new ones and stops its threads', async () => {
    const pool = new ScorerPool({ threads: 1 });
    const expected = await Promise.all(thumbs.map((bytes) => scoreImage(bytes)));
    const queued = thumbs.map((bytes) => pool.score(Buffer.from(bytes)));
    const closed = pool.close();

    await expect(Promise.all(queued)).resolves.toEqual(expected);
    await closed;
    expect(pool.liveThreads).toBe(0);
    await expect(rejection(pool.score(Buffer.from(thumb(0))))).resolves.toMatchObject({
      code: 'INTERNAL',
      message: 'The scorer is shutting down.',
    });
  });

  const onLinux = process.platform === 'linux' ? it : it.skip;

  onLinux('runs its threads and every libvips thread below the main thread, which keeps its priority', async () => {
    const mainNice = os.getPriority(0);
    const lowered = Math.min(19, mainNice + DEFAULT_NICE_INCREMENT);
    // A thread may exit between the listing and the read (another test's worker winding down):
    // it is left out, as the pool's own walk of /proc leaves it out.
    const niceOf = () =>
      readdirSync('/proc/self/task').flatMap((tid) => {
        try {
          return [{ tid: Number(tid), name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), nice: os.getPriority(Number(tid)) }];
        } catch {
          return [];
        }
      });
    const before = new Set(niceOf().map((t) => t.tid));
    const pool = new ScorerPool({ threads: 2 });
    try {
      // Two at once, so each worker has scored (and lowered the libvips threads) at least once.
      await Promise.all([0, 1, 2, 3].map((i) => pool.score(Buffer.from(thumb(i)))));
      const threads = niceOf();
      const vips = threads.filter((t) => t.name.startsWith('libvips'));
      expect(vips.length).toBeGreaterThan(0);
      expect(vips.filter((t) => t.nice < lowered)).toEqual([]);
      // The workers: threads this pool started, other than libvips', at the lowered priority.
      const started = threads.filter((t) => !before.has(t.tid) && !t.name.startsWith('libvips'));
      expect(started.filter((t) => t.nice >= lowered).length).toBeGreaterThanOrEqual(2);
      expect(os.getPriority(process.pid)).toBe(mainNice);
    } finally {
      await pool.close();
    }
  });

  it('refuses a nice increment outside 0 to 39, naming it', () => {
    expect(() => new ScorerPool({ niceIncrement: -1 })).toThrow('niceIncrement must be an integer from 0 to 39: -1');
    expect(() => new ScorerPool({ niceIncrement: 1.5 })).toThrow('1.5');
  });

  it('refuses a thread count that is not a positive integer, naming it', () => {
    expect(() => new ScorerPool({ threads: 0 })).toThrow('threads must be a positive integer: 0');
    expect(() => new ScorerPool({ threads: 1.5 })).toThrow('threads must be a positive integer: 1.5');
  });
});

describe('LocalScoreSource on the pool', () => {
  it('scores what waits at its gate before closing the pool', async () => {
    const fixture = await createOssFixture();
    try {
      const uris = await Promise.all(thumbs.map((bytes, i) => fixture.put('photos', `photo-${i}.jpg`, bytes)));
      const source = new LocalScoreSource({
        ossRoot: fixture.root,
        projects: ['demo'],
        maxObjectBytes: 50 << 20,
        concurrency: 1,
        scorerThreads: 1,
      });
      const scores = uris.map((sourceUri) => source.score({ projectName: 'demo', sourceUri }));
      await source.close();
      const expected = await Promise.all(thumbs.map(async (bytes) => (await scoreImage(bytes)).overall));
      expect((await Promise.all(scores)).map((s) => s.overallQualityScore)).toEqual(expected);
    } finally {
      await fixture.cleanup();
    }
  });
});
