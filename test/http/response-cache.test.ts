import { createHash } from 'node:crypto';
import type { ImageRef, Score } from '../../src/datasources/score-source';
import type { ScoreLoaderObserver } from '../../src/datasources/score-loader';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { freshFor } from '../helpers/http-freshness';
import { metricsText, sample } from '../helpers/prometheus';
import { IMAGE_SCORE_QUERY, IMAGE_SCORES_QUERY, startGateway } from '../helpers/gateway';
import type { OssFixture } from '../helpers/oss-fixture';
import { createOssFixture, readSample } from '../helpers/oss-fixture';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Counts what reached the score loader: a query the response cache answers adds nothing. */
function loaderCounter(): ScoreLoaderObserver & { loads: number } {
  const observer = {
    loads: 0,
    onCacheOutcome: () => {
      observer.loads += 1;
    },
  };
  return observer;
}

/** The gateway's response-cache counters, as its `/metrics` shows them. */
async function responseCacheCounts(running: RunningGateway): Promise<{ hit: number; miss: number }> {
  const text = await metricsText(running.url);
  const of = (outcome: string) => sample(text, `gateway_response_cache_total{outcome="${outcome}"}`) ?? 0;
  return { hit: of('hit'), miss: of('miss') };
}

/** Bytes the gateway's response cache holds, as its `/metrics` shows them. */
async function responseCacheBytes(running: RunningGateway): Promise<number> {
  return sample(await metricsText(running.url), 'gateway_response_cache_bytes') ?? Number.NaN;
}

/** Hash scores, but an image named `slow.jpg` takes `slowMs` to score. */
class OneSlowSource extends HashScoreSource {
  constructor(private readonly slowMs: number) {
    super();
  }

  override async score(ref: ImageRef): Promise<Score> {
    if (ref.sourceUri.endsWith('slow.jpg')) await new Promise((resolve) => setTimeout(resolve, this.slowMs));
    return super.score(ref);
  }
}

function post(url: string, query: string, variables: Record<string, unknown>, key?: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
}

