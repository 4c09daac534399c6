/**
 * Seconds an HTTP cache may still reuse a response: its `max-age` less the `Age` it already has
 * (a response-cache hit keeps its first max-age and says its age, as a CDN does); 0 without a
 * max-age (`no-store`).
 */
export function freshFor(response: Response): number {
  const maxAge = /max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1];
  return maxAge === undefined ? 0 : Number(maxAge) - Number(response.headers.get('age') ?? 0);
}
