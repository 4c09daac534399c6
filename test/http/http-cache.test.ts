import { createHash } from 'node:crypto';
import type { ImageRef, Score } from '../../src/datasources/score-source';
import { ScoreError, ScoreErrorCode } from '../../src/errors';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { freshFor } from '../helpers/http-freshness';
import { IMAGE_SCORE_QUERY, IMAGE_SCORES_QUERY, startGateway } from '../helpers/gateway';

/** Cache-Control as directives: `max-age=60, public` -> { 'max-age': '60', public: '' }. */
function directives(response: Response): Record<string, string> {
  const header = response.headers.get('cache-control') ?? '';
  return Object.fromEntries(
    header
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', value = ''] = part.split('=');
        return [name.toLowerCase(), value];
      }),
  );
}

/** Hash scores, except that an image named `missing.jpg` is not found. */
class SometimesMissingSource extends HashScoreSource {
  override async score(ref: ImageRef): Promise<Score> {
    if (ref.sourceUri.endsWith('missing.jpg')) throw new ScoreError(ScoreErrorCode.OBJECT_NOT_FOUND, 'No such object.');
    return super.score(ref);
  }
}

const maxAge = (response: Response) => Number(directives(response)['max-age']);

const vars = (sourceUri: string) => ({ projectName: 'demo', sourceUri });

function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

/** A GET as a browser page sends it: the operation in the URL, a header that forces a preflight. */
function get(url: string, params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
  return fetch(`${url}?${search}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
}

describe('HTTP caching of scores, auth off', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway({ SCORE_CACHE_TTL_SECONDS: '120', RATE_LIMIT_PER_MINUTE: '0' }, { source: new SometimesMissingSource() });
  });

  afterAll(() => running.close());

  it('gives a response holding only scores `public` and a max-age of the scores remaining cache TTL', async () => {
    const first = await post(running.url, IMAGE_SCORE_QUERY, vars('oss://bkt/ttl.jpg'));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const later = await post(running.url, IMAGE_SCORE_QUERY, vars('oss://bkt/ttl.jpg'));

    expect(directives(first)).toHaveProperty('public');
    expect(maxAge(first)).toBeGreaterThanOrEqual(118);
    expect(maxAge(first)).toBeLessThanOrEqual(120);
    // The same cached score, a second later: its freshness counts down with the cache entry (the
    // full-response cache answers it with the first max-age and an Age header, as a CDN would).
    expect(freshFor(later)).toBeLessThan(freshFor(first));
    expect(running.source.countBy('oss://bkt/ttl.jpg')).toBe(1);
  });

  it('bounds a batch by its shortest-lived score', async () => {
    await post(running.url, IMAGE_SCORE_QUERY, vars('oss://bkt/old.jpg'));
    await new Promise((resolve) => setTimeout(resolve, 2200));

    const batch = await post(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: ['oss://bkt/new.jpg', 'oss://bkt/old.jpg'] });
    const fresh = await post(running.url, IMAGE_SCORE_QUERY, vars('oss://bkt/new.jpg'));

    expect(maxAge(batch)).toBeLessThanOrEqual(118);
    expect(maxAge(fresh)).toBeGreaterThan(maxAge(batch));
  });

  it.each([
    ['a GraphQL error (a missing object)', () => post(running.url, IMAGE_SCORE_QUERY, vars('oss://bkt/missing.jpg'))],
    ['a bad argument', () => post(running.url, IMAGE_SCORE_QUERY, vars('http://x'))],
    [
      'one missing object in a batch',
      () => post(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: ['oss://bkt/a.jpg', 'oss://bkt/missing.jpg'] }),
    ],
    [
      'one malformed URI in a batch',
      () => post(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: ['oss://bkt/a.jpg', 'not-a-uri'] }),
    ],
    ['no score at all', () => post(running.url, '{ __typename }', {})],
  ])('makes a response with %s no-store', async (_what, send) => {
    const response = await send();

    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('caches a federation _entities answer like the scores it holds', async () => {
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ImageScore { overallQualityScore } } }`;
    const representations = [{ __typename: 'ImageScore', projectName: 'demo', sourceUri: 'oss://bkt/entity.jpg' }];

    const response = await post(running.url, query, { r: representations });

    expect(directives(response)).toHaveProperty('public');
    expect(maxAge(response)).toBeGreaterThan(100);
  });

  it('makes GET queries cacheable, with an ETag that a revalidation answers with 304', async () => {
    const params = { query: IMAGE_SCORE_QUERY, variables: vars('oss://bkt/get.jpg') };

    const first = await get(running.url, params);
    const etag = first.headers.get('etag');
    const revalidated = await get(running.url, params, { 'if-none-match': etag ?? '' });
    const changed = await get(running.url, params, { 'if-none-match': '"something-else"' });

    expect(first.status).toBe(200);
    expect(maxAge(first)).toBeGreaterThan(100);
    expect(etag).toMatch(/^"[^"]+"$/);
    // The same URL answers the explorer's page to a browser's Accept.
    expect(first.headers.get('vary')).toMatch(/\bAccept\b/);
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(changed.status).toBe(200);
  });

  it('never answers a POST with 304', async () => {
    const first = await get(running.url, { query: IMAGE_SCORE_QUERY, variables: vars('oss://bkt/post.jpg') });

    const response = await post(running.url, IMAGE_SCORE_QUERY, vars('oss://bkt/post.jpg'), {
      'if-none-match': first.headers.get('etag') ?? '',
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeNull();
  });

  it('makes an automatic persisted query GET cacheable once the query is registered', async () => {
    const query = IMAGE_SCORE_QUERY;
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const variables = vars('oss://bkt/apq.jpg');

    const unknown = await get(running.url, { extensions, variables });
    // What a client does on PERSISTED_QUERY_NOT_FOUND: send the query once with its hash.
    const registered = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables, extensions }),
    });
    const hashed = await get(running.url, { extensions, variables });
    const body = (await hashed.json()) as { data?: { imageScore?: { overallQualityScore: number } } };

    expect(((await unknown.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    // Apollo's own answer to an unknown hash on a GET: no cache may keep the miss.
    expect(directives(unknown)).toHaveProperty('no-cache');
    expect(directives(unknown)).not.toHaveProperty('max-age');
    expect(registered.status).toBe(200);
    expect(hashed.status).toBe(200);
    expect(body.data?.imageScore?.overallQualityScore).toBeGreaterThan(0);
    expect(maxAge(hashed)).toBeGreaterThan(100);
    expect(directives(hashed)).toHaveProperty('public');
  });
});

