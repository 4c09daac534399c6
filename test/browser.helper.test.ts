import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { describeWithBrowser, launchBrowser, recordRequests } from './helpers/browser';

describeWithBrowser('the test browser', () => {
  let browser: Browser;
  let server: http.Server;
  let origin: string;

  beforeAll(async () => {
    // A page that reaches for another host, as a CDN-loaded script would.
    server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><script src="https://cdn.example.com/lib.js"></script><p>hi</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('cannot resolve hosts beyond loopback, and records the attempt', async () => {
    const page = await browser.newPage();
    const requests = recordRequests(page);
    await page.goto(origin, { waitUntil: 'networkidle' });
    expect(requests.offLoopback()).toEqual(['https://cdn.example.com/lib.js']);
    expect(requests.failed).toEqual([{ url: 'https://cdn.example.com/lib.js', reason: 'net::ERR_NAME_NOT_RESOLVED' }]);
    await page.close();
  });
});
