import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import sharp from 'sharp';
import type { LocalObjectStore } from '../datasources/local/object-store';
import type { OssLocation } from '../datasources/source-uri';
import { ScoreError, ScoreErrorCode } from '../errors';
import { DEFAULT_MAX_INPUT_PIXELS } from '../scoring/options';
import '../scoring/sharp-settings';
import { Semaphore } from '../util/semaphore';

/** Longest side of a thumbnail when none is configured: a grid tile at twice its CSS size. */
export const DEFAULT_PREVIEW_LONG_SIDE = 480;

/** Options of {@link PreviewMaker}. */
export interface PreviewOptions {
  /** Longest side of a preview, in pixels. @default DEFAULT_PREVIEW_LONG_SIDE (480) */
  longSide?: number;
  /** Largest image decoded, in pixels, checked from the header before any pixel is. @default 100 MP, as the scorer */
  maxInputPixels?: number;
  /** Bytes of previews kept in memory, least recently used first out. @default 32 MiB */
  cacheBytes?: number;
  /**
   * Previews decoded at once; each holds a decoded image in memory. Objects read and waiting
   * for a decode are bounded to twice as many. @default 2
   */
  concurrency?: number;
}

/** A thumbnail of one object. */
export interface Preview {
  bytes: Buffer;
  contentType: 'image/webp';
  /** Strong ETag: the source bytes' digest and the preview size. */
  etag: string;
}

/**
 * Small WebP previews of local objects, for the gallery's thumbnails.
 *
 * Every preview starts with the object store's own read, so its refusals (traversal, symlinks
 * out of the root, size, non-regular files, deadlines) apply to thumbnails exactly as to scores,
 * and a removed object stops being served at once. The cache is keyed by the bytes' digest, so a
 * rewritten object never shows a stale preview; it is bounded in bytes. Memory is bounded by the
 * store's size cap times the objects held at once (`2 * concurrency`), and the decode by sharp's
 * `limitInputPixels` (a decompression bomb is refused from its header) and `concurrency`.
 */
export class PreviewMaker {
  readonly longSide: number;
  private readonly maxInputPixels: number;
  /** Objects read and held in memory, waiting for a decode or being decoded. */
  private readonly reads: Semaphore;
  /** Decodes running. */
  private readonly decodes: Semaphore;
  private readonly cache: LRUCache<string, Buffer, Buffer>;

  constructor(
    private readonly store: LocalObjectStore,
    options: PreviewOptions = {},
  ) {
    this.longSide = positiveInteger('longSide', options.longSide ?? DEFAULT_PREVIEW_LONG_SIDE);
    this.maxInputPixels = positiveInteger('maxInputPixels', options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS);
    const concurrency = positiveInteger('concurrency', options.concurrency ?? 2);
    this.decodes = new Semaphore(concurrency);
    this.reads = new Semaphore(2 * concurrency);
    this.cache = new LRUCache<string, Buffer, Buffer>({
      maxSize: positiveInteger('cacheBytes', options.cacheBytes ?? 32 * 1024 * 1024),
      sizeCalculation: (preview) => preview.length,
      // fetch() shares one render among concurrent requests for the same bytes.
      fetchMethod: (_digest, _stale, { context }) => this.decodes.run(() => this.render(context)),
    });
  }

  /** Bytes held by the cache now; never more than `cacheBytes`. */
  get cachedBytes(): number {
    return this.cache.calculatedSize;
  }

  /**
   * The preview of the object at `location`.
   * @throws ScoreError from the store's read (OBJECT_NOT_FOUND, UNSUPPORTED_IMAGE for size...),
   *   UNSUPPORTED_IMAGE when the bytes are not a decodable image within the pixel limit
   */
  preview(location: OssLocation): Promise<Preview> {
    return this.reads.run(async () => {
      const source = await this.store.read(location);
      const digest = createHash('sha256').update(source).digest('base64url');
      const bytes = await this.cache.fetch(digest, { context: source });
      // fetch() resolves undefined only when fetchMethod does, which render() never does.
      if (!bytes) throw new ScoreError(ScoreErrorCode.INTERNAL, 'The preview could not be made.');
      return { bytes, contentType: 'image/webp', etag: `"${digest}-${this.longSide}"` };
    });
  }

  private async render(source: Buffer): Promise<Buffer> {
    try {
      return await sharp(source, {
        failOn: 'error',
        limitInputPixels: this.maxInputPixels,
        autoOrient: true,
      })
        .resize({ width: this.longSide, height: this.longSide, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 78 })
        .toBuffer();
    } catch (error) {
      const tooLarge = error instanceof Error && /pixel limit/i.test(error.message);
      throw new ScoreError(
        ScoreErrorCode.UNSUPPORTED_IMAGE,
        tooLarge
          ? `The image is larger than the limit of ${this.maxInputPixels} pixels.`
          : 'The object is not a supported image.',
        { cause: error },
      );
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer: ${value}`);
  return value;
}
