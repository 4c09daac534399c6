import { parseSourceUri } from '../../src/datasources/source-uri';
import type { ScoreError } from '../../src/errors';

describe('parseSourceUri', () => {
  it.each([
    ['oss://samples/coffee.png', { bucket: 'samples', key: 'coffee.png' }],
    ['oss://my-bucket-01/a/b/c.jpg', { bucket: 'my-bucket-01', key: 'a/b/c.jpg' }],
    ['oss://abc/with space/and-ünïcode.jpg', { bucket: 'abc', key: 'with space/and-ünïcode.jpg' }],
    ['oss://abc/dots..in..name.jpg', { bucket: 'abc', key: 'dots..in..name.jpg' }],
    ['oss://abc/.hidden/a.b/.jpg', { bucket: 'abc', key: '.hidden/a.b/.jpg' }],
  ])('accepts %j', (uri, expected) => {
    expect(parseSourceUri(uri)).toEqual(expected);
  });

  it.each([
    ['', /expected oss/],
    ['samples/coffee.png', /expected oss/],
    ['https://samples/coffee.png', /expected oss/],
    ['oss://samples', /expected oss/],
    ['oss://samples/', /empty/],
    ['oss://ab/x.jpg', /bucket/],
    ['oss://Samples/x.jpg', /bucket/],
    ['oss://sam_ples/x.jpg', /bucket/],
    [`oss://${'a'.repeat(64)}/x.jpg`, /bucket/],
    ['oss://samples//etc/passwd', /must not start/],
    ['oss://samples/a/../b.jpg', /\.\. segment/],
    ['oss://samples/%2E%2E/b.jpg', /\.\. segment/],
    ['oss://samples/a\\..\\b.jpg', /\.\. segment/],
    ['oss://samples/a\u0000b', /NUL/],
    // OSS keys are exact: each of these names another object than oss://samples/a/k.
    ['oss://samples/a/k/', /must not end with \//],
    ['oss://samples/./a/k', /a \. segment/],
    ['oss://samples/a/./k', /a \. segment/],
    ['oss://samples/a/.', /a \. segment/],
    ['oss://samples/a/%2E/k', /a \. segment/],
    ['oss://samples/a//k', /empty segment/],
    ['oss://samples/a%2F%2Fk', /empty segment/],
    ['oss://samples/a%2Fk%2F', /must not end with \//],
    [`oss://samples/${'k'.repeat(1024)}`, /1023 bytes/],
    [`oss://samples/${'é'.repeat(512)}`, /1023 bytes/],
  ])('rejects %j as INVALID_SOURCE_URI', (uri, why) => {
    expect(() => parseSourceUri(uri)).toThrow(why);
    try {
      parseSourceUri(uri);
    } catch (error) {
      expect((error as ScoreError).code).toBe('INVALID_SOURCE_URI');
    }
  });

  it('accepts a key of exactly 1023 bytes', () => {
    expect(parseSourceUri(`oss://samples/${'k'.repeat(1023)}`).key).toHaveLength(1023);
  });
});
