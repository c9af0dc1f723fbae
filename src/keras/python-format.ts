/** Python source text for values and calls, in the style of the script being edited. */
import { pythonFloatRepr } from '../shared/callbacks/python-float';
import type { PythonAnalysis } from './python-types';

/** The quote character the script uses for strings in its Keras calls (single when it does not say). */
export function quoteStyle(analysis: PythonAnalysis): "'" | '"' {
  const args = [
    ...(analysis.compile?.call.args ?? []),
    ...(analysis.fit?.call.args ?? []),
    ...(analysis.model?.layers.flatMap((l) => l.call?.args ?? []) ?? []),
  ];
  const first = args.find((a) => typeof a.value === 'string')?.valueText.replace(/^[rbuRBU]+/, '')[0];
  return first === '"' ? '"' : "'";
}

/** A Python literal: `'val_loss'`, `True`, `10`, `0.5`, `1e-05`. */
export function pythonValue(value: number | string | boolean, quote: "'" | '"'): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `${quote}${value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}`;
  return pythonNumber(value);
}

/** A float as Python writes it, but whole numbers without `.0` (`min_delta=0`, `factor=0.5`, `min_lr=1e-05`). */
export function pythonNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pythonFloatRepr(value);
}

/** `minDelta` → `min_delta`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * `head(arg, arg, …)` written from `column`: on one line when it fits in `lineLimit` (with
 * `reserve` characters after it, e.g. the `])` that close the list and the call), else its
 * arguments packed onto lines aligned just after `head(`, as PEP 8 continues a call.
 */
export function layoutCall(head: string, args: readonly string[], column: number, lineLimit: number, reserve = 0): string {
  const one = `${head}(${args.join(', ')})`;
  if (column + one.length + reserve <= lineLimit || args.length < 2) return one;
  const indent = ' '.repeat(column + head.length + 1);
  const lines: string[] = [];
  let line = `${head}(`;
  let lineStart = column;
  args.forEach((arg, i) => {
    const last = i === args.length - 1;
    const piece = `${arg}${last ? ')' : ','}`;
    const opened = line.endsWith('(');
    if (!opened && lineStart + line.length + 1 + piece.length + (last ? reserve : 0) > lineLimit) {
      lines.push(line);
      line = indent + piece;
      lineStart = 0;
    } else {
      line += opened ? piece : ` ${piece}`;
    }
  });
  lines.push(line);
  return lines.join('\n');
}
