import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { GalleryListing, GallerySettings } from '../../src/gallery/gallery-settings';
import { createFailedAuthLimiter } from '../../src/auth/failed-auth-limiter';
import { createRequestRateLimiter } from '../../src/limits/rate-limit';
import { silentLogger } from '../helpers/gateway';
import type { RunningGallery } from '../helpers/gallery-server';
import { startGallery } from '../helpers/gallery-server';
import type { OssFixture } from '../helpers/oss-fixture';
import { createOssFixture, readSample } from '../helpers/oss-fixture';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const DEMO_KEY = 'demo-key-0123456789';
const OTHER_KEY = 'other-key-9876543210';

const get = async (origin: string, url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${origin}${url}`, { headers });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? ((await response.json()) as Record<string, unknown>) : Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body };
};
const preview = (project: string, uri: string) => `/gallery/preview?${new URLSearchParams({ project, uri })}`;
const objects = (query: Record<string, string>) => `/gallery/objects?${new URLSearchParams(query)}`;

describe('the gallery routes (a plain Fastify server)', () => {
  let fixture: OssFixture;
  let outside: string;
  let gallery: RunningGallery;

  beforeAll(async () => {
    fixture = await createOssFixture();
    await fixture.put('photos', 'rocket.jpg', await readSample('rocket.jpg'));
    await fixture.put('photos', 'nested/coffee.png', await readSample('coffee.png'));
    await fixture.put('photos', 'big.png', await readSample('astronaut.png'));
    await fixture.put('photos', 'notes.txt', 'not listed\n');
    await fixture.put('photos', 'notes.jpg', 'not an image\n');
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'outside-root-'));
    await fs.copyFile(path.join(fixture.root, 'photos', 'rocket.jpg'), path.join(outside, 'secret.jpg'));
    await fixture.symlink('photos', 'escape.jpg', path.join(outside, 'secret.jpg'));
    gallery = await startGallery({
      LOCAL_OSS_ROOT: fixture.root,
      LOCAL_PROJECTS: 'demo,other',
      LOCAL_MAX_OBJECT_BYTES: String(500 * 1024),
      MAX_BATCH_SIZE: '7',
    });
  });

  afterAll(async () => {
    await gallery.close();
    await fixture.cleanup();
    await fs.rm(outside, { recursive: true, force: true });
  });

  it('serves the page with a policy that allows no other host, and its bundled assets', async () => {
    const page = await get(gallery.origin, '/gallery');

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = String(page.body);
    const assets = [...html.matchAll(/(?:src|href)="(\/gallery\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual(['/gallery/assets/gallery.css', '/gallery/assets/gallery.js']);
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of assets) {
      const response = await get(gallery.origin, asset);
      expect(response.status).toBe(200);
      expect(String(response.body)).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    }
  });

  it('tells the page the batch size, the default place and that no key is needed', async () => {
    const { body } = await get(gallery.origin, '/gallery/settings.json');

    expect(body).toEqual<GallerySettings>({
      graphqlPath: '/graphql',
      maxBatchSize: 7,
      apiKeyRequired: false,
      defaultProject: 'demo',
      defaultBucket: 'samples',
      localObjects: true,
      previewLongSide: 480,
    });
  });

  it('lists the images of a bucket, a page at a time', async () => {
    const first = await get(gallery.origin, objects({ project: 'demo', bucket: 'photos', limit: '2' }));
    const cursor = (first.body as unknown as GalleryListing).nextCursor!;
    const second = await get(gallery.origin, objects({ project: 'demo', bucket: 'photos', limit: '2', cursor }));

    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toEqual({ sourceUris: ['oss://photos/big.png', 'oss://photos/nested/coffee.png'], nextCursor: 'nested/coffee.png' });
    // No text file, no symlink (escape.jpg): regular image files only.
    expect(second.body).toEqual({ sourceUris: ['oss://photos/notes.jpg', 'oss://photos/rocket.jpg'] });
  });

  it('serves a WebP thumbnail bounded in size, and answers a repeat by its ETag', async () => {
    const first = await get(gallery.origin, preview('demo', 'oss://photos/rocket.jpg'));
    const etag = first.headers.get('etag')!;
    const again = await get(gallery.origin, preview('demo', 'oss://photos/rocket.jpg'), { 'if-none-match': etag });

    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/webp');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    const meta = await sharp(first.body as Buffer).metadata();
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(480);
    expect(again.status).toBe(304);
  });

  it.each([
    ['a .. segment', 'oss://photos/../photos/rocket.jpg', 400, 'INVALID_SOURCE_URI'],
    ['an encoded .. segment', 'oss://photos/%2e%2e/x/rocket.jpg', 400, 'INVALID_SOURCE_URI'],
    ['a URI that is not oss://', 'file:///etc/passwd', 400, 'INVALID_SOURCE_URI'],
    ['a symlink out of the root', 'oss://photos/escape.jpg', 404, 'OBJECT_NOT_FOUND'],
    ['a missing object', 'oss://photos/no-such.jpg', 404, 'OBJECT_NOT_FOUND'],
    ['an object over LOCAL_MAX_OBJECT_BYTES', 'oss://photos/big.png', 422, 'UNSUPPORTED_IMAGE'],
    ['an object that is no image', 'oss://photos/notes.jpg', 422, 'UNSUPPORTED_IMAGE'],
  ])('refuses a thumbnail of %s with the store\'s code', async (_name, uri, status, code) => {
    const { status: actual, body } = await get(gallery.origin, preview('demo', uri));

    expect({ status: actual, code: (body as Record<string, unknown>).code }).toEqual({ status, code });
    expect(body).toEqual({ code, message: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain(fixture.root);
  });

  it.each([
    ['no project', '/gallery/preview?uri=oss://photos/rocket.jpg', 400, 'BAD_USER_INPUT'],
    ['an unknown project', preview('nope', 'oss://photos/rocket.jpg'), 404, 'PROJECT_NOT_FOUND'],
    ['a page too large', objects({ project: 'demo', bucket: 'photos', limit: '1001' }), 400, 'BAD_USER_INPUT'],
    ['a prefix out of the bucket', objects({ project: 'demo', bucket: 'photos', prefix: '../' }), 400, 'INVALID_SOURCE_URI'],
  ])('refuses %s', async (_name, url, status, code) => {
    const response = await get(gallery.origin, url);

    expect({ status: response.status, body: response.body }).toEqual({ status, body: { code, message: expect.any(String) } });
  });

  describe('with AUTH_MODE=api-key', () => {
    let secured: RunningGallery;

    beforeAll(async () => {
      secured = await startGallery({
        LOCAL_OSS_ROOT: fixture.root,
        LOCAL_PROJECTS: 'demo,other',
        AUTH_MODE: 'api-key',
        API_KEYS: `${sha256(DEMO_KEY)}=demo;${sha256(OTHER_KEY)}=other`,
      });
    });

    afterAll(async () => {
      await secured.close();
    });

    it.each([
      ['the listing', objects({ project: 'demo', bucket: 'photos' })],
      ['a thumbnail', preview('demo', 'oss://photos/rocket.jpg')],
    ])('serves %s only with a key allowed for the project', async (_name, url) => {
      const none = await get(secured.origin, url);
      const unknown = await get(secured.origin, url, { authorization: 'Bearer not-a-key' });
      const otherProject = await get(secured.origin, url, { authorization: `Bearer ${OTHER_KEY}` });
      const allowed = await get(secured.origin, url, { authorization: `Bearer ${DEMO_KEY}` });

      expect([none.status, none.body]).toEqual([401, { code: 'UNAUTHENTICATED', message: expect.any(String) }]);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(unknown.status).toBe(401);
      expect([otherProject.status, otherProject.body]).toEqual([403, { code: 'FORBIDDEN', message: expect.any(String) }]);
      expect(allowed.status).toBe(200);
    });

    it('stops checking keys from an address past its budget of failed authentications', async () => {
      const guarded = await startGallery(
        { LOCAL_OSS_ROOT: fixture.root, AUTH_MODE: 'api-key', API_KEYS: `${sha256(DEMO_KEY)}=demo` },
        { authFailures: createFailedAuthLimiter({ perMinute: 2 }) },
      );
      try {
        const url = preview('demo', 'oss://photos/rocket.jpg');
        const guesses = [];
        for (const guess of ['guess-1', 'guess-2']) {
          guesses.push((await get(guarded.origin, url, { authorization: `Bearer ${guess}` })).status);
        }
        const right = await get(guarded.origin, url, { authorization: `Bearer ${DEMO_KEY}` });

        expect(guesses).toEqual([401, 401]);
        // A right key after the budget is spent reads as refused: guessing gains nothing.
        expect([right.status, (right.body as Record<string, unknown>).code]).toEqual([429, 'RATE_LIMITED']);
      } finally {
        await guarded.close();
      }
    });

    it('tells the page to ask for a key, and serves the page itself without one', async () => {
      expect((await get(secured.origin, '/gallery/settings.json')).body).toMatchObject({ apiKeyRequired: true });
      expect((await get(secured.origin, '/gallery')).status).toBe(200);
    });
  });

  it('charges each listing and thumbnail to the caller\'s rate budget', async () => {
    const limited = await startGallery(
      { LOCAL_OSS_ROOT: fixture.root },
      { rateLimit: createRequestRateLimiter({ perMinute: 2, logger: silentLogger }) },
    );
    try {
      const statuses = [];
      statuses.push((await get(limited.origin, preview('demo', 'oss://photos/rocket.jpg'))).status);
      statuses.push((await get(limited.origin, objects({ project: 'demo', bucket: 'photos' }))).status);
      const refused = await get(limited.origin, preview('demo', 'oss://photos/rocket.jpg'));

      expect(statuses).toEqual([200, 200]);
      expect([refused.status, refused.body]).toEqual([429, { code: 'RATE_LIMITED', message: expect.any(String) }]);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('has no object routes with the imm backend: its images live in OSS', async () => {
    const imm = await startGallery({ SCORE_BACKEND: 'imm', AUTH_MODE: 'none', LOCAL_OSS_ROOT: fixture.root });
    try {
      expect((await get(imm.origin, '/gallery/settings.json')).body).toMatchObject({ localObjects: false, defaultProject: null });
      expect((await get(imm.origin, preview('demo', 'oss://photos/rocket.jpg'))).status).toBe(404);
      expect((await get(imm.origin, objects({ project: 'demo', bucket: 'photos' }))).status).toBe(404);
      expect((await get(imm.origin, '/gallery')).status).toBe(200);
    } finally {
      await imm.close();
    }
  });
});
