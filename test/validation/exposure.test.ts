import { createHash } from 'node:crypto';
import { HashScoreSource } from '../helpers/fake-source';
import { postGraphQL, startGateway } from '../helpers/gateway';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const KEY = 'router-key-24680';
const SDL = '{ _service { sdl } }';

describe('the federation SDL (_service)', () => {
  it('is refused in production unless FEDERATION_SDL=true, and served outside production', async () => {
    const prod = await startGateway({ NODE_ENV: 'production' }, { source: new HashScoreSource() });
    const router = await startGateway({ NODE_ENV: 'production', FEDERATION_SDL: 'true' }, { source: new HashScoreSource() });
    const dev = await startGateway({}, { source: new HashScoreSource() });
    try {
      const refused = await postGraphQL(prod.url, SDL);
      const allowed = await postGraphQL<{ _service: { sdl: string } }>(router.url, SDL);
      const local = await postGraphQL<{ _service: { sdl: string } }>(dev.url, SDL);

      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.body.errors?.[0]?.message).toMatch(/FEDERATION_SDL/);
      expect(JSON.stringify(refused.body)).not.toContain('imageScores');
      expect(allowed.body.data?._service.sdl).toContain('imageScores');
      expect(local.body.data?._service.sdl).toContain('imageScores');
    } finally {
      await Promise.all([prod.close(), router.close(), dev.close()]);
    }
  });

  it('needs an API key when auth is on, like every operation', async () => {
    const running = await startGateway(
      { NODE_ENV: 'production', FEDERATION_SDL: 'true', AUTH_MODE: 'api-key', API_KEYS: `${sha256(KEY)}=*` },
      { source: new HashScoreSource() },
    );
    try {
      const anonymous = await postGraphQL(running.url, SDL);
      const withKey = await postGraphQL<{ _service: { sdl: string } }>(running.url, SDL, {}, { authorization: `Bearer ${KEY}` });

      expect(anonymous.status).toBe(401);
      expect(withKey.body.data?._service.sdl).toContain('ImageScore');
    } finally {
      await running.close();
    }
  });
});

describe('validation errors with introspection off', () => {
  it('do not suggest field or argument names ("Did you mean")', async () => {
    const prod = await startGateway({ NODE_ENV: 'production' }, { source: new HashScoreSource() });
    const dev = await startGateway({}, { source: new HashScoreSource() });
    const typo = '{ imageScor(projectName: "demo", sourceUri: "oss://bkt/a.jpg") { overallQualityScor } }';
    try {
      const hidden = await postGraphQL(prod.url, typo);
      const shown = await postGraphQL(dev.url, typo);

      expect(hidden.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(hidden.body)).not.toMatch(/Did you mean|imageScores|"imageScore"/);
      expect(JSON.stringify(shown.body)).toMatch(/Did you mean/);
    } finally {
      await Promise.all([prod.close(), dev.close()]);
    }
  });
});

describe('failed authentication budget per client IP', () => {
  it('answers 429 after AUTH_FAILURES_PER_MINUTE wrong keys (default 30), without checking the next key, per IP', async () => {
    const running = await startGateway(
      // Requests come from loopback, standing in for a load balancer that names the client.
      { AUTH_MODE: 'api-key', API_KEYS: `${sha256(KEY)}=demo`, TRUST_PROXY: 'loopback' },
      { source: new HashScoreSource() },
    );
    const as = (client: string, key: string) =>
      postGraphQL(running.url, '{ __typename }', {}, { authorization: `Bearer ${key}`, 'x-forwarded-for': client });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await as('203.0.113.9', `guess-${i}`)).status);
      const blocked = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer guess-30', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      const rightKeyWhileBlocked = await as('203.0.113.9', KEY);
      const otherClient = await as('198.51.100.2', 'wrong');
      const otherClientRightKey = await as('198.51.100.2', KEY);

      expect(statuses).toEqual(Array(30).fill(401));
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await blocked.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('RATE_LIMITED');
      // A right guess reads the same as a wrong one while the budget is spent.
      expect(rightKeyWhileBlocked.status).toBe(429);
      expect(otherClient.status).toBe(401);
      expect(otherClientRightKey.status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
