/**
 * A `history.history` dump: `{"loss": [...], "val_loss": [...], "lr": [...]}`, one list per
 * log key and one item per epoch. Also the wrapped form `{"history": {...}, "epoch": [...]}`
 * that scripts write when they dump the whole History object's attributes.
 */
import type { History } from '../shared/metrics';
import { logError, normalizeLogKey } from './log-keys';
import { parsePyLiteral, type PyValue } from './py-literal';

/** True for a plain dict value. */
function isDict(v: PyValue): v is { [key: string]: PyValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a history dump; errors name the key and item that are wrong. */
export function parseHistoryJson(text: string, file: string): History {
  const root = parsePyLiteral(text, file);
  const fix = 'Dump the dict Keras returns, e.g. json.dump(history.history, open("history.json", "w")): one list of numbers per key.';
  if (!isDict(root)) return logError(file, text, 0, 'keras/history-shape', 'A history dump must be a dict of lists, but this is not a dict.', fix);
  const inner = root.history;
  const dict = isDict(inner) ? inner : root;
  const epochsValue = isDict(inner) ? root.epoch : undefined;
  const columns: [string, number[]][] = [];
  for (const [key, value] of Object.entries(dict)) {
    if (!Array.isArray(value)) {
      return logError(
        file,
        text,
        Math.max(0, text.indexOf(key)),
        'keras/history-shape',
        `'${key}' holds ${JSON.stringify(value)}, not a list of per-epoch values.`,
        fix,
      );
    }
    const numbers = value.map((v, idx) =>
      typeof v === 'number'
        ? v
        : logError(file, text, Math.max(0, text.indexOf(key)), 'keras/history-value', `'${key}'[${idx}] is ${JSON.stringify(v)}, not a number.`, fix),
    );
    columns.push([normalizeLogKey(key), numbers]);
  }
  if (columns.length === 0) return logError(file, text, 0, 'keras/history-empty', 'The history dump has no keys.', fix);
  const length = columns[0][1].length;
  const ragged = columns.find(([, values]) => values.length !== length);
  if (ragged) {
    logError(
      file,
      text,
      Math.max(0, text.indexOf(ragged[0])),
      'keras/history-ragged',
      `'${columns[0][0]}' has ${length} values but '${ragged[0]}' has ${ragged[1].length}; every key needs one value per epoch.`,
      fix,
    );
  }
  const epochs =
    Array.isArray(epochsValue) && epochsValue.length === length && epochsValue.every((e) => typeof e === 'number') ? (epochsValue as number[]) : undefined;
  return Array.from({ length }, (_, i) => ({
    epoch: epochs ? epochs[i] : i,
    logs: Object.fromEntries(columns.map(([key, values]) => [key, values[i]])),
    durationMs: 0,
  }));
}
