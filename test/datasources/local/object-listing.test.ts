import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListingTooLargeError, LocalObjectListing } from '../../../src/datasources/local/object-listing';
import { LocalObjectStore } from '../../../src/datasources/local/object-store';
import { ScoreErrorCode } from '../../../src/errors';
import type { OssFixture } from '../../helpers/oss-fixture';
import { createOssFixture } from '../../helpers/oss-fixture';

const KEYS = ['a-c.jpg', 'a/b.jpg', 'a/z/deep.png', 'b.jpg', 'notes.txt', 'photos/cat.jpg', 'photos/cats/1.jpg', 'photos/dog.jpg'];
// Depth first, names sorted within each folder: `a/` (the folder "a") before "a-c.jpg".
const LISTED = ['a/b.jpg', 'a/z/deep.png', 'a-c.jpg', 'b.jpg', 'notes.txt', 'photos/cat.jpg', 'photos/cats/1.jpg', 'photos/dog.jpg'];

describe('LocalObjectListing', () => {
  let fixture: OssFixture;
  let outside: string;
  let listing: LocalObjectListing;

  beforeAll(async () => {
    fixture = await createOssFixture();
    for (const key of KEYS) await fixture.put('bucket', key, 'x');
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'outside-root-'));
    await fs.writeFile(path.join(outside, 'secret.jpg'), 'secret');
    await fixture.symlink('bucket', 'links/outside-file.jpg', path.join(outside, 'secret.jpg'));
    await fixture.symlink('bucket', 'links/outside-dir', outside);
    await fixture.symlink('bucket', 'links/inside-file.jpg', path.join(fixture.root, 'bucket', 'b.jpg'));
    await fixture.symlink('bucket', 'linked-photos', path.join(fixture.root, 'bucket', 'photos'));
    execFileSync('mkfifo', [path.join(fixture.root, 'bucket', 'pipe.jpg')]);
    listing = new LocalObjectListing(new LocalObjectStore({ root: fixture.root, maxObjectBytes: 1024 * 1024 }));
  });

  afterAll(async () => {
    await fixture.cleanup();
    await fs.rm(outside, { recursive: true, force: true });
  });

  const all = async (request: { prefix?: string; limit: number; filter?: (key: string) => boolean }) => {
    const keys: string[] = [];
    const pages: number[] = [];
    let startAfter: string | undefined;
    do {
      const page = await listing.list({ bucket: 'bucket', ...request, startAfter });
      keys.push(...page.keys);
      pages.push(page.keys.length);
      startAfter = page.nextCursor;
    } while (startAfter !== undefined);
    return { keys, pages };
  };

  it('lists regular files only, depth first in sorted order, never through a symlink', async () => {
    await expect(listing.list({ bucket: 'bucket', limit: 100 })).resolves.toEqual({ keys: LISTED });
  });

  it.each([1, 2, 3, 7, 8])('pages through the same keys %i at a time', async (limit) => {
    const { keys, pages } = await all({ limit });

    expect(keys).toEqual(LISTED);
    expect(Math.max(...pages)).toBeLessThanOrEqual(limit);
  });

  it('treats the prefix as a string prefix of the key, as OSS does', async () => {
    await expect(all({ prefix: 'photos/cat', limit: 1 })).resolves.toMatchObject({
      keys: ['photos/cat.jpg', 'photos/cats/1.jpg'],
    });
    await expect(listing.list({ bucket: 'bucket', prefix: 'a', limit: 10 })).resolves.toEqual({
      keys: ['a/b.jpg', 'a/z/deep.png', 'a-c.jpg'],
    });
    await expect(listing.list({ bucket: 'bucket', prefix: 'nothing/', limit: 10 })).resolves.toEqual({ keys: [] });
  });

  it('keeps only the keys the filter accepts, pages still full', async () => {
    const { keys } = await all({ limit: 2, filter: (key) => key.endsWith('.jpg') });

    expect(keys).toEqual(['a/b.jpg', 'a-c.jpg', 'b.jpg', 'photos/cat.jpg', 'photos/cats/1.jpg', 'photos/dog.jpg']);
  });

  it('lists nothing under a prefix that goes through a symlink, in or out of the root', async () => {
    await expect(listing.list({ bucket: 'bucket', prefix: 'linked-photos/', limit: 10 })).resolves.toEqual({ keys: [] });
    await expect(listing.list({ bucket: 'bucket', prefix: 'links/outside-dir/', limit: 10 })).resolves.toEqual({ keys: [] });
    await expect(listing.list({ bucket: 'bucket', prefix: 'links/', limit: 10 })).resolves.toEqual({ keys: [] });
  });

  it('lists an absent bucket as empty', async () => {
    await expect(listing.list({ bucket: 'no-such-bucket', limit: 10 })).resolves.toEqual({ keys: [] });
  });

  it.each([
    ['a bucket out of the contract', { bucket: '..', prefix: '' }],
    ['a .. segment', { bucket: 'bucket', prefix: 'photos/../../' }],
    ['an encoded .. segment', { bucket: 'bucket', prefix: '%2e%2e/' }],
    ['an absolute prefix', { bucket: 'bucket', prefix: '/etc/' }],
    ['a NUL', { bucket: 'bucket', prefix: 'a\0' }],
    ['an empty segment', { bucket: 'bucket', prefix: 'photos//' }],
    ['a . segment', { bucket: 'bucket', prefix: 'photos/./' }],
  ])('refuses %s as INVALID_SOURCE_URI', async (_name, request) => {
    await expect(listing.list({ ...request, limit: 10 })).rejects.toMatchObject({ code: ScoreErrorCode.INVALID_SOURCE_URI });
  });

  it('refuses a page larger than maxKeys', async () => {
    const small = new LocalObjectListing(new LocalObjectStore({ root: fixture.root, maxObjectBytes: 1024 }), { maxKeys: 5 });

    await expect(small.list({ bucket: 'bucket', limit: 6 })).rejects.toThrow(RangeError);
    await expect(small.list({ bucket: 'bucket', limit: 5 })).resolves.toMatchObject({ nextCursor: LISTED[4] });
  });

  it('stops reading past maxScannedEntries, and a narrower prefix lists', async () => {
    const bounded = new LocalObjectListing(new LocalObjectStore({ root: fixture.root, maxObjectBytes: 1024 }), { maxScannedEntries: 5 });

    await expect(bounded.list({ bucket: 'bucket', limit: 100 })).rejects.toThrow(ListingTooLargeError);
    await expect(bounded.list({ bucket: 'bucket', prefix: 'photos/', limit: 100 })).resolves.toEqual({
      keys: ['photos/cat.jpg', 'photos/cats/1.jpg', 'photos/dog.jpg'],
    });
  });
});