describe('the full-response cache, auth off, local backend', () => {
  let fixture: OssFixture;
  let running: RunningGateway;
  let counter: ReturnType<typeof loaderCounter>;
  let coffee: string;

  beforeAll(async () => {
    fixture = await createOssFixture();
    coffee = await fixture.put('photos', 'coffee.png', await readSample('coffee.png'));
    await fixture.put('photos', 'rocket.jpg', await readSample('rocket.jpg'));
    await fixture.put('photos', 'notes.jpg', 'not an image\n');
    counter = loaderCounter();
    running = await startGateway({ LOCAL_OSS_ROOT: fixture.root, RATE_LIMIT_PER_MINUTE: '0' }, { observer: counter });
  });

  afterAll(async () => {
    await running.close();
    await fixture.cleanup();
  });

  it('answers a repeated query from the cache, without executing it, with the same body and an Age', async () => {
    const before = await responseCacheCounts(running);
    const first = await post(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: coffee });
    const loadsAfterFirst = counter.loads;
    const second = await post(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: coffee });

    expect(await second.text()).toBe(await first.text());
    expect(counter.loads).toBe(loadsAfterFirst);
    expect(second.headers.get('age')).toMatch(/^\d+$/);
    expect(second.headers.get('cache-control')).toMatch(/public/);
    const after = await responseCacheCounts(running);
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
  });

  it('answers variables the operation does not declare, but keeps no entry for them', async () => {
    const query = 'query ($uri: String!) { imageScore(projectName: "demo", sourceUri: $uri) { overallQualityScore } }';
    await post(running.url, query, { uri: coffee });
    const bytes = await responseCacheBytes(running);
    const { hit } = await responseCacheCounts(running);

    const junk = await post(running.url, query, { uri: coffee, junk1: 'x' });
    const sameJunk = await post(running.url, query, { uri: coffee, junk1: 'x' });

    expect(junk.status).toBe(200);
    expect(((await sameJunk.json()) as { data: { imageScore: { overallQualityScore: number } } }).data.imageScore.overallQualityScore).toBeGreaterThan(0);
    // Executed each time from the score cache: no entry was minted, so none is replayed.
    expect(sameJunk.headers.get('age')).toBeNull();
    expect(await responseCacheBytes(running)).toBe(bytes);
    expect((await responseCacheCounts(running)).hit).toBe(hit);
  });

  it('never keeps a request longer than APQ_MAX_QUERY_BYTES: padded queries cannot flush the store', async () => {
    const padded = `${IMAGE_SCORE_QUERY}\n# ${'x'.repeat(16 * 1024)}`;
    const variables = { projectName: 'demo', sourceUri: coffee };
    const bytes = await responseCacheBytes(running);
    await post(running.url, padded, variables);
    const again = await post(running.url, padded, variables);

    expect(again.status).toBe(200);
    expect(again.headers.get('age')).toBeNull();
    expect(await responseCacheBytes(running)).toBe(bytes);
  });

  it('keys on the variables: another image is executed', async () => {
    await post(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: [coffee] });
    const loads = counter.loads;

    const other = await post(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: ['oss://photos/rocket.jpg'] });

    expect(other.status).toBe(200);
    expect(counter.loads).toBe(loads + 1);
  });

  it('never caches an answer holding an error: each is executed again', async () => {
    const uris = [coffee, 'oss://photos/notes.jpg'];
    const first = await post(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris });
    const loads = counter.loads;
    const again = await post(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris });

    const body = (await again.json()) as { data: { imageScores: Array<{ __typename: string }> } };
    expect(body.data.imageScores.map((entry) => entry.__typename)).toEqual(['ImageScore', 'ImageScoreError']);
    expect(first.headers.get('cache-control')).toBe('no-store');
    // Executed: the loader ran again, and the failed image (never cached) was tried again.
    expect(counter.loads).toBeGreaterThan(loads);
    expect(running.source.countBy('oss://photos/notes.jpg')).toBe(2);
  });
});

/** Runs `check` against a gateway of its own (configured by `env`), closed afterwards. */
async function withGateway(
  env: Record<string, string>,
  check: (running: RunningGateway, counter: ReturnType<typeof loaderCounter>) => Promise<void>,
  deps: Parameters<typeof startGateway>[1] = {},
): Promise<void> {
  const counter = loaderCounter();
  const running = await startGateway({ RATE_LIMIT_PER_MINUTE: '0', ...env }, { ...deps, observer: counter });
  try {
    await check(running, counter);
  } finally {
    await running.close();
  }
}

