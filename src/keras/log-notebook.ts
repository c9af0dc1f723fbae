/**
 * A Jupyter notebook (`.ipynb`) that ran `model.fit`: its saved cell outputs hold the printed
 * log. Fitwatch reads the text the code cells wrote to stdout/stderr, in cell order.
 */
import { logError } from './log-keys';

/** A notebook by name, or by content (nbformat JSON with cells), so a renamed copy is still one. */
export function isNotebook(fileName: string, trimmed: string): boolean {
  if (fileName.toLowerCase().endsWith('.ipynb')) return true;
  return trimmed.startsWith('{') && /"nbformat"\s*:/.test(trimmed.slice(0, 200_000)) && /"cells"\s*:/.test(trimmed);
}

/** What a notebook output cell holds, as far as Fitwatch reads it. */
interface NotebookOutput {
  output_type?: string;
  text?: string | string[];
}

/** The stream text of every code cell's outputs, joined; throws a located error on a broken or empty notebook. */
export function notebookOutputText(text: string, file: string): string {
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return logError(
      file,
      text,
      0,
      'keras/notebook-json',
      `This notebook is not valid JSON (${(e as Error).message}).`,
      'Save the notebook again from Jupyter or VS Code, then open it.',
    );
  }
  const cells = (root as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) {
    return logError(
      file,
      text,
      0,
      'keras/notebook-shape',
      'This notebook has no "cells" list (nbformat 4 is expected).',
      'Save the notebook with Jupyter 4 or later (File → Save), then open it.',
    );
  }
  const parts: string[] = [];
  for (const cell of cells as { cell_type?: string; outputs?: NotebookOutput[] }[]) {
    if (cell.cell_type !== 'code' || !Array.isArray(cell.outputs)) continue;
    for (const out of cell.outputs) {
      if (out.output_type !== 'stream' || out.text === undefined) continue;
      parts.push(Array.isArray(out.text) ? out.text.join('') : out.text);
    }
  }
  const joined = parts.join('\n');
  if (joined.trim() === '') {
    return logError(
      file,
      text,
      0,
      'keras/notebook-no-output',
      'This notebook has no saved cell output, so there is no model.fit log in it.',
      'Run the cell that calls model.fit(...) (verbose=1 or 2), save the notebook with its outputs, then open it again.',
    );
  }
  return joined;
}
