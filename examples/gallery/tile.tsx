import { useRef } from 'preact/hooks';
import type { TileState } from './score-batches';
import { SUB_SCORES } from './sort';
import type { ThumbnailSource } from './use-thumbnail';
import { useThumbnail } from './use-thumbnail';

/** A score in [0, 1] as a bar, red to green. */
function Bar({ value }: { value: number }) {
  const clamped = Math.min(1, Math.max(0, value));
  return (
    <span class="bar" aria-hidden="true">
      <span class="bar-fill" style={{ width: `${clamped * 100}%`, backgroundColor: `hsl(${clamped * 120} 55% 45%)` }} />
    </span>
  );
}

/** The image's name: the key after the bucket, without the folders. */
function nameOf(sourceUri: string): string {
  return sourceUri.slice(sourceUri.lastIndexOf('/') + 1) || sourceUri;
}

/** One image: its thumbnail, its overall score and a bar per sub-score, or its error in place. */
export function Tile({ tile, thumbnails }: { tile: TileState; thumbnails: ThumbnailSource | null }) {
  const ref = useRef<HTMLElement>(null);
  const thumbnail = useThumbnail(ref, tile.sourceUri, thumbnails);

  return (
    <article ref={ref} class={`tile tile-${tile.status}`} data-source-uri={tile.sourceUri}>
      <div class="thumb">{thumbnail ? <img src={thumbnail} alt="" /> : <span class="thumb-empty" />}</div>
      <div class="tile-body">
        <h2 class="tile-name" title={tile.sourceUri}>
          {nameOf(tile.sourceUri)}
        </h2>
        {tile.status === 'scoring' && <p class="pending">Scoring…</p>}
        {tile.status === 'failed' && (
          <p class="error" role="status">
            <code class="error-code">{tile.code}</code> <span class="error-message">{tile.message}</span>
          </p>
        )}
        {tile.status === 'scored' && (
          <>
            <p class="overall">
              <span class="overall-value" data-score={tile.overall}>
                {tile.overall.toFixed(2)}
              </span>
              <Bar value={tile.overall} />
            </p>
            {tile.breakdown && (
              <dl class="subscores">
                {SUB_SCORES.map(([key, label]) => (
                  <div key={key} class="subscore" data-subscore={key}>
                    <dt>{label}</dt>
                    <dd>
                      <Bar value={tile.breakdown?.[key] ?? 0} />
                      <span class="subscore-value">{(tile.breakdown?.[key] ?? 0).toFixed(2)}</span>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </>
        )}
      </div>
    </article>
  );
}
