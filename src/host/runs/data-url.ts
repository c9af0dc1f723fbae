/**
 * Decoding the PNG the panel exports. The webview is untrusted input, so the data URL is
 * checked (media type, base64, PNG signature, size) before anything is written to disk.
 */

/** Largest export accepted; a curves chart is far below this. */
export const MAX_EXPORT_BYTES = 20 * 1024 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The bytes of a `data:image/png;base64,…` URL; throws an Error saying what is wrong. */
export function decodePngDataUrl(dataUrl: string): Uint8Array {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/]*={0,2})$/.exec(dataUrl);
  if (!m) throw new Error('The panel sent an export that is not a base64 PNG data URL (expected "data:image/png;base64,…").');
  if ((m[1].length * 3) / 4 > MAX_EXPORT_BYTES) throw new Error(`The exported image is larger than ${MAX_EXPORT_BYTES / 1024 / 1024} MB.`);
  const bytes = Uint8Array.from(Buffer.from(m[1], 'base64'));
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new Error('The panel sent an export whose content is not a PNG image.');
  }
  return bytes;
}
