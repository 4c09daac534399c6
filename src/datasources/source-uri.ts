import { ScoreError, ScoreErrorCode } from '../errors';

/** A parsed `oss://<bucket>/<key>` address. */
export interface OssLocation {
  bucket: string;
  key: string;
}

const OSS_URI = /^oss:\/\/([^/]*)\/(.*)$/s;
const BUCKET = /^[a-z0-9-]{3,63}$/;
// OSS's own limit on object names.
const MAX_KEY_BYTES = 1023;

/**
 * Parses a `sourceUri` by the contract's rules: bucket 3 to 63 of `[a-z0-9-]`, key non-empty,
 * not absolute, no `..` segment (plain or percent-encoded), no NUL, at most 1023 bytes; and no
 * `.` segment, empty segment (`a//k`) or trailing `/` (plain or percent-encoded): OSS names
 * objects by the exact key, so `b/./k`, `b//k` and `b/k/` are other objects than `b/k`, while a
 * file system reads them as the same file (or a folder), and the score of one would be cached
 * and billed under the other's name.
 * @throws ScoreError INVALID_SOURCE_URI, with a message that says which rule failed
 */
export function parseSourceUri(sourceUri: string): OssLocation {
  const invalid = (why: string) =>
    new ScoreError(ScoreErrorCode.INVALID_SOURCE_URI, `Invalid sourceUri: ${why}.`);

  const match = OSS_URI.exec(sourceUri);
  if (!match) throw invalid('expected oss://<bucket>/<key>');
  const [, bucket = '', key = ''] = match;
  if (!BUCKET.test(bucket)) throw invalid('bucket must be 3 to 63 of a-z, 0-9 and -');
  if (key === '') throw invalid('object key is empty');
  if (key.includes('\0')) throw invalid('object key contains NUL');
  if (key.startsWith('/')) throw invalid('object key must not start with /');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw invalid(`object key is longer than ${MAX_KEY_BYTES} bytes`);
  }
  // Some stores decode percent-escapes, so an encoded `..` is refused like a plain one.
  const decoded = safeDecode(key);
  if (hasSegment(key, '..') || hasSegment(decoded, '..')) {
    throw invalid('object key must not contain a .. segment');
  }
  if (hasSegment(key, '.') || hasSegment(decoded, '.')) {
    throw invalid('object key must not contain a . segment');
  }
  if (key.endsWith('/') || decoded.endsWith('/')) throw invalid('object key must not end with /');
  if (hasSegment(key, '') || hasSegment(decoded, '')) {
    throw invalid('object key must not contain an empty segment (//)');
  }
  return { bucket, key };
}

function hasSegment(key: string, name: string): boolean {
  return key.split(/[/\\]/).some((segment) => segment === name);
}

function safeDecode(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}
