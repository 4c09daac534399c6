import net from 'node:net';

/**
 * The `TRUST_PROXY` setting: false trusts no proxy (the socket's peer is the client), a number
 * the last that many hops, a list those addresses, address/prefix ranges and proxy-addr's names.
 * It decides which IP `request.ip` reports, and so the per-IP rate-limit bucket.
 */
export type TrustProxy = false | number | string[];

/** What Fastify's `trustProxy` option takes. */
export type FastifyTrustProxy = false | string[] | ((address: string, hop: number) => boolean);

/**
 * The setting as Fastify's `trustProxy`. Fastify reads a bare number as "trust nothing" (a hop
 * count cannot check who the nearest peer is), so a count keeps the meaning it had with Express
 * through a trust function: the nearest `hops` peers are believed, whoever they are. That is
 * sound only where the gateway is reachable through those proxies alone; addresses are safer.
 */
export function toFastifyTrustProxy(value: TrustProxy): FastifyTrustProxy {
  if (typeof value !== 'number') return value;
  return (_address, hop) => hop < value;
}

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Reads `TRUST_PROXY`: `false`, a hop count, or a comma list of addresses, ranges and the names
 * loopback, linklocal, uniquelocal.
 * @returns the setting, or what is wrong with the text
 */
export function parseTrustProxy(text: string): { value: TrustProxy } | { problem: string } {
  const value = text.trim().toLowerCase();
  if (value === 'false') return { value: false };
  // `true` (trust all) believes the left-most X-Forwarded-For entry, which the client itself
  // writes: every client could choose its IP, and with it a fresh rate-limit budget.
  if (value === 'true') {
    return { problem: 'must name the proxies, by hop count (such as 1) or address: true would trust any client' };
  }
  if (/^\d+$/.test(value)) return { value: Number(value) };
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0 || !entries.every(isProxyEntry)) {
    return {
      problem: 'must be false, a hop count, or a comma list of addresses, address/prefix ranges and loopback, linklocal, uniquelocal',
    };
  }
  return { value: entries };
}
