/**
 * What `analyzePython` finds in a Keras script. Plain data (no tree-sitter nodes), so the host
 * can keep it, send it, and compute edits from it later. Every position is in UTF-16 code
 * units, like JavaScript strings and VS Code positions; lines and columns are 0-based.
 */
import type { Problem } from '../shared/location';

/** A range of the source. */
export interface PySpan {
  offset: number;
  length: number;
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** A Python literal's value when it is one (number, string, bool, None); undefined for other expressions. */
export type PyLiteral = number | string | boolean | null;

/** One argument of a call. */
export interface PyArgument {
  /** The keyword (`epochs` in `epochs=10`); undefined for a positional argument. */
  keyword?: string;
  /** The whole argument, keyword included. */
  span: PySpan;
  /** The value expression. */
  valueSpan: PySpan;
  valueText: string;
  value?: PyLiteral;
}

/**
 * How the items of a bracketed sequence (call arguments, a list, an import's names) are laid
 * out, so that an item can be added in the same style.
 */
export interface SequenceLayout {
  /** Just after the opening bracket (for an unbracketed import: just after the last name). */
  openEnd: number;
  itemCount: number;
  /** Just after the last item, before any trailing comma. */
  lastItemEnd: number;
  /** Just after the trailing comma, when the last item has one. */
  trailingCommaEnd?: number;
  /** Where the last item's line ends in code: after a comment that follows it on the same line, else after the item (or its comma). */
  lastLineCodeEnd: number;
  /** Items sit on their own lines; `indent` is the whitespace before the last one. */
  onOwnLines: boolean;
  indent: string;
  /** False for an unbracketed `from m import a, b`, which cannot go on to a new line. */
  bracketed: boolean;
  /** Column just after the opening bracket: where an item aligned with it starts. */
  openColumn: number;
  /** Column just after the last item (the opening bracket when there is none). */
  lastItemEndColumn: number;
  /** Length of the line the last item ends on: an item added inline makes it longer. */
  lastLineLength: number;
}

/** A call such as `Dense(16, activation='relu')` or `model.fit(...)`. */
export interface PyCall {
  /** The callee as written, e.g. `model.fit` or `keras.layers.Dense`. */
  callee: string;
  /** The callee's last name, e.g. `fit` or `Dense`. */
  name: string;
  span: PySpan;
  /** The `(...)` argument list. */
  argsSpan: PySpan;
  args: PyArgument[];
  layout: SequenceLayout;
}

/** A layer of the model. */
export interface PyLayer {
  kind: 'dense' | 'dropout' | 'input' | 'unsupported';
  /** The Keras class name (`Dense`, `Conv2D`, …), or the expression when it is not a call. */
  className: string;
  call?: PyCall;
  span: PySpan;
  /** Dense: the units argument (positional or `units=`). */
  units?: PyArgument;
  /** Dense: the activation name (`'relu'`, or `relu` in `activation=tf.nn.relu`); absent means linear. */
  activation?: string;
  /** Dropout: the rate. */
  rate?: number;
  /** Dense: `kernel_regularizer=l2(0.01)`-style penalty, when it is a literal one. */
  kernelRegularizer?: { l1: number; l2: number };
}

/** The Sequential model. */
export interface PyModel {
  /** The variable it is assigned to (`model`); undefined when the call is not assigned. */
  variable?: string;
  sequential: PyCall;
  layers: PyLayer[];
  /** Layers come from the list passed to Sequential, from `model.add(...)` calls, or both. */
  construction: 'list' | 'add' | 'list+add';
}

/** The optimizer passed to compile. */
export type PyOptimizer =
  | { form: 'string'; name: string; span: PySpan }
  | {
      form: 'call';
      className: string;
      call: PyCall;
      /** Where the call is written: in compile, or in an earlier `opt = Adam(...)` assignment. */
      viaVariable?: string;
      /** The learning-rate argument (`lr=`, `learning_rate=`, or the first positional one). */
      learningRate?: PyArgument;
    }
  | { form: 'other'; text: string; span: PySpan };

/** `model.compile(...)`. */
export interface PyCompile {
  call: PyCall;
  loss?: PyArgument;
  optimizer?: PyOptimizer;
  /** The metric names given as strings. */
  metrics: string[];
}

/** One callback in fit's list. */
export interface PyCallbackItem {
  /** The class (`EarlyStopping`), resolved through a variable when the item is one. */
  className: string;
  span: PySpan;
  /** Its call, when it is written as one (in the list or in an earlier assignment). */
  call?: PyCall;
}

/** fit's `callbacks=` argument. */
export interface PyCallbacks {
  argument: PyArgument;
  /** The list the callbacks are in (inline, or in an earlier `cbs = [...]` assignment); undefined for another expression. */
  list?: { span: PySpan; layout: SequenceLayout; viaVariable?: string };
  items: PyCallbackItem[];
}

/** `model.fit(...)`, or Keras 2's `model.fit_generator(...)`, which Keras 3 removed. */
export interface PyFit {
  call: PyCall;
  /** The method called. */
  method: 'fit' | 'fit_generator';
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  shuffle?: boolean;
  verbose?: number;
  callbacks?: PyCallbacks;
}

/** One imported name and what it stands for. */
export interface PyImportBinding {
  /** The name bound in the script (`Dense`, `tf`, `K`). */
  local: string;
  /** The dotted name it refers to (`keras.layers.Dense`, `tensorflow`, `keras.backend`). */
  target: string;
}

/** A `from X import a, b` statement. */
export interface PyFromImport {
  module: string;
  names: string[];
  wildcard: boolean;
  span: PySpan;
  layout: SequenceLayout;
}

/** How the script imports Keras. */
export interface PyImports {
  bindings: PyImportBinding[];
  fromImports: PyFromImport[];
  /** `keras` or `tensorflow.keras`: the package the script's imports use (keras when none). */
  package: 'keras' | 'tensorflow.keras';
  /** Offset of the start of the line after the last import (where a new import goes), or after leading comments/docstring. */
  insertOffset: number;
  /** The script ends without a newline at `insertOffset`, so an inserted line needs one first. */
  insertNeedsNewline: boolean;
}

/** Keras 2 code that Keras 3 rejects, each with what replaces it. */
export type PyLegacyUse =
  /** `Adam(lr=0.01)`: Keras 3 optimizers raise ValueError on `lr`. */
  | { kind: 'lr-keyword'; call: PyCall; argument: PyArgument }
  /** `model.fit_generator(...)` and friends: removed in Keras 3, whose fit/evaluate/predict take generators. */
  | { kind: 'generator-method'; call: PyCall; method: string; replacement: 'fit' | 'evaluate' | 'predict'; nameSpan: PySpan };

/** Everything found in a Keras script. */
export interface PythonAnalysis {
  file: string;
  /** Length of the analysed text, so edits are never computed against a changed one. */
  sourceLength: number;
  imports: PyImports;
  model?: PyModel;
  compile?: PyCompile;
  /** The first of `fits`: where lenses and fit-level findings go. */
  fit?: PyFit;
  /** Every fit (or fit_generator) call of the model, in source order: in an if/else each branch has its own. */
  fits: PyFit[];
  /** Keras 2 spellings that Keras 3 rejects. */
  legacy: PyLegacyUse[];
  /** The line length added code keeps to: the script's longest line, at least 79 (PEP 8) and at most 120. */
  lineLimit: number;
  /** Syntax errors and unreadable parts; the fit, compile or layers after a syntax error are not trusted. */
  problems: Problem[];
}
