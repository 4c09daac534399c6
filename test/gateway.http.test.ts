import fs from 'node:fs/promises';
import path from 'node:path';
import type { BatchEntry, RunningGateway } from './helpers/gateway';
import { IMAGE_SCORE_QUERY, IMAGE_SCORES_QUERY, postGraphQL, startGateway } from './helpers/gateway';
import type { OssFixture } from './helpers/oss-fixture';
import { blurredCopy, createOssFixture, readSample, truncatedCopy } from './helpers/oss-fixture';

type SingleData = {
  imageScore: {
    projectName: string;
    sourceUri: string;
    overallQualityScore: number;
    requestId: string;
    breakdown: Record<string, number> | null;
  } | null;
};
type BatchData = { imageScores: BatchEntry[] };

describe('the gateway over HTTP, local backend', () => {
  let fixture: OssFixture;
  let running: RunningGateway;
  const uris: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await createOssFixture();
    uris.coffee = await fixture.put('photos', 'coffee.png', await readSample('coffee.png'));
    uris.rocket = await fixture.put('photos', 'rocket.jpg', await readSample('rocket.jpg'));
    uris.fruits = await fixture.put('photos', 'nested/dir/fruits.jpg', await readSample('fruits.jpg'));
    uris.rocketBlurred = await fixture.put('photos', 'rocket-blurred.jpg', await blurredCopy('rocket.jpg'));
    uris.truncated = await fixture.put('photos', 'truncated.jpg', await truncatedCopy('rocket.jpg'));
    uris.notImage = await fixture.put('photos', 'notes.jpg', 'this is a text file, not a JPEG\n');
    running = await startGateway({
      LOCAL_OSS_ROOT: fixture.root,
      LOCAL_PROJECTS: 'demo,other',
      MAX_BATCH_SIZE: '10',
    });
  });

  afterAll(async () => {
    await running.close();
    await fixture.cleanup();
  });

  beforeEach(() => {
    running.source.calls.length = 0;
  });

  const single = (sourceUri: string, projectName = 'demo') =>
    postGraphQL<SingleData>(running.url, IMAGE_SCORE_QUERY, { projectName, sourceUri });
  const batch = (sourceUris: string[], projectName = 'demo') =>
    postGraphQL<BatchData>(running.url, IMAGE_SCORES_QUERY, { projectName, sourceUris });

  it('scores one image in (0, 1) with a request id and a breakdown in [0, 1]', async () => {
    const { status, body } = await single(uris.coffee!);

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const score = body.data!.imageScore!;
    expect(score).toMatchObject({ projectName: 'demo', sourceUri: uris.coffee });
    expect(score.overallQualityScore).toBeGreaterThan(0);
    expect(score.overallQualityScore).toBeLessThan(1);
    expect(score.requestId).toMatch(/^[0-9A-F-]{36}$/);
    for (const value of Object.values(score.breakdown!)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it('scores a blurred copy of a photo below the photo', async () => {
    const { body } = await batch([uris.rocket!, uris.rocketBlurred!]);

    const [sharp, blurred] = body.data!.imageScores as Array<Extract<BatchEntry, { __typename: 'ImageScore' }>>;
    expect(blurred!.overallQualityScore).toBeLessThan(sharp!.overallQualityScore);
  });

  it('answers a batch in input order, with a result for each duplicate', async () => {
    const input = [uris.fruits!, uris.coffee!, uris.fruits!, uris.rocket!, uris.coffee!];

    const { body } = await batch(input);

    const results = body.data!.imageScores;
    expect(results.map((r) => r.sourceUri)).toEqual(input);
    expect(results.every((r) => r.__typename === 'ImageScore')).toBe(true);
    const score = (i: number) => (results[i] as { overallQualityScore: number }).overallQualityScore;
    expect(score(0)).toBe(score(2));
    expect(score(1)).toBe(score(4));
  });

  it('scores each distinct image once per request, and not again within the TTL', async () => {
    const fresh = await fixture.put('photos', 'once.jpg', await readSample('building.jpg'));
    const input = [fresh, uris.coffee!, fresh, fresh, uris.coffee!];

    await batch(input);
    const firstCalls = running.source.countBy(fresh);
    await batch(input);
    await single(fresh);

    expect(firstCalls).toBe(1);
    expect(running.source.countBy(fresh)).toBe(1);
  });

  it('gives per-item errors beside good items in a batch', async () => {
    const input = [
      uris.coffee!,
      'oss://photos/missing.jpg',
      'https://example.com/a.jpg',
      uris.notImage!,
      uris.truncated!,
      uris.rocket!,
    ];

    const { body } = await batch(input);

    expect(body.errors).toBeUndefined();
    const results = body.data!.imageScores;
    expect(results.map((r) => (r.__typename === 'ImageScore' ? 'score' : r.code))).toEqual([
      'score',
      'OBJECT_NOT_FOUND',
      'INVALID_SOURCE_URI',
      'UNSUPPORTED_IMAGE',
      'UNSUPPORTED_IMAGE',
      'score',
    ]);
  });

  it('refuses a batch over MAX_BATCH_SIZE before any scoring', async () => {
    const input = Array.from({ length: 11 }, (_, i) => `oss://photos/img-${i}.jpg`);

    const { body } = await batch(input);

    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/at most 10/);
    expect(running.source.calls).toHaveLength(0);
  });

  it.each([
    ['an unknown project', 'PROJECT_NOT_FOUND', 'nope', () => uris.coffee!],
    ['a missing object', 'OBJECT_NOT_FOUND', 'demo', () => 'oss://photos/missing.jpg'],
    ['a non-image', 'UNSUPPORTED_IMAGE', 'demo', () => uris.notImage!],
    ['a truncated JPEG', 'UNSUPPORTED_IMAGE', 'demo', () => uris.truncated!],
  ])('answers %s with extensions.code %s', async (_what, code, project, uri) => {
    const { status, body } = await single(uri(), project);

    expect(status).toBe(200);
    expect(body.data?.imageScore).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual({ code });
  });

  it('answers a malformed sourceUri with BAD_USER_INPUT, reason INVALID_SOURCE_URI', async () => {
    const { body } = await single('oss://Bad_Bucket/x.jpg');

    expect(body.data?.imageScore).toBeNull();
    expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_SOURCE_URI' });
    expect(body.errors![0]!.message).toMatch(/bucket/);
  });

  it.each([
    'oss://photos/../../../etc/passwd',
    'oss://photos/nested/../../photos/coffee.png',
    'oss://photos/%2e%2e/%2e%2e/etc/passwd',
    'oss://photos/..%2F..%2Fetc%2Fpasswd',
    'oss://photos//etc/passwd',
    'oss://photos/coffee.png\u0000.txt',
    'oss://../etc/passwd',
  ])('rejects the traversal attempt %j as INVALID_SOURCE_URI', async (uri) => {
    const { body } = await batch([uri]);

    expect(body.data!.imageScores[0]).toMatchObject({ __typename: 'ImageScoreError', code: 'INVALID_SOURCE_URI' });
    expect(running.source.calls).toHaveLength(0);
  });

  it('refuses a 100 MB+ object as UNSUPPORTED_IMAGE without reading it', async () => {
    const uri = await fixture.put('photos', 'huge.jpg', '');
    // A sparse file: 120 MB on paper, no disk or memory spent to make it.
    await fs.truncate(path.join(fixture.root, 'photos', 'huge.jpg'), 120 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;

    const { body } = await batch([uri, uris.coffee!]);

    expect(body.data!.imageScores.map((r) => (r.__typename === 'ImageScore' ? 'score' : r.code))).toEqual([
      'UNSUPPORTED_IMAGE',
      'score',
    ]);
    expect((body.data!.imageScores[0] as { message: string }).message).toMatch(/limit/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(60 * 1024 * 1024);
  });

  it('does not follow a symlink that leaves the OSS root', async () => {
    const outside = await createOssFixture();
    try {
      await outside.put('secret', 'photo.png', await readSample('coffee.png'));
      const uri = await fixture.symlink('photos', 'link.png', `${outside.root}/secret/photo.png`);

      const { body } = await batch([uri]);

      expect(body.data!.imageScores[0]).toMatchObject({ code: 'OBJECT_NOT_FOUND' });
      expect(JSON.stringify(body)).not.toContain(outside.root);
    } finally {
      await outside.cleanup();
    }
  });

  it('does not cache failures: an object that appears later is scored', async () => {
    const uri = 'oss://photos/late.jpg';
    const before = await single(uri);

    await fixture.put('photos', 'late.jpg', await readSample('home.jpg'));
    const after = await single(uri);

    expect(before.body.errors?.[0]?.extensions?.code).toBe('OBJECT_NOT_FOUND');
    expect(after.body.data?.imageScore?.overallQualityScore).toBeGreaterThan(0);
  });

  it('never sends a stack trace or a server path to the client', async () => {
    const { body } = await batch([uris.truncated!, 'oss://photos/missing.jpg']);
    const text = JSON.stringify(body);

    expect(text).not.toContain('stacktrace');
    expect(text).not.toContain(fixture.root);
  });

  it('answers GET /healthz', async () => {
    const response = await fetch(running.url.replace('/graphql', '/healthz'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('keeps CSRF prevention on for simple requests', async () => {
    const response = await fetch(`${running.url}?query=${encodeURIComponent('{ __typename }')}`);

    expect(response.status).toBe(400);
  });
});
