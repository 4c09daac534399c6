/**
 * The JSON the gallery page reads from the gateway. Shared by the routes (src/http) and the page
 * (examples/gallery), so a renamed field breaks the build of both. Types only: the page bundles
 * nothing from the server.
 */

/** `GET /gallery/settings.json`: what the page needs to know before its first request. */
export interface GallerySettings {
  /** Where the page sends its GraphQL requests. */
  graphqlPath: string;
  /** MAX_BATCH_SIZE: the page splits a longer list of images into batches of this size. */
  maxBatchSize: number;
  /** Whether calls need `Authorization: Bearer <key>` (AUTH_MODE=api-key): the page asks for one. */
  apiKeyRequired: boolean;
  /** The project the page scores in until the URL names one; null when the backend has no default (imm). */
  defaultProject: string | null;
  /** The bucket listed until the URL names one. */
  defaultBucket: string;
  /**
   * Whether the gateway lists buckets and serves thumbnails: the local backend only. With imm the
   * images live in OSS and the page shows scores without thumbnails.
   */
  localObjects: boolean;
  /** Longest side of a thumbnail, in pixels. */
  previewLongSide: number;
}

/** `GET /gallery/objects`: one page of a bucket's images. */
export interface GalleryListing {
  /** `oss://bucket/key` of each image, in listing order. */
  sourceUris: string[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** The body of every refusal of the gallery's routes (HTTP 4xx/5xx). */
export interface GalleryRouteError {
  /** A ScoreErrorCode, a GatewayErrorCode, or BAD_USER_INPUT. */
  code: string;
  message: string;
}
