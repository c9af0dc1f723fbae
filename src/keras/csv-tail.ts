/**
 * An incremental CSVLogger reader: text arrives in chunks of any size, and a row is only read
 * once its newline has arrived (Keras writes each row with one write, but a reader can still
 * see half of it). Pure: the file watching lives in tail-node.ts.
 */
import type { EpochRecord } from '../shared/metrics';
import { parseCsvLogHeader, parseCsvLogRow, type CsvLogHeader } from './log-csv';
import { logError } from './log-keys';

/** Reads rows as they arrive; call `reset()` when the file starts over. */
export class CsvTailParser {
  private partial = '';
  private header: CsvLogHeader | undefined;
  private lineNumber = 0;

  constructor(private readonly file: string) {}

  /** Feeds newly appended text; returns the rows completed by it, and an error per row that could not be read (the others still count). */
  feed(chunk: string): { records: EpochRecord[]; errors: unknown[] } {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    // The last piece has no newline yet: keep it until one arrives.
    this.partial = lines.pop() ?? '';
    const records: EpochRecord[] = [];
    const errors: unknown[] = [];
    for (const raw of lines) {
      this.lineNumber++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      const header = parseCsvLogHeader(line);
      if (header) {
        this.header = header;
        continue;
      }
      try {
        if (!this.header) {
          logError(
            this.file,
            line,
            0,
            'keras/csv-header',
            `Line ${this.lineNumber} comes before any CSVLogger header ('epoch,…'), so its columns are unknown.`,
            'Point Fitwatch at the file that keras.callbacks.CSVLogger writes.',
          );
        }
        records.push(parseCsvLogRow(this.header, line, { file: `${this.file} (line ${this.lineNumber})`, text: line, offset: 0 }));
      } catch (e: unknown) {
        errors.push(e);
      }
    }
    return { records, errors };
  }

  /** Forgets everything: the file was truncated or replaced, and its header is read again. */
  reset(): void {
    this.partial = '';
    this.header = undefined;
    this.lineNumber = 0;
  }
}
