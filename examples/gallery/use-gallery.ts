import { useEffect, useRef, useState } from 'preact/hooks';
import type { GallerySettings } from '../../src/gallery/gallery-settings';
import type { Client } from '../client/client';
import { GalleryRequestError, listImages } from './gallery-api';
import type { TileState } from './score-batches';
import { scoreBatch, splitIntoBatches } from './score-batches';

/** What the gallery shows: a local folder's images, or a pasted list of URIs. */
export type Place =
  | { kind: 'folder'; project: string; bucket: string; prefix: string }
  | { kind: 'uris'; project: string; uris: string[] };

/** One image of the grid; `id` tells apart the same URI pasted twice. */
export interface GalleryItem {
  id: number;
  tile: TileState;
}

/** The grid's state, and the next page of the folder when there is one. */
export interface Gallery {
  items: GalleryItem[];
  /** A listing refusal or an empty folder, said once above the grid. */
  notice: string | null;
  loadMore: (() => void) | null;
  /** Whether a listing or a batch is on its way. */
  busy: boolean;
}

/**
 * Lists `place` page by page (the gateway pages by MAX_BATCH_SIZE, up to 1000) and scores each page
 * as it arrives; a pasted list is split into batches the same way. When `place` or the client
 * (the API key) changes, answers still arriving for the old one are dropped.
 */
export function useGallery(settings: GallerySettings, client: Client, apiKey: string, place: Place): Gallery {
  const [items, setItems] = useState<GalleryItem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [inFlight, setInFlight] = useState(0);
  const generation = useRef(0);
  const nextId = useRef(0);

  async function score(uris: string[], isCurrent: () => boolean): Promise<void> {
    const added = uris.map((sourceUri): GalleryItem => ({ id: nextId.current++, tile: { status: 'scoring', sourceUri } }));
    setItems((previous) => [...previous, ...added]);
    for (const batch of splitIntoBatches(added, settings.maxBatchSize)) {
      const tiles = await scoreBatch(client, place.project, batch.map((item) => item.tile.sourceUri));
      if (!isCurrent()) return;
      const byId = new Map(batch.map((item, index) => [item.id, tiles[index]]));
      setItems((previous) => previous.map((item) => ({ ...item, tile: byId.get(item.id) ?? item.tile })));
    }
  }

  async function showPage(folder: Extract<Place, { kind: 'folder' }>, after: string | undefined, isCurrent: () => boolean) {
    setCursor(null);
    try {
      const page = await listImages({ ...folder, cursor: after }, apiKey);
      if (!isCurrent()) return;
      if (page.sourceUris.length === 0 && after === undefined) {
        setNotice(`No images under oss://${folder.bucket}/${folder.prefix}`);
      }
      setCursor(page.nextCursor ?? null);
      await score(page.sourceUris, isCurrent);
    } catch (error) {
      if (isCurrent()) setNotice(describe(error));
    }
  }

  function run(task: Promise<void>): void {
    setInFlight((count) => count + 1);
    void task.finally(() => setInFlight((count) => count - 1));
  }

  useEffect(() => {
    const mine = ++generation.current;
    const isCurrent = () => mine === generation.current;
    setItems([]);
    setNotice(null);
    setCursor(null);
    run(place.kind === 'folder' ? showPage(place, undefined, isCurrent) : score(place.uris, isCurrent));
  }, [place, client]);

  const loadMore =
    place.kind === 'folder' && cursor !== null
      ? () => {
          const mine = generation.current;
          run(showPage(place, cursor, () => mine === generation.current));
        }
      : null;
  return { items, notice, loadMore, busy: inFlight > 0 };
}

function describe(error: unknown): string {
  if (error instanceof GalleryRequestError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
