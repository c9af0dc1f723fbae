/**
 * Keras training logs to a Fitwatch `History`: CSVLogger files, printed `model.fit` output,
 * and `history.history` dumps. Pure: text in, history out; the caller reads the file.
 */
import type { History } from '../shared/metrics';
import { parseCsvLog, parseCsvLogHeader, splitLinesWithOffsets } from './log-csv';
import { parseHistoryJson } from './log-history-json';
import { logError } from './log-keys';
import { isNotebook, notebookOutputText } from './log-notebook';
import { parseTextLog } from './log-text';

/** The kinds of Keras log Fitwatch reads. */
export type KerasLogFormat = 'csv' | 'text' | 'history-json';

/** A parsed log. */
export interface KerasLog {
  history: History;
  /** The planned number of epochs (`Epoch 82/1000` → 1000), when the log says. */
  totalEpochs?: number;
  format: KerasLogFormat;
  /** True when the log records epoch times (printed output does; CSVLogger and dumps do not, so durations are 0). */
  hasDurations: boolean;
  /** Things the user should know, e.g. that earlier runs in the same text were left out. */
  notes: string[];
}

/** `Epoch 3/10` anywhere at the start of a line (after redraw characters). */
const PRINTED_EPOCH = /(^|[\r\n])\s*Epoch\s+\d+\/\d+/;
/** A finished-looking progress line `10/10 … loss: 0.65` (Keras 3 `fit(epochs=1)` prints no `Epoch` header). */
const PRINTED_PROGRESS = /(^|[\r\n])[^\S\r\n]*(?:\u001b\[[0-9;]*m)*\s*\d+\/\d+\b[^\r\n]*\bloss:\s/;

/** Which parser fits: by content first (a `.txt` may hold a CSV), by file extension when content is ambiguous. */
export function detectLogFormat(text: string, fileName: string): KerasLogFormat {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) return isNotebook(fileName, trimmed) ? 'text' : 'history-json';
  const first = splitLinesWithOffsets(text).find((l) => l.line.trim() !== '');
  if (first && parseCsvLogHeader(first.line)) return 'csv';
  if (PRINTED_EPOCH.test(text) || PRINTED_PROGRESS.test(text)) return 'text';
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.pkl.json')) return 'history-json';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  return logError(
    fileName,
    text,
    first?.offset ?? 0,
    'keras/unknown-log',
    'This is not a Keras log Fitwatch can read: it is neither a CSVLogger file (header "epoch,…"), nor model.fit output ("Epoch 1/…" lines), nor a history.history dump ({"loss": […]}).',
    'Open the file that keras.callbacks.CSVLogger wrote, the text model.fit(verbose=1 or 2) printed, or json.dump(history.history, f).',
  );
}

/** Parses any supported Keras log; throws a `FitwatchError` naming the line when it cannot. */
export function parseKerasLog(text: string, fileName: string): KerasLog {
  const format = detectLogFormat(text, fileName);
  switch (format) {
    case 'csv':
      return { history: parseCsvLog(text, fileName), format, hasDurations: false, notes: [] };
    case 'history-json':
      return { history: parseHistoryJson(text, fileName), format, hasDurations: false, notes: [] };
    case 'text': {
      const notebook = isNotebook(fileName, text.replace(/^\uFEFF/, '').trimStart());
      const log = parseTextLog(notebook ? notebookOutputText(text, fileName) : text, fileName);
      const notes = log.earlierRuns > 0 ? [`The text holds ${log.earlierRuns + 1} runs (the epochs restart from 1); only the last one is shown.`] : [];
      notes.push(...log.notes);
      if (notebook) notes.push("Read from the saved outputs of the notebook's cells.");
      return { history: log.history, totalEpochs: log.totalEpochs, format, hasDurations: log.timed, notes };
    }
  }
}
