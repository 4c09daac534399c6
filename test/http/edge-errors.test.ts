import { createHash } from 'node:crypto';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { IMAGE_SCORES_QUERY, postGraphQL, startGateway } from '../helpers/gateway';
import { counterFrom } from '../helpers/prometheus';

const errorsCounter = (code: string) => `gateway_graphql_errors_total{code="${code}"}`;

/** Sends a raw body, as a broken or hostile client would. */
const send = (url: string, body: string, contentType?: string) =>
  fetch(url, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });

describe.each(['development', 'production'])('requests refused before Apollo, NODE_ENV=%s', (nodeEnv) => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway({ NODE_ENV: nodeEnv, HTTP_BODY_LIMIT_BYTES: '2048' }, { source: new HashScoreSource() });
  });

  afterAll(() => running.close());

  it.each([
    ['malformed JSON', 400, 'BAD_REQUEST', () => send(running.url, '{ "query": ', 'application/json')],
    ['an empty JSON body', 400, 'BAD_REQUEST', () => send(running.url, '', 'application/json')],
    ['a body over HTTP_BODY_LIMIT_BYTES', 413, 'PAYLOAD_TOO_LARGE', () =>
      send(running.url, JSON.stringify({ query: `{ __typename } # ${'x'.repeat(4096)}` }), 'application/json')],
    ['a form post', 415, 'UNSUPPORTED_MEDIA_TYPE', () => send(running.url, 'query=%7B__typename%7D', 'application/x-www-form-urlencoded')],
    ['an XML body', 415, 'UNSUPPORTED_MEDIA_TYPE', () => send(running.url, '<query/>', 'application/xml')],
  ])('answers %s with %i and a GraphQL error coded %s, without a stack, and counts it', async (_what, status, code, request) => {
    const counter = await counterFrom(running.url, errorsCounter(code));

    const response = await request();
    const text = await response.text();

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
    expect(text).not.toMatch(/stack|at .*\.js:\d+|node_modules|FST_/);
    expect(await counter.delta()).toBe(1);
  });
});

describe('refusals in the error metric', () => {
  const KEY = 'metric-key-0123456789';
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway(
      {
        AUTH_MODE: 'api-key',
        API_KEYS: `${createHash('sha256').update(KEY).digest('hex')}=demo`,
        MAX_QUERY_COMPLEXITY: '20',
        RATE_LIMIT_PER_MINUTE: '0',
      },
      { source: new HashScoreSource() },
    );
  });

  afterAll(() => running.close());

  const asKey = (query: string, variables: Record<string, unknown>, key: string | undefined = KEY) =>
    postGraphQL(running.url, query, variables, key ? { authorization: `Bearer ${key}` } : {});
  const uris = (n: number) => Array.from({ length: n }, (_, i) => `oss://bkt/m${i}.jpg`);

  it.each([
    ['a missing key', 401, 'UNAUTHENTICATED', () => asKey('{ __typename }', {}, '')],
    ['an unknown key', 401, 'UNAUTHENTICATED', () => asKey('{ __typename }', {}, 'not-a-key')],
    ['a project outside the key', 403, 'FORBIDDEN', () => asKey(IMAGE_SCORES_QUERY, { projectName: 'other', sourceUris: uris(1) })],
    ['an operation over MAX_QUERY_COMPLEXITY', 400, 'QUERY_TOO_COMPLEX', () =>
      asKey(IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris(10) })],
    ['a GET without a preflight header (CSRF prevention)', 400, 'BAD_REQUEST', async () => {
      const response = await fetch(`${running.url}?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      return { status: response.status, body: (await response.json()) as { errors?: Array<{ extensions?: { code?: unknown } }> } };
    }],
  ])('counts %s under its code', async (_what, status, code, request) => {
    const counter = await counterFrom(running.url, errorsCounter(code));

    const response = await request();

    expect(response.status).toBe(status);
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(await counter.delta()).toBe(1);
  });

  it('tells a project outside the key apart by its reason, API_KEY_PROJECT', async () => {
    const response = await asKey(IMAGE_SCORES_QUERY, { projectName: 'other', sourceUris: uris(1) });

    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'API_KEY_PROJECT' });
  });

  it('counts a variable of the wrong type under the code its answer carries', async () => {
    const response = await asKey(IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: 7 });
    // The complexity plugin decides this code (BAD_USER_INPUT once it checks variables first).
    const code = String(response.body.errors?.[0]?.extensions?.code);
    const counter = await counterFrom(running.url, errorsCounter(code));
    await asKey(IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: 7 });

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await counter.delta()).toBe(1);
  });
});

describe('the rate limit in the error metric', () => {
  it('counts a 429 RATE_LIMITED, refused in the context function', async () => {
    const running = await startGateway({ RATE_LIMIT_PER_MINUTE: '1' }, { source: new HashScoreSource() });
    try {
      const counter = await counterFrom(running.url, errorsCounter('RATE_LIMITED'));

      const allowed = await postGraphQL(running.url, '{ __typename }');
      const refused = await postGraphQL(running.url, '{ __typename }');

      expect([allowed.status, refused.status]).toEqual([200, 429]);
      expect(await counter.delta()).toBe(1);
    } finally {
      await running.close();
    }
  });
});
