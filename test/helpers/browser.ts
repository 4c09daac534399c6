import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page, Request } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright's own browser download cannot work here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether tests that drive a real browser can run here. */
export const CHROMIUM_AVAILABLE = existsSync(CHROMIUM_PATH);

/**
 * `describe` for tests that need Chromium. A dev machine without it skips the block, and the name
 * says why; in CI (`CI=true`, where `.ci/run` installs it) a missing browser fails instead of
 * silently skipping.
 */
export const describeWithBrowser: (name: string, fn: () => void) => void =
  CHROMIUM_AVAILABLE || process.env.CI === 'true'
    ? (name, fn) => describe(name, fn)
    : (name, fn) => describe.skip(`${name} [SKIPPED: chromium not installed; apt-get install chromium]`, fn);

/**
 * Headless Chromium in which every host but loopback is unresolvable, so a page that reaches for
 * a CDN, a font service or any other host fails to load it (and `recordRequests` shows it).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
            '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}

/** Every request a page made, and those that did not go to loopback. */
export interface RequestLog {
  urls: string[];
  /** URLs whose host is neither 127.0.0.1, localhost nor [::1] (data: and blob: are local). */
  offLoopback(): string[];
  /** Requests that failed, with Chromium's reason. */
  failed: Array<{ url: string; reason: string }>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Starts recording every request `page` makes, from before its first navigation. */
export function recordRequests(page: Page): RequestLog {
  const log: RequestLog = {
    urls: [],
    failed: [],
    offLoopback: () =>
      log.urls.filter((url) => {
        const { protocol, hostname } = new URL(url);
        if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return false;
        return !LOOPBACK.has(hostname);
      }),
  };
  page.on('request', (request: Request) => log.urls.push(request.url()));
  page.on('requestfailed', (request: Request) =>
    log.failed.push({ url: request.url(), reason: request.failure()?.errorText ?? 'unknown' }),
  );
  return log;
}
