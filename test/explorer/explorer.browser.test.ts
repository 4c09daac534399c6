import type { Browser, Page } from 'playwright-core';
import { describeWithBrowser, launchBrowser, recordRequests } from '../helpers/browser';
import { createHash } from 'node:crypto';
import type { RunningGateway } from '../helpers/gateway';
import { startGateway } from '../helpers/gateway';

/** Set to a folder to keep screenshots of what the tests saw. */
const SCREENSHOTS = process.env.EXPLORER_SCREENSHOTS;
const API_KEY = 'explorer-test-key';
/** A score as the response editor shows it. */
// Monaco wraps long lines where the docs pane leaves it little room.
/** Monaco, React and a first score on a shared 2-core machine take a while. */
const TIMEOUT_MS = 120_000;
const SCORE_LINE = /"overallQualityScore":\s0\.\s*\d+/;

describeWithBrowser('the explorer in a browser that can reach no other host', () => {
  let browser: Browser;
  let open: RunningGateway;
  let locked: RunningGateway;

  beforeAll(async () => {
    [browser, open, locked] = await Promise.all([
      launchBrowser(),
      startGateway(),
      startGateway({ AUTH_MODE: 'api-key', API_KEYS: `${createHash('sha256').update(API_KEY).digest('hex')}=*` }),
    ]);
  }, TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([open?.close(), locked?.close()]);
  });

  it('loads, lists imageScore in the docs and runs the default query, all from this origin', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests = recordRequests(page);
    const problems = watchProblems(page);
    await page.goto(open.url);

    await showsQueryField(page, 'imageScore');
    await run(page);
    await expect(responseText(page)).resolves.toMatch(SCORE_LINE);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/explorer.png` });

    expect(requests.offLoopback()).toEqual([]);
    expect(requests.failed).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, TIMEOUT_MS);

  it('sends the Authorization header typed into the headers editor', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests = recordRequests(page);
    await page.goto(locked.url);
    // Without the key even the schema is refused, and the IDE says why.
    await page.locator('.graphiql-response').getByText('UNAUTHENTICATED').waitFor();

    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await page.locator('.graphiql-editor-tool .monaco-editor').last().click();
    await page.keyboard.insertText(`{"Authorization": "Bearer ${API_KEY}"}`);
    await page.getByRole('button', { name: /re-fetch graphql schema/i }).click();
    await showsQueryField(page, 'imageScore');
    await run(page);
    await expect(responseText(page)).resolves.toMatch(SCORE_LINE);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/explorer-auth.png` });

    expect(requests.offLoopback()).toEqual([]);
    expect(requests.failed).toEqual([]);
    await page.close();
  }, TIMEOUT_MS);
});

/** Opens the docs explorer at Query and waits for `field` to be listed. */
async function showsQueryField(page: Page, field: string): Promise<void> {
  const docs = page.locator('.graphiql-doc-explorer');
  if (!(await docs.isVisible())) await page.getByRole('button', { name: /documentation explorer/i }).click();
  await docs.getByRole('link', { name: 'Query', exact: true }).click();
  await docs.getByRole('link', { name: field, exact: true }).waitFor();
}

async function run(page: Page): Promise<void> {
  await page.getByRole('button', { name: /execute query/i }).click();
  await page.locator('.graphiql-response').getByText('overallQualityScore').first().waitFor();
}

/** The lines the response editor shows (Monaco renders only those in view). */
function responseText(page: Page): Promise<string> {
  return page.locator('.graphiql-response .view-lines').innerText();
}

/** Page errors, console errors and CSP violations, as they happen. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}