describe('the full-response cache, bounded by the score cache TTL', () => {
  it('executes the query again once the scores it holds have expired', () =>
    withGateway({ SCORE_CACHE_TTL_SECONDS: '1' }, async (running, counter) => {
      const variables = { projectName: 'demo', sourceUri: 'oss://samples/coffee.png' };
      await post(running.url, IMAGE_SCORE_QUERY, variables);
      await new Promise((resolve) => setTimeout(resolve, 1300));
      await post(running.url, IMAGE_SCORE_QUERY, variables);

      expect(counter.loads).toBe(2);
      expect(running.source.countBy('oss://samples/coffee.png')).toBe(2);
    }));

  // One image per batch: `fast` resolves at once from the cache with 3 s left; `slow` takes 2.5 s
  // more, so when the answer is sent `fast` has under a second left.
  const expiring = { SCORE_CACHE_TTL_SECONDS: '4', MAX_BATCH_SIZE: '1', MAX_IMAGES_PER_OPERATION: '2' };
  it('bounds the answer by the expiry of its scores when it is sent, not when each field resolved', () =>
    withGateway(
      expiring,
      async (running, counter) => {
        const fast = 'fast: imageScore(projectName: "demo", sourceUri: "oss://bkt/fast.jpg") { overallQualityScore }';
        const query = `query { ${fast} slow: imageScore(projectName: "demo", sourceUri: "oss://bkt/slow.jpg") { overallQualityScore } }`;
        await post(running.url, `query { ${fast} }`, {});
        await new Promise((resolve) => setTimeout(resolve, 1000));

        const both = await post(running.url, query, {});
        await new Promise((resolve) => setTimeout(resolve, 1200));
        const loads = counter.loads;
        const again = await post(running.url, query, {});

        expect(both.status).toBe(200);
        expect(freshFor(both)).toBeLessThanOrEqual(1);
        // `fast` has expired by now: the answer holding it is not reused.
        expect(again.headers.get('age')).toBeNull();
        expect(counter.loads).toBeGreaterThan(loads);
      },
      { source: new OneSlowSource(2500) },
    ));

  // One answer's JSON is about 130 bytes; with its key and overhead, about 400.
  it('counts keys and per-entry overhead against RESPONSE_CACHE_MAX_BYTES, not only the JSON', () =>
    withGateway({ RESPONSE_CACHE_MAX_BYTES: '300' }, async (running, counter) => {
      const query = 'query ($uri: String!) { imageScore(projectName: "demo", sourceUri: $uri) { overallQualityScore } }';
      await post(running.url, query, { uri: 'oss://samples/coffee.png' });
      await post(running.url, query, { uri: 'oss://samples/coffee.png' });

      expect(counter.loads).toBe(2);
    }));

  it('is off with RESPONSE_CACHE_MAX_BYTES=0: every query is executed', () =>
    withGateway({ RESPONSE_CACHE_MAX_BYTES: '0' }, async (running, counter) => {
      const variables = { projectName: 'demo', sourceUri: 'oss://samples/coffee.png' };
      await post(running.url, IMAGE_SCORE_QUERY, variables);
      await post(running.url, IMAGE_SCORE_QUERY, variables);

      expect(counter.loads).toBe(2);
      expect(await responseCacheCounts(running)).toEqual({ hit: 0, miss: 0 });
    }));
});

describe('the full-response cache, auth on: never served to a caller who may not see it', () => {
  const DEMO = 'demo-key-0123456789';
  const DEMO_TOO = 'second-demo-key-0123';
  const OTHER = 'other-key-0123456789';
  const BOTH = 'both-key-01234567890';
  let running: RunningGateway;
  let counter: ReturnType<typeof loaderCounter>;
  const variables = { projectName: 'demo', sourceUri: 'oss://samples/coffee.png' };

  beforeAll(async () => {
    counter = loaderCounter();
    running = await startGateway(
      {
        AUTH_MODE: 'api-key',
        API_KEYS: [`${sha256(DEMO)}=demo`, `${sha256(DEMO_TOO)}=demo`, `${sha256(OTHER)}=other`, `${sha256(BOTH)}=demo,other`].join(';'),
        LOCAL_PROJECTS: 'demo,other',
        RATE_LIMIT_PER_MINUTE: '0',
      },
      { observer: counter },
    );
    const first = await post(running.url, IMAGE_SCORE_QUERY, variables, DEMO);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/private/);
  });

  afterAll(() => running.close());

  it('refuses a key of another project with FORBIDDEN, not the cached answer', async () => {
    const refused = await post(running.url, IMAGE_SCORE_QUERY, variables, OTHER);

    const body = (await refused.json()) as { data?: unknown; errors?: Array<{ extensions: { code: string } }> };
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(body.data ?? null)).not.toContain('overallQualityScore');
  });

  it('refuses a request without a key with 401, although the answer is cached', async () => {
    const refused = await post(running.url, IMAGE_SCORE_QUERY, variables);

    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('overallQualityScore');
  });

  it('shares the entry with a key of the same scope, and only with it', async () => {
    const loads = counter.loads;
    const sameScope = await post(running.url, IMAGE_SCORE_QUERY, variables, DEMO_TOO);
    expect(counter.loads).toBe(loads);
    expect(sameScope.headers.get('age')).not.toBeNull();

    const widerScope = await post(running.url, IMAGE_SCORE_QUERY, variables, BOTH);
    expect(widerScope.status).toBe(200);
    expect(widerScope.headers.get('age')).toBeNull();
    expect(counter.loads).toBe(loads + 1);
  });
});

