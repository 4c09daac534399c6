// Callbacks of page.evaluate and $$eval run in the page: they are typed against the DOM.
/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/config';
import type { BatchEntry } from '../helpers/gateway';
import { IMAGE_SCORES_QUERY, postGraphQL } from '../helpers/gateway';
import { describeWithBrowser, launchBrowser, recordRequests } from '../helpers/browser';
import type { GalleryWithGateway } from '../helpers/gallery-server';
import { startGalleryWithGateway } from '../helpers/gallery-server';
import { SAMPLES_DIR } from '../helpers/oss-fixture';

/** Where CI keeps the screenshots (gitignored; .ci/run prints the paths). */
const ARTIFACTS = path.join(PACKAGE_ROOT, 'artifacts');
const MISSING = 'oss://samples/no-such-photo.jpg';
// Chromium and the scoring of 11 photos share a busy CI machine: room beyond jest's 30 s.
const SLOW = 120_000;

type Scored = Extract<BatchEntry, { __typename: 'ImageScore' }>;

/** What the page shows of each tile, in grid order. */
async function readTiles(page: Page) {
  return page.$$eval('.tile', (tiles) =>
    tiles.map((tile) => ({
      sourceUri: tile.getAttribute('data-source-uri'),
      status: /tile-(\w+)/.exec(tile.className)?.[1],
      score: tile.querySelector('.overall-value')?.getAttribute('data-score') ?? null,
      shown: tile.querySelector('.overall-value')?.textContent ?? null,
      code: tile.querySelector('.error-code')?.textContent ?? null,
      message: tile.querySelector('.error-message')?.textContent ?? null,
      sharpness: tile.querySelector('[data-subscore="sharpness"] .subscore-value')?.textContent ?? null,
      thumbnail: (tile.querySelector('.thumb img') as HTMLImageElement | null)?.naturalWidth ?? 0,
    })),
  );
}

/** Waits until no listing or batch is on its way. */
function settled(page: Page) {
  return page.waitForSelector('.grid[aria-busy="false"]', { state: 'attached' });
}

/** Waits until the grid has tiles and none is still being scored (each scored or failed). */
function tilesAnswered(page: Page) {
  return page.waitForFunction(() => document.querySelectorAll('.tile').length > 0 && document.querySelectorAll('.tile-scoring').length === 0);
}

/**
 * Clicks "Load more" until the folder's `count` images are listed, then waits for every score.
 * The grid is not busy before its first listing starts either, so "settled" alone can be seen
 * too early: the tile count says when the whole folder is there.
 */
async function showWholeFolder(page: Page, count: number): Promise<void> {
  for (;;) {
    await settled(page);
    const more = page.locator('button.more');
    if ((await more.count()) > 0) await more.click();
    else if ((await page.locator('.tile').count()) >= count) break;
    else await page.waitForTimeout(50);
  }
  await tilesAnswered(page);
}

