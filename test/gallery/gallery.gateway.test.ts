import { createHash } from 'node:crypto';
import type { RunningGateway } from '../helpers/gateway';
import { IMAGE_SCORE_QUERY, postGraphQL, startGateway } from '../helpers/gateway';

const preview = (origin: string, headers: Record<string, string> = {}) =>
  fetch(`${origin}/gallery/preview?${new URLSearchParams({ project: 'demo', uri: 'oss://samples/rocket.jpg' })}`, { headers });

describe('the gallery in the gateway', () => {
  const started: RunningGateway[] = [];
  const start = async (env: Record<string, string>) => {
    const running = await startGateway(env);
    started.push(running);
    return { running, origin: new URL(running.url).origin };
  };

  afterAll(async () => {
    await Promise.all(started.map((running) => running.close()));
  });

  it('is served outside production, and in production only with GALLERY=true', async () => {
    const development = await start({});
    const production = await start({ NODE_ENV: 'production' });
    const optedIn = await start({ NODE_ENV: 'production', GALLERY: 'true' });

    expect((await fetch(`${development.origin}/gallery`)).status).toBe(200);
    expect((await fetch(`${production.origin}/gallery`)).status).toBe(404);
    expect((await preview(production.origin)).status).toBe(404);
    expect((await fetch(`${optedIn.origin}/gallery`)).status).toBe(200);
    expect((await preview(optedIn.origin)).headers.get('content-type')).toBe('image/webp');
  });

  it('charges thumbnails to the same per-caller budget as GraphQL requests', async () => {
    const { running, origin } = await start({ RATE_LIMIT_PER_MINUTE: '2' });

    const thumbnail = await preview(origin);
    const query = await postGraphQL(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: 'oss://samples/rocket.jpg' });
    const refused = await preview(origin);

    expect([thumbnail.status, query.status]).toEqual([200, 200]);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ code: 'RATE_LIMITED', message: expect.any(String) });
  });

  it('counts failed authentications on GraphQL and the gallery against one budget per address', async () => {
    const key = 'gallery-key-0123456789';
    const { running, origin } = await start({
      AUTH_MODE: 'api-key',
      API_KEYS: `${createHash('sha256').update(key).digest('hex')}=demo`,
      AUTH_FAILURES_PER_MINUTE: '2',
    });
    const wrong = { authorization: 'Bearer wrong-guess' };

    const onGraphQL = await postGraphQL(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: 'oss://samples/rocket.jpg' }, wrong);
    const onGallery = await preview(origin, wrong);
    const thenRight = await preview(origin, { authorization: `Bearer ${key}` });

    expect([onGraphQL.status, onGallery.status]).toEqual([401, 401]);
    expect(thenRight.status).toBe(429);
  });
});
