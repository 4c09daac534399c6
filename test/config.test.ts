import os from 'node:os';
import { ConfigError, DEFAULT_LOCAL_OSS_ROOT, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('has the contract defaults for an empty environment', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      port: 4000,
      scoreBackend: 'local',
      local: { ossRoot: DEFAULT_LOCAL_OSS_ROOT, projects: ['demo'] },
      imm: { region: 'cn-hangzhou', endpoint: 'imm.cn-hangzhou.aliyuncs.com', protocol: 'https' },
      maxBatchSize: 100,
      cache: { ttlSeconds: 86400 },
      auth: { mode: 'none' },
    });
  });

  it('derives the IMM endpoint from the region and turns auth on for imm', () => {
    const config = loadConfig({ SCORE_BACKEND: 'imm', IMM_REGION: 'cn-shanghai' });

    expect(config.imm.endpoint).toBe('imm.cn-shanghai.aliyuncs.com');
    expect(config.auth.mode).toBe('api-key');
  });

  it('keeps auth off with imm only when asked explicitly', () => {
    expect(loadConfig({ SCORE_BACKEND: 'imm', AUTH_MODE: 'none' }).auth.mode).toBe('none');
  });

  it('sizes the scorer pool from SCORER_THREADS, the CPU count by default', () => {
    expect(loadConfig({}).local.scorerThreads).toBe(os.availableParallelism());
    expect(loadConfig({ SCORER_THREADS: '3' }).local.scorerThreads).toBe(3);
  });

  it.each([
    [{}, true],
    [{ NODE_ENV: 'production' }, false],
    [{ NODE_ENV: 'production', GALLERY: 'true' }, true],
    [{ GALLERY: 'false' }, false],
  ])('serves the gallery page with %j: %j', (env, expected) => {
    expect(loadConfig(env).gallery).toBe(expected);
  });

  it('splits and trims LOCAL_PROJECTS', () => {
    expect(loadConfig({ LOCAL_PROJECTS: ' demo, gallery ,,' }).local.projects).toEqual(['demo', 'gallery']);
  });

  it.each([
    [{ MAX_BATCH_SIZE: '0' }, /MAX_BATCH_SIZE.*"0"/],
    [{ SCORER_THREADS: '0' }, /SCORER_THREADS.*"0"/],
    [{ PORT: 'eighty' }, /PORT.*"eighty"/],
    [{ METRICS_PORT: '70000' }, /METRICS_PORT.*"70000"/],
    [{ PORT: '8080', METRICS_PORT: '8080' }, /METRICS_PORT: must differ from PORT/],
    [{ SCORE_BACKEND: 'gcs' }, /SCORE_BACKEND.*"gcs"/],
    [{ IMM_ENDPOINT: 'https://imm.example.com/' }, /IMM_ENDPOINT.*host\[:port\]/],
    [{ SCORE_CACHE_TTL_SECONDS: '-5' }, /SCORE_CACHE_TTL_SECONDS/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY.*would trust any client/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY.*"10.0.0.0\/33"/],
    [{ TRUST_PROXY: 'lb.internal' }, /TRUST_PROXY.*"lb.internal"/],
    [{ CORS_ORIGINS: 'https://app.example.com/' }, /CORS_ORIGINS.*"https:\/\/app.example.com\/" is not an origin/],
    [{ CORS_ORIGINS: 'app.example.com' }, /CORS_ORIGINS.*"app.example.com" is not an origin/],
    [{ CORS_ORIGINS: 'https://a.example.com,*' }, /CORS_ORIGINS.*give it alone/],
    [{ HTTP_HEADERS_TIMEOUT_MS: '40000', HTTP_REQUEST_TIMEOUT_MS: '30000' }, /HTTP_HEADERS_TIMEOUT_MS: must not exceed/],
    [{ HTTP_CACHE_MAX_AGE_SECONDS: '-1' }, /HTTP_CACHE_MAX_AGE_SECONDS/],
    [{ EXPLORER: 'yes' }, /EXPLORER.*"yes"/],
    [{ GALLERY: 'yes' }, /GALLERY.*"yes"/],
  ])('fails fast naming the bad value in %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    [undefined, false],
    ['2', 2],
    [' loopback, 10.0.0.0/8 ,fd00::/8', ['loopback', '10.0.0.0/8', 'fd00::/8']],
  ])('reads TRUST_PROXY %j as %j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('reads CORS_ORIGINS as a trimmed list, none by default', () => {
    expect(loadConfig({}).http.corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: ' http://127.0.0.1:5173 , https://app.example.com ' }).http.corsOrigins).toEqual([
      'http://127.0.0.1:5173',
      'https://app.example.com',
    ]);
  });

  it('has the HTTP edge defaults', () => {
    expect(loadConfig({}).http).toEqual({
      corsOrigins: [],
      cacheMaxAgeSeconds: 3600,
      responseCacheMaxBytes: 16 * 1024 * 1024,
      bodyLimitBytes: 1024 * 1024,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      idleTimeoutMs: 60_000,
      keepAliveTimeoutMs: 72_000,
    });
  });

  it.each([
    [{}, true],
    [{ NODE_ENV: 'production' }, false],
    [{ NODE_ENV: 'production', EXPLORER: 'true' }, true],
    [{ EXPLORER: 'false' }, false],
  ])('turns the explorer on outside production unless told: %j', (env, expected) => {
    expect(loadConfig(env).explorer).toBe(expected);
  });

  it('names a bad secret variable without echoing its value', () => {
    expect(() => loadConfig({ IMM_CREDENTIAL_CONFIG: 'not json sekrit' })).toThrow(/IMM_CREDENTIAL_CONFIG.*hidden/);
    expect(() => loadConfig({ IMM_CREDENTIAL_CONFIG: 'not json sekrit' })).not.toThrow(/sekrit/);
  });
});