describeWithBrowser('the gallery page in Chromium', () => {
  let browser: Browser;
  let running: GalleryWithGateway;
  let samples: string[];
  let expected: Map<string, Scored>;

  beforeAll(async () => {
    // A small batch size, so the 11 samples take three listing pages and three batches.
    running = await startGalleryWithGateway({ MAX_BATCH_SIZE: '4' });
    samples = (await fs.readdir(SAMPLES_DIR))
      .filter((file) => /\.(jpe?g|png)$/.test(file))
      .sort()
      .map((file) => `oss://samples/${file}`);
    // The scores the API gives, asked directly (in batches of 4, as the gateway requires).
    expected = new Map();
    for (let start = 0; start < samples.length; start += 4) {
      const { body } = await postGraphQL<{ imageScores: BatchEntry[] }>(running.gateway.url, IMAGE_SCORES_QUERY, {
        projectName: 'demo',
        sourceUris: samples.slice(start, start + 4),
      });
      for (const entry of body.data!.imageScores) if (entry.__typename === 'ImageScore') expected.set(entry.sourceUri, entry);
    }
    await fs.mkdir(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows every sample with the score the API gives, a thumbnail each, all from loopback', async () => {
    // A tall window: every tile is in view, so every thumbnail loads (they load as they scroll in).
    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    const requests = recordRequests(page);
    await page.goto(`${running.origin}/gallery`);
    await showWholeFolder(page, samples.length);
    await page.waitForFunction(() => document.querySelectorAll('.thumb img').length >= 11);
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.thumb img')).every((img) => img.complete && img.naturalWidth > 0));

    const tiles = await readTiles(page);
    expect(tiles.map((tile) => tile.sourceUri).sort()).toEqual(samples);
    expect(expected.size).toBe(samples.length);
    for (const tile of tiles) {
      const score = expected.get(tile.sourceUri!)!;
      expect({ uri: tile.sourceUri, status: tile.status, score: Number(tile.score), shown: tile.shown }).toEqual({
        uri: score.sourceUri,
        status: 'scored',
        score: score.overallQualityScore,
        shown: score.overallQualityScore.toFixed(2),
      });
      expect(tile.thumbnail).toBeGreaterThan(0);
    }
    // Sorted by the overall score, best first, by default.
    const shownScores = tiles.map((tile) => Number(tile.score));
    expect(shownScores).toEqual([...shownScores].sort((a, b) => b - a));

    expect(requests.offLoopback()).toEqual([]);
    expect(requests.failed).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'gallery.png'), fullPage: true });
    await page.close();
  }, SLOW);

  it('sorts by any sub-score, either way', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    await page.goto(`${running.origin}/gallery`);
    await showWholeFolder(page, samples.length);

    await page.selectOption('select[name="sort"]', 'sharpness');
    const descending = (await readTiles(page)).map((tile) => Number(tile.sharpness));
    await page.click('button.order');
    const ascending = (await readTiles(page)).map((tile) => tile.sourceUri);

    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(new Set(descending).size).toBeGreaterThan(3);
    const bySharpness = (await readTiles(page)).map((tile) => Number(tile.sharpness));
    expect(bySharpness).toEqual([...bySharpness].sort((a, b) => a - b));
    expect(ascending).toHaveLength(samples.length);
    // The choice is kept in the URL, so the view can be shared.
    expect(new URL(page.url()).searchParams.get('sort')).toBe('sharpness');
    expect(new URL(page.url()).searchParams.get('order')).toBe('asc');
    await page.close();
  }, SLOW);

  it('scores pasted URIs in batches of MAX_BATCH_SIZE and shows a missing object in place', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    const batches: number[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) {
        const body = request.postDataJSON() as { variables: { sourceUris: string[] } };
        batches.push(body.variables.sourceUris.length);
      }
    });
    await page.goto(`${running.origin}/gallery`);
    await showWholeFolder(page, samples.length);
    batches.length = 0;

    await page.click('details.paste summary');
    await page.fill('textarea[name="uris"]', [...samples.slice(0, 8), MISSING].join('\n'));
    await page.click('button[value="uris"]');
    // The grid is not busy for a moment after the click, before its first batch starts (as in
    // showWholeFolder): wait for the nine pasted tiles to be answered, then for the grid.
    await page.waitForFunction(() => {
      const tiles = Array.from(document.querySelectorAll('.tile'));
      return tiles.length === 9 && tiles.every((tile) => /tile-(scored|failed)/.test(tile.className));
    });
    await settled(page);

    expect(batches).toEqual([4, 4, 1]);
    const tiles = await readTiles(page);
    const missing = tiles.find((tile) => tile.sourceUri === MISSING)!;
    expect(missing).toMatchObject({ status: 'failed', code: 'OBJECT_NOT_FOUND', score: null });
    expect(missing.message).toMatch(/no-such-photo\.jpg is not found/);
    // Without a score it sorts last, whatever the order.
    expect(tiles.at(-1)!.sourceUri).toBe(MISSING);
    await page.click('button.order');
    expect((await readTiles(page)).at(-1)!.sourceUri).toBe(MISSING);
    await page.close();
  }, SLOW);

  it('fits a phone-sized screen without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const requests = recordRequests(page);
    await page.goto(`${running.origin}/gallery`);
    await page.waitForFunction(() => document.querySelectorAll('.tile-scored').length >= 4);
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.thumb img')).some((img) => img.complete && img.naturalWidth > 0));

    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    const columns = await page.$$eval('.tile', (tiles) => new Set(tiles.map((tile) => tile.getBoundingClientRect().left)).size);
    expect(columns).toBe(2);
    expect(requests.offLoopback()).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'gallery-phone.png') });
    await context.close();
  }, SLOW);

  it('asks for an API key, then sends it in a header, never in a URL', async () => {
    const key = 'gallery-key-0123456789';
    const secured = await startGalleryWithGateway({
      AUTH_MODE: 'api-key',
      API_KEYS: `${createHash('sha256').update(key).digest('hex')}=demo`,
    });
    const page = await browser.newPage();
    try {
      const requests = recordRequests(page);
      const withKey = new Set<string>();
      page.on('request', (request) => {
        if (request.headers().authorization === `Bearer ${key}`) withKey.add(new URL(request.url()).pathname);
      });
      await page.goto(`${secured.origin}/gallery?bucket=samples&prefix=ro`);
      await settled(page);
      expect(await page.textContent('.notice')).toMatch(/^UNAUTHENTICATED: /);

      await page.fill('input[name="apiKey"]', key);
      await page.click('button[value="folder"]');
      // "Settled" can be seen before the listing starts, and the thumbnail can arrive before the
      // score (CI saw the tile still scoring): wait for the tile to end either way, then check how.
      await tilesAnswered(page);
      await settled(page);
      await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.thumb img')?.naturalWidth ?? 0) > 0);

      expect(await readTiles(page)).toMatchObject([{ sourceUri: 'oss://samples/rocket.jpg', status: 'scored' }]);
      expect([...withKey].sort()).toEqual(['/gallery/objects', '/gallery/preview', '/graphql']);
      expect(requests.urls.filter((url) => url.includes(key))).toEqual([]);
      expect(requests.offLoopback()).toEqual([]);
    } finally {
      await page.close();
      await secured.close();
    }
  }, SLOW);
});
