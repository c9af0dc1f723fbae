import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PANEL_ASSETS, renderPanelHtml } from '../../../src/shared/panel-html';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'AbCdEfGhIjKlMnOpQrStUv12',
  scriptUri: 'https://x/dist/webview.js',
  styleUris: ['https://x/dist/webview.css', 'https://x/media/panel.css'],
};

test('the CSP allows only the nonce for scripts and the webview origin for styles', () => {
  const html = renderPanelHtml(base);
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-AbCdEfGhIjKlMnOpQrStUv12'(;|$)/);
  assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net 'nonce-/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
});

test('every script tag carries the nonce, there is no inline script or style', () => {
  const html = renderPanelHtml(base);
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0], /nonce="AbCdEfGhIjKlMnOpQrStUv12" src="https:\/\/x\/dist\/webview\.js"/);
  assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/);
  assert.doesNotMatch(html, /<style|style="/);
  assert.equal((html.match(/rel="stylesheet"/g) ?? []).length, 2);
  assert.match(html, /id="fitwatch-root"/);
});

test('escapes what it interpolates', () => {
  const html = renderPanelHtml({ ...base, title: '<img onerror=x>', scriptUri: 'https://x/"a.js' });
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&#34;a\.js/);
});

test('refuses a nonce that is too short or could break the CSP', () => {
  assert.throws(() => renderPanelHtml({ ...base, nonce: 'abc' }), /nonce "abc" is too short/);
  assert.throws(() => renderPanelHtml({ ...base, nonce: "aaaaaaaaaaaaaaaa' 'unsafe-inline" }), /nonce/);
});

test('lists the assets the host must serve', () => {
  assert.equal(PANEL_ASSETS.script, 'dist/webview.js');
  assert.deepEqual([...PANEL_ASSETS.styles], ['dist/webview.css', 'media/panel.css']);
});
