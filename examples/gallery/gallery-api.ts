/**
 * The gallery's REST calls (settings, a bucket's listing, thumbnails): plain `fetch` to the
 * gateway that served the page, with the API key when one is set. Scores go through GraphQL
 * (score-batches.ts); these only find and show the images.
 */
import type { GalleryListing, GalleryRouteError, GallerySettings } from '../../src/gallery/gallery-settings';

/** A refusal of a gallery route, with its contract code (OBJECT_NOT_FOUND, UNAUTHENTICATED...). */
export class GalleryRequestError extends Error {
  override readonly name = 'GalleryRequestError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function headers(apiKey: string): HeadersInit {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

async function refusal(response: Response): Promise<GalleryRequestError> {
  const body = (await response.json().catch(() => null)) as Partial<GalleryRouteError> | null;
  return new GalleryRequestError(body?.code ?? `HTTP_${response.status}`, body?.message ?? response.statusText);
}

async function get(path: string, apiKey: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(path, { headers: headers(apiKey), signal });
  if (!response.ok) throw await refusal(response);
  return response;
}

/** What the gateway tells the page first: batch size, whether a key is needed, defaults. */
export async function fetchSettings(): Promise<GallerySettings> {
  return (await (await get('/gallery/settings.json', '')).json()) as GallerySettings;
}

/** Where to list: a bucket and a key prefix, in a project the key may use. */
export interface ListingRequest {
  project: string;
  bucket: string;
  prefix: string;
  cursor?: string;
}

/** One page of a local bucket's images (local backend only), as many as one batch holds. */
export async function listImages(request: ListingRequest, apiKey: string): Promise<GalleryListing> {
  const query = new URLSearchParams({
    project: request.project,
    bucket: request.bucket,
    prefix: request.prefix,
    ...(request.cursor !== undefined && { cursor: request.cursor }),
  });
  return (await (await get(`/gallery/objects?${query}`, apiKey)).json()) as GalleryListing;
}

/**
 * An image's thumbnail as a Blob. It is fetched (not an `<img src>`) so the API key travels in a
 * header, never in a URL that logs and history keep.
 */
export async function fetchPreview(project: string, sourceUri: string, apiKey: string, signal: AbortSignal): Promise<Blob> {
  const query = new URLSearchParams({ project, uri: sourceUri });
  return (await get(`/gallery/preview?${query}`, apiKey, signal)).blob();
}
