import path from 'node:path';
import sharp from 'sharp';
import { LocalScoreSource } from '../../../src/datasources/local/local.datasource';
import { ScoreError, ScoreErrorCode } from '../../../src/errors';
import { scoreImage } from '../../../src/scoring';
import { ScorerPool } from '../../../src/scoring/pool/scorer-pool';
import { createOssFixture } from '../../helpers/oss-fixture';
import { samplePhoto, samplePhotos } from '../fixtures';

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

describe('ScorerPool', () => {
  it('scores every sample, a tiny copy of each, and blurred and quality-7 copies bit-identically to scoreImage', async () => {
    const pool = new ScorerPool({ threads: 2 });
    try {
      const inputs: [string, Buffer][] = [];
      for (const { name, bytes } of samplePhotos()) {
        inputs.push([name, bytes], [`${name} tiny`, await sharp(bytes).resize(12, 9, { fit: 'fill' }).png().toBuffer()]);
      }
      // Distorted copies from a 512 px thumbnail: the features' other branches, generated fast.
      const small = await sharp(samplePhoto('building.jpg')).resize(512).png().toBuffer();
      inputs.push(['building blur', await sharp(small).blur(2).png().toBuffer()]);
      inputs.push(['building q7', await sharp(small).jpeg({ quality: 7 }).toBuffer()]);
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
  });

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
      const names = ['rocket.jpg', 'coffee.png', 'aloeL.jpg', 'chelsea.png'];
      const expected = await Promise.all(names.map((name) => scoreImage(samplePhoto(name))));
      const doomed = pool.score(Buffer.concat([EXIT_MARKER, samplePhoto('building.jpg')]));
      const others = names.map((name) => pool.score(samplePhoto(name)));

      const error = await rejection(doomed);
      expect(error.code).toBe(ScoreErrorCode.INTERNAL);
      expect(error.message).toBe('Unexpected error while scoring the image.');
      expect(String((error.cause as Error).message)).toMatch(/exited with code: 7/);
      await expect(Promise.all(others)).resolves.toEqual(expected);

      await eventually(() => pool.liveThreads === 2);
      await expect(pool.score(samplePhoto('rocket.jpg'))).resolves.toEqual(expected[0]);
    } finally {
      await pool.close();
    }
  });

  it('finishes every queued image on close, then refuses new ones and stops its threads', async () => {
    const pool = new ScorerPool({ threads: 1 });
    const names = ['rocket.jpg', 'coffee.png', 'aloeL.jpg', 'chelsea.png', 'fruits.jpg'];
    const expected = await Promise.all(names.map((name) => scoreImage(samplePhoto(name))));
    const queued = names.map((name) => pool.score(samplePhoto(name)));
    const closed = pool.close();

    await expect(Promise.all(queued)).resolves.toEqual(expected);
    await closed;
    expect(pool.liveThreads).toBe(0);
    await expect(rejection(pool.score(samplePhoto('rocket.jpg')))).resolves.toMatchObject({
      code: 'INTERNAL',
      message: 'The scorer is shutting down.',
    });
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
      const names = ['rocket.jpg', 'coffee.png', 'aloeL.jpg', 'fruits.jpg'];
      const uris = await Promise.all(names.map((name) => fixture.put('photos', name, samplePhoto(name))));
      const source = new LocalScoreSource({
        ossRoot: fixture.root,
        projects: ['demo'],
        maxObjectBytes: 50 << 20,
        concurrency: 1,
        scorerThreads: 1,
      });
      const scores = uris.map((sourceUri) => source.score({ projectName: 'demo', sourceUri }));
      await source.close();
      const expected = await Promise.all(names.map(async (name) => (await scoreImage(samplePhoto(name))).overall));
      expect((await Promise.all(scores)).map((s) => s.overallQualityScore)).toEqual(expected);
    } finally {
      await fixture.cleanup();
    }
  });
});
