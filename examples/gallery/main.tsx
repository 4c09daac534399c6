/**
 * The gallery page's entry point, bundled by esbuild into /gallery/assets/gallery.js. It asks
 * the gateway for its settings (batch size, whether a key is needed), then renders the app.
 */
import { render } from 'preact';
import { App } from './app';
import { fetchSettings } from './gallery-api';
import './gallery.css';

const root = document.getElementById('gallery');
if (!root) throw new Error('The page has no #gallery element.');
fetchSettings().then(
  (settings) => render(<App settings={settings} />, root),
  (error: unknown) => {
    root.textContent = `The gallery could not start: ${error instanceof Error ? error.message : String(error)}`;
  },
);
