import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { createGateway } from '../../src/server';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { IMAGE_SCORES_QUERY, postGraphQL, silentLogger, startGateway } from '../helpers/gateway';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const DEMO_KEY = 'demo-key-0123456789';
const ADMIN_KEY = 'admin-key-9876543210';
const FILE_KEY = 'file-key-5555555555';

const SINGLE = /* GraphQL */ `
  query ($projectName: String!, $sourceUri: String!) {
    imageScore(projectName: $projectName, sourceUri: $sourceUri) { overallQualityScore }
  }
`;

describe('API key access', () => {
  let running: RunningGateway;
  let keyFile: string;

  beforeAll(async () => {
    keyFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'keys-')), 'keys.json');
    await fs.writeFile(keyFile, JSON.stringify([{ sha256: sha256(FILE_KEY), projects: ['gallery'] }]));
    running = await startGateway(
      {
        AUTH_MODE: 'api-key',
        API_KEYS: `${sha256(DEMO_KEY)}=demo ; ${sha256(ADMIN_KEY).toUpperCase()}=*`,
        API_KEYS_FILE: keyFile,
      },
      { source: new HashScoreSource() },
    );
  });

  afterAll(async () => {
    await running.close();
    await fs.rm(path.dirname(keyFile), { recursive: true, force: true });
  });

  beforeEach(() => {
    running.source.calls.length = 0;
  });

  const as = (key: string | undefined, query: string, variables: Record<string, unknown>) =>
    postGraphQL(running.url, query, variables, key === undefined ? {} : { authorization: `Bearer ${key}` });
  const scoreOne = (key: string | undefined, projectName: string) =>
    as(key, SINGLE, { projectName, sourceUri: 'oss://bkt/a.jpg' });

  it.each([
    ['no key', undefined],
    ['an unknown key', 'not-a-key'],
    ['the hash itself instead of the key', sha256(DEMO_KEY)],
  ])('answers %s with 401 UNAUTHENTICATED and scores nothing', async (_name, key) => {
    const { status, body } = await scoreOne(key, 'demo');

    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
    expect(running.source.calls).toHaveLength(0);
  });

  it('scores a project the key lists', async () => {
    const { status, body } = await scoreOne(DEMO_KEY, 'demo');

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(running.source.calls).toHaveLength(1);
  });

  it('answers a project outside the key with 403 FORBIDDEN before any scoring', async () => {
    const { status, body } = await scoreOne(DEMO_KEY, 'other');

    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(running.source.calls).toHaveLength(0);
  });

  it('refuses the whole operation when one aliased field names a forbidden project', async () => {
    const query = `{
      ok: imageScores(projectName: "demo", sourceUris: ["oss://bkt/a.jpg"]) { __typename }
      no: imageScores(projectName: "other", sourceUris: ["oss://bkt/b.jpg"]) { __typename }
    }`;

    const { status, body } = await as(DEMO_KEY, query, {});

    expect(status).toBe(403);
    expect(body.errors?.[0]?.message).toContain('"other"');
    expect(running.source.calls).toHaveLength(0);
  });

  it('checks project names inside fragments', async () => {
    const query = `query { ...F } fragment F on Query { imageScore(projectName: "other", sourceUri: "oss://bkt/a.jpg") { requestId } }`;

    const { status } = await as(DEMO_KEY, query, {});

    expect(status).toBe(403);
    expect(running.source.calls).toHaveLength(0);
  });

  it('checks the projects of federation _entities representations', async () => {
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on ImageScore { overallQualityScore } }
    }`;
    const representations = [
      { __typename: 'ImageScore', projectName: 'demo', sourceUri: 'oss://bkt/entity.jpg' },
      { __typename: 'ImageScore', projectName: 'other', sourceUri: 'oss://bkt/b.jpg' },
    ];

    const denied = await as(DEMO_KEY, query, { representations });
    const allowed = await as(DEMO_KEY, query, { representations: representations.slice(0, 1) });

    expect(denied.status).toBe(403);
    expect(allowed.status).toBe(200);
    expect(allowed.body.errors).toBeUndefined();
    expect(running.source.calls).toHaveLength(1);
  });

  it('lets a `*` key (configured in upper-case hex) use any project', async () => {
    const { status, body } = await as(ADMIN_KEY, IMAGE_SCORES_QUERY, { projectName: 'anything', sourceUris: ['oss://bkt/a.jpg'] });

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('reads keys from API_KEYS_FILE', async () => {
    expect((await scoreOne(FILE_KEY, 'gallery')).status).toBe(200);
    expect((await scoreOne(FILE_KEY, 'demo')).status).toBe(403);
  });

  it('keeps CSRF prevention on: a GET without a preflight header is refused', async () => {
    const url = `${running.url}?query=${encodeURIComponent('{ __typename }')}`;

    const response = await fetch(url, { headers: { authorization: `Bearer ${DEMO_KEY}` } });

    expect(response.status).toBe(400);
  });
});

describe('auth configuration', () => {
  it('is on by default with the imm backend and fails the start when no key is configured', async () => {
    const config = loadConfig({ SCORE_BACKEND: 'imm' });

    await expect(createGateway(config, { logger: silentLogger, source: new HashScoreSource() })).rejects.toThrow(
      /no key is configured.*AUTH_MODE=none/,
    );
    await expect(createGateway(config, { logger: silentLogger, source: new HashScoreSource() })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });

  it('names a malformed API_KEYS entry by position, never echoing it', async () => {
    const config = loadConfig({ AUTH_MODE: 'api-key', API_KEYS: `${sha256('x')}=demo;secretstuff=demo` });

    const start = createGateway(config, { logger: silentLogger, source: new HashScoreSource() });

    await expect(start).rejects.toThrow(/API_KEYS entry 2/);
    await expect(createGateway(config, { logger: silentLogger })).rejects.not.toThrow(/secretstuff/);
  });
});
