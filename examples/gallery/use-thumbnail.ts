import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { fetchPreview } from './gallery-api';

/** Where thumbnails come from: the gateway's previews (local backend), or nowhere (imm). */
export interface ThumbnailSource {
  project: string;
  apiKey: string;
}

/**
 * A blob: URL of the image's preview once its tile scrolls into view (a long gallery fetches
 * only what is seen), or null meanwhile, without previews, or when the preview is refused
 * (the tile's score or error says why). The URL is revoked when the tile goes.
 */
export function useThumbnail(ref: RefObject<Element | null>, sourceUri: string, source: ThumbnailSource | null): string | null {
  const [url, setUrl] = useState<string | null>(null);

  useEffect(() => {
    const element = ref.current;
    if (!source || !element) return undefined;
    const abort = new AbortController();
    let objectUrl: string | null = null;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        fetchPreview(source.project, sourceUri, source.apiKey, abort.signal).then(
          (blob) => {
            objectUrl = URL.createObjectURL(blob);
            setUrl(objectUrl);
          },
          () => setUrl(null),
        );
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [ref, sourceUri, source?.project, source?.apiKey]);

  return url;
}
