import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { EXPLORER_BUILD_DIR, ExplorerNotBuiltError, readExplorerManifest } from '../../src/explorer/explorer-manifest';
import { EXPLORER_CSP, explorerRoutes, prefersHtml } from '../../src/http/explorer.routes';
import type { RunningFastifyExplorer } from '../helpers/fastify-explorer';
import { startFastifyExplorer } from '../helpers/fastify-explorer';

/** What Chromium sends when a person opens the URL. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('prefersHtml', () => {
  it.each([
    [BROWSER_ACCEPT, true],
    ['text/html', true],
    ['text/*', true],
    ['application/json', false],
    ['*/*', false],
    ['application/json, text/html', false],
    ['text/html;q=0.5, application/json', false],
    [undefined, false],
  ])('reads %j as %j, as Apollo chooses its landing page', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});

describe('the explorer routes', () => {
  let server: RunningFastifyExplorer;
  const manifest = readExplorerManifest();
  const asset = (name: string) => `${server.origin}/graphql/explorer/${name}`;

  beforeAll(async () => {
    server = await startFastifyExplorer();
  });
  afterAll(() => server.close());

  it('serves the page at GET /graphql to a browser, with a CSP that admits only this origin', async () => {
    const response = await fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('vary')).toMatch(/accept/i);
    expect(response.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    expect(EXPLORER_CSP).toContain("default-src 'none'");
    expect(EXPLORER_CSP).not.toMatch(/https?:|\*|'unsafe-eval'/);
    expect(html).toContain(`<script type="module" src="/graphql/explorer/${manifest.script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="/graphql/explorer/${manifest.style}">`);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('answers HEAD for the page without a body', async () => {
    const response = await fetch(server.url, { method: 'HEAD', headers: { accept: BROWSER_ACCEPT } });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('');
  });

  it('leaves GraphQL GETs and POSTs to Apollo', async () => {
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    const post = await fetch(server.url, {
      method: 'POST',
      headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ imageScore(projectName: "demo", sourceUri: "oss://samples/coffee.png") { overallQualityScore } }',
      }),
    });

    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect(post.status).toBe(200);
    const body = (await post.json()) as { data: { imageScore: { overallQualityScore: number } } };
    expect(body.data.imageScore.overallQualityScore).toBeGreaterThan(0);
  });

  it('serves the hashed files with their types, a year of immutable caching and the CSP', async () => {
    for (const [name, type] of [
      [manifest.script, /^(text|application)\/javascript; charset=utf-8$/],
      [manifest.style, /^text\/css; charset=utf-8$/],
    ] as const) {
      const response = await fetch(asset(name), { headers: { 'accept-encoding': 'identity' } });
      const body = Buffer.from(await response.arrayBuffer());

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(type);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(body.equals(fs.readFileSync(path.join(EXPLORER_BUILD_DIR, 'assets', name)))).toBe(true);
    }
  });

  it('sends the brotli copy to a client that takes it', async () => {
    // fetch would decode it; node:http shows the bytes as sent.
    const { status, headers, bytes } = await rawGet(asset(manifest.script), { 'accept-encoding': 'br, gzip' });

    expect(status).toBe(200);
    expect(headers['content-encoding']).toBe('br');
    expect(headers.vary).toMatch(/accept-encoding/);
    expect(bytes).toBe(fs.statSync(path.join(EXPLORER_BUILD_DIR, 'assets', `${manifest.script}.br`)).size);
  });

  it('answers 404 for a file that is not in the bundle', async () => {
    expect((await fetch(asset('missing-ABCDEFGH.js'))).status).toBe(404);
    expect((await fetch(asset('../manifest.json'))).status).toBe(404);
  });

  it('builds every stylesheet url() from data: or this bundle, and imports no script from elsewhere', () => {
    for (const name of manifest.files.filter((file) => /\.(css|js)$/.test(file))) {
      const text = fs.readFileSync(path.join(EXPLORER_BUILD_DIR, 'assets', name), 'utf8');
      const urls = [...text.matchAll(/url\(\s*["']?([^"')]*)/g)].map((match) => match[1] ?? '');
      const external = urls.filter((url) => /^(https?:)?\/\//.test(url));
      expect({ name, external }).toEqual({ name, external: [] });
      expect(text).not.toMatch(/esm\.sh|unpkg\.com|jsdelivr|fonts\.(googleapis|gstatic)\.com/);
    }
  });
});

describe('the explorer plugin without a bundle', () => {
  it('fails at registration and says how to build it', async () => {
    const app = Fastify();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'explorer-'));
    try {
      await expect(app.register(explorerRoutes, { buildDir: empty }).ready()).rejects.toThrow(ExplorerNotBuiltError);
      await expect(Fastify().register(explorerRoutes, { buildDir: empty }).ready()).rejects.toThrow(/npm run build/);
    } finally {
      await app.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('GET /graphql from a browser with the explorer off', () => {
  let server: RunningFastifyExplorer;
  beforeAll(async () => {
    server = await startFastifyExplorer({ explorer: false });
  });
  afterAll(() => server.close());

  it('shows no page at all, let alone one from a CDN', async () => {
    const response = await fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });
    const body = await response.text();

    expect(response.headers.get('content-type')).not.toMatch(/html/);
    expect(body).not.toMatch(/<html|<script|cdn|apollographql\.com/i);
  });
});

function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }>(
    (resolve, reject) => {
      http
        .get(url, { headers }, (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes }));
        })
        .on('error', reject);
    },
  );
}
