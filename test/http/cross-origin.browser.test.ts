import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { describeWithBrowser, launchBrowser, recordRequests } from '../helpers/browser';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { startGateway } from '../helpers/gateway';
import { metricsText, sample } from '../helpers/prometheus';

const QUERY = 'query Score($projectName: String!, $sourceUri: String!) { imageScore(projectName: $projectName, sourceUri: $sourceUri) { overallQualityScore } }';

/** What a page's `fetch` came back with: the answer, or the error the browser threw. */
type PageFetch = { ok: true; status: number; score: number; requestId: string | null } | { ok: false; error: string };

/** A page on another origin, calling the gateway with `fetch` as a frontend would. */
async function fetchFromPage(page: Page, url: string, init: { method: 'GET' | 'POST'; sourceUri: string }): Promise<PageFetch> {
  return page.evaluate(
    async ({ url, init, query }) => {
      const variables = { projectName: 'demo', sourceUri: init.sourceUri };
      try {
        const response =
          init.method === 'POST'
            ? await fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ query, variables }),
              })
            : // A GET as Apollo Client or urql sends it, with the header CSRF prevention asks for.
              await fetch(`${url}?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`, {
                headers: { 'apollo-require-preflight': 'true' },
              });
        const body = (await response.json()) as { data: { imageScore: { overallQualityScore: number } } };
        return {
          ok: true as const,
          status: response.status,
          score: body.data.imageScore.overallQualityScore,
          requestId: response.headers.get('x-request-id'),
        };
      } catch (error) {
        return { ok: false as const, error: String(error) };
      }
    },
    { url, init, query: QUERY },
  );
}

describeWithBrowser('a page on another origin, in Chromium', () => {
  let browser: Browser;
  let pages: http.Server;
  let pagesPort: number;
  let running: RunningGateway;

  beforeAll(async () => {
    // The frontend's own server: a blank page, on another port than the gateway.
    pages = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>frontend</title><p>frontend</p>');
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pagesPort = (pages.address() as AddressInfo).port;
    // Only the 127.0.0.1 origin is listed: the same page at localhost is another origin.
    running = await startGateway({ CORS_ORIGINS: `http://127.0.0.1:${pagesPort}` }, { source: new HashScoreSource() });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await new Promise((resolve) => pages.close(resolve));
  });

  const open = async (host: '127.0.0.1' | 'localhost') => {
    const page = await browser.newPage();
    await page.goto(`http://${host}:${pagesPort}/`);
    return page;
  };

  it('gets a score with fetch when its origin is in CORS_ORIGINS, and reads the request id', async () => {
    const page = await open('127.0.0.1');
    try {
      const result = await fetchFromPage(page, running.url, { method: 'POST', sourceUri: 'oss://bkt/listed.jpg' });

      expect(result).toMatchObject({ ok: true, status: 200 });
      expect(result.ok && result.score).toBeGreaterThanOrEqual(0);
      expect(result.ok && result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await page.close();
    }
  });

  it('is refused by the browser when its origin is not listed, and nothing is scored', async () => {
    const page = await open('localhost');
    const requests = recordRequests(page);
    try {
      const result = await fetchFromPage(page, running.url, { method: 'POST', sourceUri: 'oss://bkt/unlisted.jpg' });

      expect(result).toEqual({ ok: false, error: expect.stringMatching(/TypeError: Failed to fetch/) });
      expect(requests.failed.map((failure) => failure.url)).toContain(running.url);
      // The preflight was refused, so the POST itself never left the browser.
      expect(running.source.countBy('oss://bkt/unlisted.jpg')).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('serves the same GET query a second time from the browser cache, or with a 304', async () => {
    const page = await open('127.0.0.1');
    const served = async (status: number) =>
      sample(
        await metricsText(running.url),
        `gateway_http_request_duration_seconds_count{route="/graphql",method="GET",status="${status}"}`,
      ) ?? 0;
    try {
      const before = { ok: await served(200), notModified: await served(304) };

      const first = await fetchFromPage(page, running.url, { method: 'GET', sourceUri: 'oss://bkt/cached.jpg' });
      const second = await fetchFromPage(page, running.url, { method: 'GET', sourceUri: 'oss://bkt/cached.jpg' });

      expect(first).toMatchObject({ ok: true, status: 200 });
      expect(second).toMatchObject({ ok: true, status: 200 });
      expect(second.ok && first.ok && second.score).toBe(first.ok && first.score);
      // One full answer from the gateway; the second was the browser's (or a revalidation).
      expect((await served(200)) - before.ok).toBe(1);
      expect((await served(304)) - before.notModified).toBeLessThanOrEqual(1);
    } finally {
      await page.close();
    }
  });
});
