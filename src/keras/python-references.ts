/**
 * How to name a Keras class in a script, in the script's own import style, plus the import
 * edit that makes the name available when one is needed:
 *   `from keras.callbacks import EarlyStopping` → `ReduceLROnPlateau`, merged into that line;
 *   `from tensorflow.keras.layers import Dense` → a new `from tensorflow.keras.callbacks import …`;
 *   `import keras` / `from tensorflow import keras` → `keras.callbacks.ReduceLROnPlateau`, no import;
 *   `import tensorflow as tf` only → `tf.keras.callbacks.ReduceLROnPlateau`.
 */
import { appendItem, fitsInline } from './python-sequence-edits';
import type { TextEdit } from './text-edits';
import type { PyImports } from './python-types';

/** The Keras submodules fixes import from. */
export type KerasModule = 'callbacks' | 'optimizers';

/** Package roots a Keras import can start from. */
const ROOTS = ['keras', 'tensorflow.keras', 'tf_keras'];

/** True when `target` is `<root>.<module>` for a Keras root. */
function isModule(target: string, module: KerasModule): boolean {
  return ROOTS.some((r) => target === `${r}.${module}` || target === `${r}.src.${module}`);
}

/** An expression naming `className` from `module`, and the import edits it needs (a new import line when merging would pass `lineLimit`). */
export function kerasReference(imports: PyImports, module: KerasModule, className: string, lineLimit = Infinity): { expr: string; edits: TextEdit[] } {
  const { bindings, fromImports } = imports;
  // Already imported under some name (an alias included)?
  const bound = bindings.find((b) => ROOTS.some((r) => b.target === `${r}.${module}.${className}` || b.target === `${r}.${className}`));
  if (bound) return { expr: bound.local, edits: [] };
  if (fromImports.some((f) => f.wildcard && isModule(f.module, module))) return { expr: className, edits: [] };
  const moduleBinding = bindings.find((b) => isModule(b.target, module));
  if (moduleBinding) return { expr: `${moduleBinding.local}.${className}`, edits: [] };
  const fromStyle = fromImports.some((f) => ROOTS.some((r) => f.module === r || f.module.startsWith(`${r}.`)));
  if (fromStyle) {
    const existing = fromImports.find((f) => !f.wildcard && f.module === `${imports.package}.${module}`);
    if (existing && fitsInline(existing.layout, className, lineLimit)) return { expr: className, edits: appendItem(existing.layout, className, lineLimit) };
    return { expr: className, edits: [newImportLine(imports, `from ${imports.package}.${module} import ${className}`)] };
  }
  const kerasBinding = bindings.find((b) => b.target === 'keras' || b.target === 'tensorflow.keras' || b.target === 'tf_keras');
  if (kerasBinding) return { expr: `${kerasBinding.local}.${module}.${className}`, edits: [] };
  const tfBinding = bindings.find((b) => b.target === 'tensorflow');
  if (tfBinding) return { expr: `${tfBinding.local}.keras.${module}.${className}`, edits: [] };
  return { expr: className, edits: [newImportLine(imports, `from ${imports.package}.${module} import ${className}`)] };
}

/** An import line inserted after the script's last (Keras) import. */
function newImportLine(imports: PyImports, line: string): TextEdit {
  return { offset: imports.insertOffset, length: 0, text: imports.insertNeedsNewline ? `\n${line}\n` : `${line}\n` };
}
