/**
 * The training-curves panel's HTML. One pure function, so the extension host and the
 * Chromium tests serve byte-for-byte the same page (and the same CSP).
 */

/** Files the page needs, relative to the extension root: the host turns them into webview URIs. */
export const PANEL_ASSETS = {
  script: 'dist/webview.js',
  /** uPlot's stylesheet, bundled by esbuild from the webview entry, then the panel's own. */
  styles: ['dist/webview.css', 'media/panel.css'],
} as const;

/** What `renderPanelHtml` needs from the host. */
export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin webview resources are served from. */
  cspSource: string;
  /** A fresh random nonce per page load (base64/alphanumeric). */
  nonce: string;
  scriptUri: string;
  styleUris: readonly string[];
  /** Page title, e.g. the spec name. */
  title?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The full page, with a CSP that allows only the nonce'd script and the webview's own files. */
export function renderPanelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) {
    throw new Error(`renderPanelHtml: nonce "${o.nonce}" is too short or has characters a CSP nonce cannot carry; pass 16+ random base64 characters.`);
  }
  const src = escapeHtml(o.cspSource);
  const nonce = escapeHtml(o.nonce);
  const csp = ["default-src 'none'", `img-src ${src} data:`, `style-src ${src} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `font-src ${src}`].join('; ');
  const styles = o.styleUris.map((u) => `  <link rel="stylesheet" href="${escapeHtml(u)}" nonce="${nonce}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>${escapeHtml(o.title ?? 'Fitwatch')}</title>
</head>
<body>
  <div id="fitwatch-root" class="fw-root" aria-live="polite"></div>
  <script nonce="${nonce}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
