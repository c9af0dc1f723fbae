/**
 * Ids of Keras runs shown in the panel. They follow the panel's run-id rule (one path segment
 * of `[A-Za-z0-9._-]`), because the webview sends them back and the host validates them;
 * a `keras:` prefix would be dropped by that check.
 */

/** Every Keras run id starts with this, so it never collides with a trainer run (those start with a date). */
export const KERAS_RUN_PREFIX = 'keras-';

/** FNV-1a over UTF-16 code units: a short, stable tag so two `train.log` files in different folders differ. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** `keras-<readable label>-<hash of key>`, e.g. `keras-train-log-1a2b3c4d` for `/w/train.log`. */
export function kerasRunId(label: string, key: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${KERAS_RUN_PREFIX}${slug || 'log'}-${shortHash(key)}`;
}
