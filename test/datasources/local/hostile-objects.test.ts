import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LocalScoreSource } from '../../../src/datasources/local/local.datasource';
import { ScoreErrorCode } from '../../../src/errors';
import type { BatchEntry, RunningGateway } from '../../helpers/gateway';
import { IMAGE_SCORE_QUERY, IMAGE_SCORES_QUERY, postGraphQL, startGateway } from '../../helpers/gateway';
import type { OssFixture } from '../../helpers/oss-fixture';
import { createOssFixture, readSample } from '../../helpers/oss-fixture';
import { inProcessScorer } from '../../../bench/lib/in-process-scorer';

type BatchData = { imageScores: BatchEntry[] };

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** Whether this process may make device nodes (root with CAP_MKNOD, as in most containers). */
const canMknod = (() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mknod-probe-'));
  try {
    return spawnSync('mknod', [path.join(dir, 'zero'), 'c', '1', '5']).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

/** Open file descriptors of this process (Linux). */
function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('hostile objects in the local bucket: only regular files are objects', () => {
  let fixture: OssFixture;
  let running: RunningGateway;
  let socket: net.Server;
  const uris: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await createOssFixture();
    uris.photo = await fixture.put('objects', 'photo.png', await readSample('coffee.png'));
    const bucket = path.join(fixture.root, 'objects');
    mkfifo(path.join(bucket, 'fifo.jpg'));
    uris.fifo = 'oss://objects/fifo.jpg';
    uris.fifoLink = await fixture.symlink('objects', 'fifo-link.jpg', path.join(bucket, 'fifo.jpg'));
    // Inside the root, but outside the bucket: the real path decides, and it is still a FIFO.
    await fs.mkdir(path.join(fixture.root, 'other'));
    mkfifo(path.join(fixture.root, 'other', 'fifo'));
    uris.fifoRelativeLink = await fixture.symlink('objects', 'relative.jpg', '../other/fifo');
    for (let i = 0; i < 8; i++) mkfifo(path.join(bucket, `many-${i}.jpg`));
    await fs.mkdir(path.join(bucket, 'folder.jpg'));
    uris.directory = 'oss://objects/folder.jpg';
    socket = net.createServer();
    await new Promise<void>((resolve) => socket.listen(path.join(bucket, 'socket.jpg'), resolve));
    uris.socket = 'oss://objects/socket.jpg';
    // A symlink to a device outside the root reads as absent, as any link out of the root does.
    uris.devZero = await fixture.symlink('objects', 'zero.jpg', '/dev/zero');
    if (canMknod) {
      execFileSync('mknod', [path.join(bucket, 'device.jpg'), 'c', '1', '5']);
      uris.device = 'oss://objects/device.jpg';
    }
    running = await startGateway({ LOCAL_OSS_ROOT: fixture.root, MAX_BATCH_SIZE: '20' });
  });

  afterAll(async () => {
    await running?.close();
    await new Promise((resolve) => socket?.close(resolve));
    await fixture?.cleanup();
  });

  it('answers a FIFO with OBJECT_NOT_FOUND at once, instead of waiting for a writer forever', async () => {
    const started = performance.now();
    const { body } = await postGraphQL(running.url, IMAGE_SCORE_QUERY, {
      projectName: 'demo',
      sourceUri: uris.fifo,
    });
    expect(body.errors?.[0]?.extensions?.code).toBe(ScoreErrorCode.OBJECT_NOT_FOUND);
    expect(body.errors?.[0]?.message).not.toContain(fixture.root);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses every kind of non-regular file, and scores the photo beside them', async () => {
    const hostile = [uris.fifo, uris.fifoLink, uris.fifoRelativeLink, uris.directory, uris.socket, uris.devZero];
    if (uris.device) hostile.push(uris.device);
    const { body } = await postGraphQL<BatchData>(running.url, IMAGE_SCORES_QUERY, {
      projectName: 'demo',
      sourceUris: [...hostile, uris.photo],
    });
    const entries = body.data?.imageScores ?? [];
    expect(entries.map((e) => (e.__typename === 'ImageScoreError' ? e.code : e.__typename))).toEqual([
      ...hostile.map(() => ScoreErrorCode.OBJECT_NOT_FOUND),
      'ImageScore',
    ]);
  });

  (canMknod ? it : it.skip)('refuses a character device node made inside the bucket (mknod)', async () => {
    const { body } = await postGraphQL(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: uris.device });
    expect(body.errors?.[0]?.extensions?.code).toBe(ScoreErrorCode.OBJECT_NOT_FOUND);
  });

  it('keeps scoring after more FIFO requests than decode slots and libuv threads', async () => {
    const fifos = Array.from({ length: 8 }, (_, i) => `oss://objects/many-${i}.jpg`);
    const answers = await Promise.all(
      fifos.map((sourceUri) => postGraphQL(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri })),
    );
    expect(answers.map((a) => a.body.errors?.[0]?.extensions?.code)).toEqual(
      fifos.map(() => ScoreErrorCode.OBJECT_NOT_FOUND),
    );
    // A fresh object, so no cache answers for it: it must be read and decoded now.
    const fresh = await fixture.put('objects', 'fresh.png', await readSample('chelsea.png'));
    const { body } = await postGraphQL<{ imageScore: { overallQualityScore: number } }>(running.url, IMAGE_SCORE_QUERY, {
      projectName: 'demo',
      sourceUri: fresh,
    });
    expect(body.data?.imageScore.overallQualityScore).toBeGreaterThan(0);
  });
});

