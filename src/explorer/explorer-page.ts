/** What {@link explorerPage} links to. */
export interface ExplorerPageOptions {
  /** URL path of the bundle's folder, ending in `/`. */
  assetsPrefix: string;
  /** The module script's file name. */
  script: string;
  /** The stylesheet's file name. */
  style: string;
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The explorer's HTML: a shell that loads the bundle from this gateway, no inline script (the
 * CSP forbids them) and a data: favicon so that the browser asks no path of its own.
 */
export function explorerPage(options: ExplorerPageOptions): string {
  const href = (file: string) => escapeAttribute(`${options.assetsPrefix}${file}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Image score gateway · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${href(options.style)}">
<script type="module" src="${href(options.script)}"></script>
</head>
<body>
<div id="graphiql"></div>
<noscript>The GraphQL IDE needs JavaScript; GraphQL clients POST to this URL.</noscript>
</body>
</html>
`;
}