describe('the full-response cache at the edge: a replay passes every check a fresh answer does', () => {
  const variables = { projectName: 'demo', sourceUri: 'oss://samples/coffee.png' };
  const getUrl = (running: RunningGateway) =>
    `${running.url}?${new URLSearchParams({ query: IMAGE_SCORE_QUERY, variables: JSON.stringify(variables) }).toString()}`;

  it('replays a GET that carries a preflight header, with an ETag a revalidation answers with 304', () =>
    withGateway({}, async (running, counter) => {
      const first = await fetch(getUrl(running), { headers: { 'apollo-require-preflight': 'true' } });
      const again = await fetch(getUrl(running), { headers: { 'apollo-require-preflight': 'true' } });
      const revalidated = await fetch(getUrl(running), {
        headers: { 'apollo-require-preflight': 'true', 'if-none-match': again.headers.get('etag') ?? '' },
      });

      expect(await again.text()).toBe(await first.text());
      expect(again.headers.get('age')).toMatch(/^\d+$/);
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(revalidated.status).toBe(304);
      expect(counter.loads).toBe(1);
    }));

  it('refuses the same GET without a preflight header (CSRF prevention), although its answer is cached', () =>
    withGateway({}, async (running) => {
      await fetch(getUrl(running), { headers: { 'apollo-require-preflight': 'true' } });
      const refused = await fetch(getUrl(running));

      expect(refused.status).toBe(400);
      expect(await refused.text()).not.toContain('overallQualityScore');
    }));

  it('never replays to a request for a federation trace, nor stores its answer', () =>
    withGateway({}, async (running, counter) => {
      const traced = () =>
        fetch(running.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'apollo-federation-include-trace': 'ftv1' },
          body: JSON.stringify({ query: IMAGE_SCORE_QUERY, variables }),
        });
      await post(running.url, IMAGE_SCORE_QUERY, variables);
      const first = await traced();
      const second = await traced();

      expect(first.headers.get('age')).toBeNull();
      expect(second.headers.get('age')).toBeNull();
      expect(counter.loads).toBe(3);
    }));

  it('keeps an answer per Accept header: each gets the content type it asked for', () =>
    withGateway({}, async (running) => {
      const ask = (accept: string) =>
        fetch(running.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify({ query: IMAGE_SCORE_QUERY, variables }),
        });
      await ask('application/json');
      await ask('application/json');
      const other = await ask('application/graphql-response+json');

      expect(other.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      expect(other.headers.get('age')).toBeNull();
    }));

  it('charges a replay to the caller’s request budget: past it, 429 although the answer is cached', () =>
    withGateway({ RATE_LIMIT_PER_MINUTE: '2' }, async (running) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await post(running.url, IMAGE_SCORE_QUERY, variables)).status);

      expect(statuses).toEqual([200, 200, 429]);
    }));

  it('charges a failed authentication once, though both the cache and Apollo admit the request', () =>
    withGateway(
      { AUTH_MODE: 'api-key', API_KEYS: `${sha256('right-key-0123456789')}=demo`, AUTH_FAILURES_PER_MINUTE: '2' },
      async (running) => {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i += 1) statuses.push((await post(running.url, IMAGE_SCORE_QUERY, variables, 'wrong-key-0123456789')).status);

        expect(statuses).toEqual([401, 401, 429]);
      },
    ));
});