describe('the local read deadline', () => {
  let fixture: OssFixture;
  let photo: string;

  beforeAll(async () => {
    fixture = await createOssFixture();
    photo = await fixture.put('objects', 'photo.png', await readSample('coffee.png'));
  });

  afterAll(() => fixture.cleanup());

  it('fails a read that storage does not answer in time with UPSTREAM_UNAVAILABLE, and leaves nothing open', async () => {
    const source = new LocalScoreSource({
      ossRoot: fixture.root,
      projects: ['demo'],
      maxObjectBytes: 50 << 20,
      readTimeoutMs: 300,
      // In-process scoring: the open files counted below are then the reads' alone, not the
      // worker pool's threads and ports.
      scorer: inProcessScorer,
    });
    const fdsBefore = openFds();
    // A hung mount, played by blocking open() calls of writerless FIFOs in every libuv thread:
    // the read's first filesystem call then waits, as it would on storage that never answers.
    const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
    const stuck = await fs.mkdtemp(path.join(os.tmpdir(), 'stuck-'));
    const fifos = Array.from({ length: threads }, (_, i) => path.join(stuck, `f${i}`));
    fifos.forEach(mkfifo);
    const blocked = fifos.map((fifo) => fs.open(fifo, 'r'));
    try {
      const started = performance.now();
      const error = await source.score({ projectName: 'demo', sourceUri: photo }).catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(error).toMatchObject({ code: ScoreErrorCode.UPSTREAM_UNAVAILABLE });
      expect((error as Error).message).toMatch(/took longer than 300 ms/);
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      // A writer for each FIFO lets the blocked open() calls return; then the pool is free.
      const writers = fifos.map((fifo) => openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      for (const handle of await Promise.all(blocked)) await handle.close();
      writers.forEach((fd) => closeSync(fd));
      await fs.rm(stuck, { recursive: true, force: true });
    }
    // The same image scores once storage answers again, and the abandoned read closed what it had.
    const score = await source.score({ projectName: 'demo', sourceUri: photo });
    expect(score.overallQualityScore).toBeGreaterThan(0);
    expect(openFds()).toBe(fdsBefore);
  });

  it('refuses an object over LOCAL_MAX_OBJECT_BYTES from its size, before reading it', async () => {
    const source = new LocalScoreSource({ ossRoot: fixture.root, projects: ['demo'], maxObjectBytes: 1000 });
    await expect(source.score({ projectName: 'demo', sourceUri: photo })).rejects.toMatchObject({
      code: ScoreErrorCode.UNSUPPORTED_IMAGE,
      message: expect.stringMatching(/bytes; the limit is 1000/),
    });
  });

  it('refuses an invalid deadline, naming the value', () => {
    expect(
      () => new LocalScoreSource({ ossRoot: fixture.root, projects: ['demo'], maxObjectBytes: 1, readTimeoutMs: 0 }),
    ).toThrow('readTimeoutMs must be a positive integer: 0');
  });
});
