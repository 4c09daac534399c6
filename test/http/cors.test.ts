import { loadConfig } from '../../src/config';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { startGateway } from '../helpers/gateway';

const LISTED = 'http://127.0.0.1:5173';
const OTHER = 'http://localhost:5173';

const preflight = (url: string, origin: string, method = 'POST', headers = 'content-type, authorization') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

const post = (url: string, origin: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

describe('CORS with CORS_ORIGINS listing origins', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway({ CORS_ORIGINS: `${LISTED},https://app.example.com` }, { source: new HashScoreSource() });
  });

  afterAll(() => running.close());

  it('answers a preflight from a listed origin with 204 and the headers a page needs', async () => {
    const response = await preflight(running.url, LISTED, 'GET', 'apollo-require-preflight, authorization');

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(response.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name']),
    );
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('gives no Access-Control-Allow-Origin to an origin that is not listed (localhost is not 127.0.0.1)', async () => {
    const refusedPreflight = await preflight(running.url, OTHER);
    const refusedPost = await post(running.url, OTHER);

    expect(refusedPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(refusedPost.headers.get('access-control-allow-origin')).toBeNull();
    expect(refusedPost.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('lets a listed page read the answer, its request id and Retry-After, without credentials', async () => {
    const response = await post(running.url, LISTED);

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(response.headers.get('access-control-expose-headers')?.split(', ')).toEqual(['x-request-id', 'retry-after']);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    // Both: the CORS headers depend on the Origin, the content type on the Accept.
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(response.headers.get('vary')).toMatch(/\bAccept\b/);
  });

  it('answers the preflight itself: CSRF prevention never sees it, and still refuses a simple GET', async () => {
    const simpleGet = await fetch(`${running.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: LISTED },
    });
    const body = (await simpleGet.json()) as { errors: Array<{ extensions: { code: string } }> };

    expect((await preflight(running.url, LISTED, 'GET', 'apollo-require-preflight')).status).toBe(204);
    expect(simpleGet.status).toBe(400);
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    // The refusal is readable by the page that caused it.
    expect(simpleGet.headers.get('access-control-allow-origin')).toBe(LISTED);
  });
});

describe('CORS by default (no CORS_ORIGINS)', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway({}, { source: new HashScoreSource() });
  });

  afterAll(() => running.close());

  it('is same-origin only: no preflight route and no CORS header on any answer', async () => {
    const refusedPreflight = await preflight(running.url, LISTED);
    const answer = await post(running.url, LISTED);

    expect(refusedPreflight.status).toBe(404);
    expect(refusedPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS_ORIGINS=*', () => {
  it('allows any origin with auth off', async () => {
    const running = await startGateway({ CORS_ORIGINS: '*' }, { source: new HashScoreSource() });
    try {
      const response = await post(running.url, OTHER);

      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await running.close();
    }
  });

  it('is refused at start with auth on, whether set or implied by the imm backend', () => {
    expect(() => loadConfig({ CORS_ORIGINS: '*', AUTH_MODE: 'api-key' })).toThrow(/CORS_ORIGINS: `\*` is refused/);
    expect(() => loadConfig({ CORS_ORIGINS: '*', SCORE_BACKEND: 'imm' })).toThrow(/CORS_ORIGINS/);
  });
});
