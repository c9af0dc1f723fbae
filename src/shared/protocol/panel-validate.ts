/**
 * The host's gate for webview messages. A webview is web content: treat what it posts as
 * untrusted input, so anything malformed is dropped rather than half-used. Run ids end up in
 * file paths (`.fitwatch/runs/<id>`), hence the strict id pattern.
 */
import type { PanelToHost } from './panel';

/** Run ids the host will accept from the panel: one path segment, no dots-only names. */
export const RUN_ID_PATTERN = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** Largest PNG export accepted, as data-URL characters (≈ 24 MB of image). */
export const MAX_PNG_DATA_URL_CHARS = 32 * 1024 * 1024;

/** Most runs that can be overlaid at once. */
export const MAX_COMPARE_RUNS = 32;

const PNG_PREFIX = 'data:image/png;base64,';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRunId(v: unknown): v is string {
  return typeof v === 'string' && RUN_ID_PATTERN.test(v);
}

function isPngDataUrl(v: unknown): v is string {
  if (typeof v !== 'string' || !v.startsWith(PNG_PREFIX) || v.length > MAX_PNG_DATA_URL_CHARS) return false;
  // Base64 alphabet only; checked with a loop-free regex on the payload.
  return /^[A-Za-z0-9+/]+={0,2}$/.test(v.slice(PNG_PREFIX.length));
}

/** The message as a typed `PanelToHost`, or undefined when it is not one (unknown type or bad fields). */
export function validatePanelToHost(msg: unknown): PanelToHost | undefined {
  if (!isRecord(msg) || typeof msg.type !== 'string') return undefined;
  switch (msg.type) {
    case 'ready':
      return { type: 'ready' };
    case 'stop':
    case 'reduceLr':
    case 'trainAgain':
    case 'resume':
      return isRunId(msg.runId) ? { type: msg.type, runId: msg.runId } : undefined;
    case 'applyFix': {
      const { runId, code, fixIndex } = msg;
      if (!isRunId(runId) || typeof code !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(code)) return undefined;
      if (typeof fixIndex !== 'number' || !Number.isInteger(fixIndex) || fixIndex < 0 || fixIndex > 99) return undefined;
      return { type: 'applyFix', runId, code, fixIndex };
    }
    case 'compare': {
      const ids = msg.runIds;
      if (!Array.isArray(ids) || ids.length > MAX_COMPARE_RUNS) return undefined;
      const runIds: string[] = [];
      for (const id of ids) {
        if (!isRunId(id)) return undefined;
        if (!runIds.includes(id)) runIds.push(id);
      }
      return { type: 'compare', runIds };
    }
    case 'export':
      if (msg.format === 'csv') return { type: 'export', format: 'csv' };
      if (msg.format === 'png' && isPngDataUrl(msg.dataUrl)) return { type: 'export', format: 'png', dataUrl: msg.dataUrl };
      return undefined;
    default:
      return undefined;
  }
}
