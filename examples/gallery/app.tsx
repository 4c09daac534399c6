import { useEffect, useMemo, useState } from 'preact/hooks';
import type { GallerySettings } from '../../src/gallery/gallery-settings';
import { createClient } from '../client/client';
import { Controls } from './controls';
import type { SortKey } from './sort';
import { isSortKey, SORT_KEYS, sortTiles } from './sort';
import { Tile } from './tile';
import type { Place } from './use-gallery';
import { useGallery } from './use-gallery';

// Kept for the tab's life only: a reload keeps the key, closing the tab forgets it.
const API_KEY_ITEM = 'gallery.apiKey';

/** The place the URL names (`?project=&bucket=&prefix=`), else the gateway's defaults. */
function placeFromUrl(settings: GallerySettings, params: URLSearchParams): Place {
  const project = params.get('project') ?? settings.defaultProject ?? '';
  if (!settings.localObjects) return { kind: 'uris', project, uris: [] };
  return { kind: 'folder', project, bucket: params.get('bucket') ?? settings.defaultBucket, prefix: params.get('prefix') ?? '' };
}

/** The gallery page: controls, a sortable grid of scored images, and more pages on demand. */
export function App({ settings }: { settings: GallerySettings }) {
  const params = new URLSearchParams(location.search);
  const [place, setPlace] = useState<Place>(() => placeFromUrl(settings, params));
  const [sort, setSort] = useState<SortKey>(() => {
    const key = params.get('sort');
    return isSortKey(key) ? key : 'overall';
  });
  const [descending, setDescending] = useState(() => params.get('order') !== 'asc');
  const [apiKey, setApiKey] = useState(() => sessionStorage.getItem(API_KEY_ITEM) ?? '');

  const client = useMemo(() => createClient(settings.graphqlPath, { apiKey: apiKey || undefined }), [apiKey]);
  const gallery = useGallery(settings, client, apiKey, place);
  const thumbnails = useMemo(
    () => (settings.localObjects ? { project: place.project, apiKey } : null),
    [place.project, apiKey],
  );
  const sorted = useMemo(() => sortTiles(gallery.items, sort, descending), [gallery.items, sort, descending]);

  // The URL says what is shown, so a view can be bookmarked or shared (pasted lists excepted).
  useEffect(() => {
    const query = new URLSearchParams({ project: place.project, sort, order: descending ? 'desc' : 'asc' });
    if (place.kind === 'folder') {
      query.set('bucket', place.bucket);
      if (place.prefix) query.set('prefix', place.prefix);
    }
    history.replaceState(null, '', `?${query}`);
  }, [place, sort, descending]);

  const useKey = (key: string) => {
    if (key) sessionStorage.setItem(API_KEY_ITEM, key);
    else sessionStorage.removeItem(API_KEY_ITEM);
    setApiKey(key);
  };
  const scored = gallery.items.filter((item) => item.tile.status === 'scored').length;

  return (
    <>
      <header class="masthead">
        <h1>Image scores</h1>
        <p>
          Each image's overall quality score and the sub-scores behind it, from the gateway's <code>imageScores</code>{' '}
          query.
        </p>
      </header>
      <Controls settings={settings} place={place} apiKey={apiKey} onPlace={setPlace} onApiKey={useKey} />
      <div class="grid-bar">
        <span class="count">
          {scored} of {gallery.items.length} scored
        </span>
        <label>
          <span class="sort-label">Sort by </span>
          <select name="sort" value={sort} onChange={(event) => setSort((event.currentTarget as HTMLSelectElement).value as SortKey)}>
            {SORT_KEYS.map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="order" onClick={() => setDescending(!descending)} aria-label="Sort order">
          {descending ? (sort === 'name' ? 'Z to A' : 'High to low') : sort === 'name' ? 'A to Z' : 'Low to high'}
        </button>
      </div>
      {gallery.notice && <p class="notice">{gallery.notice}</p>}
      {!settings.localObjects && gallery.items.length === 0 && (
        <p class="notice">This gateway scores with IMM: paste oss:// URIs to score them. Thumbnails are not shown.</p>
      )}
      <main class="grid" aria-busy={gallery.busy}>
        {sorted.map((item) => (
          <Tile key={item.id} tile={item.tile} thumbnails={thumbnails} />
        ))}
      </main>
      {gallery.loadMore && (
        <button type="button" class="more" onClick={gallery.loadMore}>
          Load more
        </button>
      )}
    </>
  );
}
