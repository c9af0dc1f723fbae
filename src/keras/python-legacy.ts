/** Keras 2 spellings in a script that Keras 3 rejects: `Adam(lr=…)` and `model.fit_generator(…)`. */
import type { ScriptIndex } from './python-index';
import { spanOf } from './python-syntax';
import type { PyLegacyUse } from './python-types';

/** Keras' optimizer class for each name `compile(optimizer='…')` accepts. */
export const OPTIMIZER_CLASSES: Readonly<Record<string, string>> = {
  adam: 'Adam',
  adamw: 'AdamW',
  sgd: 'SGD',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
  adadelta: 'Adadelta',
  adamax: 'Adamax',
  nadam: 'Nadam',
};

/** Optimizer classes whose Keras 3 constructor rejects `lr=` (the base optimizer raises on unknown keywords). */
const OPTIMIZER_NAMES = new Set([...Object.values(OPTIMIZER_CLASSES), 'Ftrl', 'Lion', 'Lamb', 'Adafactor']);

/** Keras 2's generator methods and the Keras 3 method that takes their generators. */
const GENERATOR_METHODS: Readonly<Record<string, 'fit' | 'evaluate' | 'predict'>> = {
  fit_generator: 'fit',
  evaluate_generator: 'evaluate',
  predict_generator: 'predict',
};

/** The Keras 2 uses in the script; generator methods only on the model `variable` when it is known. */
export function readLegacy(index: ScriptIndex, variable: string | undefined): PyLegacyUse[] {
  const out: PyLegacyUse[] = [];
  for (const site of index.calls) {
    const { call } = site;
    const lr = OPTIMIZER_NAMES.has(call.name) ? call.args.find((a) => a.keyword === 'lr') : undefined;
    if (lr) out.push({ kind: 'lr-keyword', call, argument: lr });
  }
  for (const [method, replacement] of Object.entries(GENERATOR_METHODS)) {
    for (const site of index.methodCalls(method, variable)) {
      const name = site.node.childForFieldName('function')?.childForFieldName('attribute');
      if (name) out.push({ kind: 'generator-method', call: site.call, method, replacement, nameSpan: spanOf(name) });
    }
  }
  return out.sort((a, b) => a.call.span.offset - b.call.span.offset);
}
