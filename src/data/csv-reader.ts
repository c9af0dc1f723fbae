/** Reads a delimited text file (.csv, .tsv, .txt) by streaming it through the tokenizer into a TableBuilder. */
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { extname } from 'node:path';
import { CsvTokenizer } from './csv-tokenizer';
import type { ColumnChoice } from './columns';
import { sniffDelimiter } from './delimiter';
import type { RawTable } from './raw-table';
import { TableBuilder } from './table-builder';

/** 1 MiB chunks: few enough callbacks, small enough to stay out of the old generation. */
const CHUNK_BYTES = 1 << 20;

/** Streams `absPath` into a raw table; `file` is the workspace-relative name used in errors. */
export async function readDelimited(absPath: string, file: string, size: number, choice: ColumnChoice, signal?: AbortSignal): Promise<RawTable> {
  const ext = extname(absPath).toLowerCase();
  let tokenizer: CsvTokenizer | undefined;
  let builder: TableBuilder | undefined;
  const stream = createReadStream(absPath, { highWaterMark: CHUNK_BYTES });
  const decoder = new StringDecoder('utf8');
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      // Numeric CSV is nearly always ASCII, and a latin1 view of ASCII is the same text, made
      // several times faster than UTF-8 decoding; end() flushes a character cut at the last chunk.
      const chunk = isAscii(bytes) ? decoder.end() + bytes.toString('latin1') : decoder.write(bytes);
      if (chunk === '') continue;
      if (!tokenizer) {
        const text = chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
        const decimal = choice.decimal ?? '.';
        const delimiter = sniffDelimiter(text, ext, decimal);
        const format = delimiter === '\t' ? 'tsv' : 'csv';
        const b = new TableBuilder({ file, format, choice, sizeHint: size, text: { delimiter, decimal } });
        builder = b;
        tokenizer = new CsvTokenizer(delimiter, file, (row) => b.add(row), decimal);
        tokenizer.push(text);
      } else {
        tokenizer.push(chunk);
      }
    }
  } finally {
    stream.destroy();
  }
  signal?.throwIfAborted();
  const tail = decoder.end();
  if (tail) tokenizer?.push(tail);
  tokenizer?.end();
  return (builder ?? new TableBuilder({ file, format: ext === '.tsv' ? 'tsv' : 'csv', choice, sizeHint: 0 })).finish();
}
