import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { IMAGE_SCORES_QUERY, postGraphQL, startGateway } from '../helpers/gateway';
import { captureLogger } from '../helpers/log-capture';
import { freePort } from '../helpers/redis-server';
import { sample } from '../helpers/prometheus';
import { describeWithRedis, TEST_REDIS_URL } from '../helpers/redis';

describe('request ids, logs and metrics', () => {
  let running: RunningGateway;
  let lines: Array<Record<string, unknown>>;

  beforeAll(async () => {
    const capture = captureLogger('debug');
    lines = capture.lines;
    running = await startGateway({}, { source: new HashScoreSource(), logger: capture.logger });
  });

  afterAll(() => running.close());

  const metricsText = async () => (await fetch(running.url.replace('/graphql', '/metrics'))).text();

  it('echoes a plain x-request-id and logs the request and each upstream call under it', async () => {
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-abc.123' },
      body: JSON.stringify({ query: IMAGE_SCORES_QUERY, variables: { projectName: 'demo', sourceUris: ['oss://bkt/log1.jpg', 'oss://bkt/log2.jpg'] } }),
    });
    await response.json();

    expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
    const mine = lines.filter((line) => line.requestId === 'trace-abc.123');
    const calls = mine.filter((line) => line.msg === 'upstream call');
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((call) => call.callId)).size).toBe(2);
    expect(calls[0]).toMatchObject({ outcome: 'ok', projectName: 'demo', backend: 'hash' });
    const requestLines = mine.filter((line) => line.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ status: 200, route: '/graphql', method: 'POST' });
  });

  it('replaces a missing or unsafe x-request-id with a fresh UUID', async () => {
    const unsafe = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'evil\tid with spaces' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics: latency, upstream outcomes, cache outcomes, dedupe ratio', async () => {
    const before = await metricsText();
    const uris = ['oss://bkt/m1.jpg', 'oss://bkt/m1.jpg', 'oss://bkt/m2.jpg', 'oss://bkt/m1.jpg'];

    await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris });
    await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris.slice(0, 2) });
    const after = await metricsText();

    const delta = (line: string) => (sample(after, line) ?? 0) - (sample(before, line) ?? 0);
    expect(delta('gateway_upstream_calls_total{outcome="ok"}')).toBe(2);
    expect(delta('gateway_score_cache_total{outcome="miss"}')).toBe(2);
    expect(delta('gateway_score_cache_total{outcome="hit"}')).toBe(1);
    expect(delta('gateway_dedupe_ratio_count')).toBe(2);
    // 2 distinct of 4, then 1 distinct of 2.
    expect(delta('gateway_dedupe_ratio_sum')).toBeCloseTo(1);
    expect(delta('gateway_http_request_duration_seconds_count{route="/graphql",method="POST",status="200"}')).toBe(2);
    expect(sample(after, 'gateway_upstream_calls_in_flight')).toBe(0);
    expect(after).toContain('gateway_upstream_circuit_state');
    expect(after).toContain('process_resident_memory_bytes');
  });

  it('counts GraphQL errors by code', async () => {
    const before = sample(await metricsText(), 'gateway_graphql_errors_total{code="BAD_USER_INPUT"}') ?? 0;

    await postGraphQL(running.url, '{ imageScore(projectName: "demo", sourceUri: "http://x") { requestId } }');

    expect(sample(await metricsText(), 'gateway_graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(before + 1);
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics only on its own port, with the traffic of the public one', async () => {
    const running = await startGateway({ METRICS_PORT: '0' }, { source: new HashScoreSource() });
    try {
      const address = running.gateway.metricsServer?.address();
      if (!address || typeof address === 'string') throw new Error('the metrics port is not listening');
      const internal = `http://127.0.0.1:${address.port}`;
      await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: ['oss://bkt/a.jpg'] });

      const publicMetrics = await fetch(running.url.replace('/graphql', '/metrics'));
      const metrics = await fetch(`${internal}/metrics`);
      const text = await metrics.text();
      const graphqlOnInternal = await fetch(`${internal}/graphql`, { method: 'POST' });

      expect(publicMetrics.status).toBe(404);
      expect(metrics.status).toBe(200);
      expect(sample(text, 'gateway_upstream_calls_total{outcome="ok"}')).toBe(1);
      expect(graphqlOnInternal.status).toBe(404);
    } finally {
      await running.close();
    }
  });
});

describe('/readyz', () => {
  const readyz = async (running: RunningGateway) => {
    const response = await fetch(running.url.replace('/graphql', '/readyz'));
    return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
  };

  it('fails with 503 while the backend is not ready, and passes again when it is', async () => {
    let backendUp = true;
    const running = await startGateway({}, { source: new HashScoreSource({ ready: () => backendUp }) });
    try {
      const up = await readyz(running);
      backendUp = false;
      const down = await readyz(running);

      expect(up).toEqual({ status: 200, body: { status: 'ok', checks: { backend: 'ok' } } });
      expect(down).toEqual({ status: 503, body: { status: 'unavailable', checks: { backend: 'unavailable' } } });
    } finally {
      await running.close();
    }
  });

  it('fails while a required Redis is unreachable, yet GraphQL keeps answering', async () => {
    const deadPort = await freePort();
    const running = await startGateway(
      { REDIS_URL: `redis://127.0.0.1:${deadPort}`, REDIS_REQUIRED: 'true' },
      { source: new HashScoreSource() },
    );
    try {
      const { status, body } = await readyz(running);
      const query = await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: ['oss://bkt/r.jpg'] });

      expect(status).toBe(503);
      expect(body.checks).toEqual({ backend: 'ok', redis: 'unavailable' });
      expect(query.body.errors).toBeUndefined();
    } finally {
      await running.close();
    }
  });

  it('ignores an optional Redis (the default) for readiness', async () => {
    const deadPort = await freePort();
    const running = await startGateway({ REDIS_URL: `redis://127.0.0.1:${deadPort}` }, { source: new HashScoreSource() });
    try {
      expect((await readyz(running)).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});

describeWithRedis('/readyz with a live Redis', () => {
  it('passes when a required Redis answers', async () => {
    const running = await startGateway({ REDIS_URL: TEST_REDIS_URL!, REDIS_REQUIRED: 'true' }, { source: new HashScoreSource() });
    try {
      const deadline = Date.now() + 3000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) {
        status = (await fetch(running.url.replace('/graphql', '/readyz'))).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