describe('HTTP caching of scores, other settings', () => {
  it('makes answers `private` with auth on: a key’s answers are its own', async () => {
    const key = 'cache-key-0123456789';
    const running = await startGateway(
      { AUTH_MODE: 'api-key', API_KEYS: `${createHash('sha256').update(key).digest('hex')}=demo` },
      { source: new HashScoreSource() },
    );
    try {
      const response = await post(running.url, IMAGE_SCORE_QUERY, vars('oss://bkt/private.jpg'), { authorization: `Bearer ${key}` });

      expect(directives(response)).toHaveProperty('private');
      expect(directives(response)).not.toHaveProperty('public');
      expect(maxAge(response)).toBeGreaterThan(3000);
    } finally {
      await running.close();
    }
  });

  it('caps max-age at HTTP_CACHE_MAX_AGE_SECONDS, and 0 turns HTTP caching off', async () => {
    const capped = await startGateway({ HTTP_CACHE_MAX_AGE_SECONDS: '30' }, { source: new HashScoreSource() });
    const off = await startGateway({ HTTP_CACHE_MAX_AGE_SECONDS: '0' }, { source: new HashScoreSource() });
    try {
      const short = await post(capped.url, IMAGE_SCORE_QUERY, vars('oss://bkt/cap.jpg'));
      const none = await post(off.url, IMAGE_SCORE_QUERY, vars('oss://bkt/cap.jpg'));

      expect(maxAge(short)).toBe(30);
      expect(none.headers.get('cache-control')).toBe('no-store');
    } finally {
      await Promise.all([capped.close(), off.close()]);
    }
  });
});
