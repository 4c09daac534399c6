import type { GallerySettings } from '../../src/gallery/gallery-settings';
import type { Place } from './use-gallery';

/** Splits pasted text into URIs: one per line, or separated by spaces or commas. */
export function parsePastedUris(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

interface ControlsProps {
  settings: GallerySettings;
  place: Place;
  apiKey: string;
  onPlace: (place: Place) => void;
  onApiKey: (key: string) => void;
}

/**
 * Where the images come from: a project, a local bucket and prefix (local backend), or pasted
 * `oss://` URIs; and the API key when the gateway asks for one.
 */
export function Controls({ settings, place, apiKey, onPlace, onApiKey }: ControlsProps) {
  const folder = place.kind === 'folder' ? place : null;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    if (settings.apiKeyRequired) onApiKey(field('apiKey'));
    const project = field('project');
    const action = (event.submitter as HTMLButtonElement | null)?.value;
    if (action === 'uris') onPlace({ kind: 'uris', project, uris: parsePastedUris(field('uris')) });
    else onPlace({ kind: 'folder', project, bucket: field('bucket'), prefix: field('prefix') });
  };

  return (
    <form class="controls" onSubmit={submit}>
      <div class="row">
        <label>
          Project
          <input name="project" required defaultValue={place.project} autocomplete="off" spellcheck={false} />
        </label>
        {settings.apiKeyRequired && (
          <label>
            API key
            <input name="apiKey" type="password" defaultValue={apiKey} autocomplete="off" placeholder="Bearer key" />
          </label>
        )}
        {settings.localObjects && (
          <>
            <label>
              Bucket
              <input name="bucket" defaultValue={folder?.bucket ?? settings.defaultBucket} autocomplete="off" spellcheck={false} />
            </label>
            <label>
              Prefix
              <input name="prefix" defaultValue={folder?.prefix ?? ''} placeholder="(all)" autocomplete="off" spellcheck={false} />
            </label>
            <button type="submit" name="action" value="folder">
              Show folder
            </button>
          </>
        )}
      </div>
      <details class="paste" open={!settings.localObjects}>
        <summary>Paste oss:// URIs</summary>
        <div class="row">
          <textarea name="uris" rows={3} aria-label="oss:// URIs" placeholder="oss://samples/rocket.jpg oss://samples/coffee.png" spellcheck={false} />
          <button type="submit" name="action" value="uris">
            Score these
          </button>
        </div>
      </details>
    </form>
  );
}
