/**
 * A Keras `model.to_json()` file (Sequential config, Keras 2 or 3) as a spec text. The JSON
 * has no compile settings, so the loss is taken from the output layer (sigmoid → binary
 * cross-entropy, softmax → sparse categorical, linear → MSE) and says so in a comment.
 */
import { FitwatchError } from '../shared/location';
import { ACTIVATIONS } from '../shared/spec';
import { lineStarts, positionAt } from '../shared/spec/text-position';
import { renderSpecDraft } from './spec-text';
import type { SpecDataChoice } from './to-spec';
import { errorMessage } from '../shared/error-message';

/** A JSON object. */
type Json = Record<string, unknown>;

/** True for a plain object. */
function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A located error about the model JSON. */
function jsonError(file: string, text: string, near: string | undefined, code: string, message: string, fix: string): FitwatchError {
  const offset = near ? Math.max(0, text.indexOf(near)) : 0;
  const { line, column } = positionAt(lineStarts(text), offset);
  return new FitwatchError({ code, message, fix, location: { file, line, column, offset, length: near?.length ?? 0 } });
}

/** `kernel_regularizer` config as { l1, l2 } (Keras 3: {class_name: 'L2', config: {l2}}; Keras 2: L1L2). */
function regularizer(v: unknown): { l1: number; l2: number } | undefined {
  if (!isObject(v) || !isObject(v.config)) return undefined;
  const l1 = typeof v.config.l1 === 'number' ? v.config.l1 : 0;
  const l2 = typeof v.config.l2 === 'number' ? v.config.l2 : 0;
  return l1 === 0 && l2 === 0 ? undefined : { l1, l2 };
}

/** The spec text for the Sequential model in a `model.to_json()` text. */
export function kerasModelJsonToSpecText(text: string, file: string, data: SpecDataChoice): string {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e: unknown) {
    throw jsonError(
      file,
      text,
      undefined,
      'keras/model-json-syntax',
      `The file is not valid JSON: ${errorMessage(e)}.`,
      'Save the model with open(path, "w").write(model.to_json()).',
    );
  }
  const fix = 'Export a Sequential model with model.to_json().';
  if (!isObject(root) || root.class_name !== 'Sequential') {
    const kind = isObject(root) && typeof root.class_name === 'string' ? root.class_name : 'not a Keras model';
    throw jsonError(
      file,
      text,
      isObject(root) && typeof root.class_name === 'string' ? root.class_name : undefined,
      'keras/model-json-kind',
      `Fitwatch imports Sequential models; this file holds ${kind}.`,
      fix,
    );
  }
  // Keras 2.0 wrote the layer list as the config itself; later versions nest it in config.layers.
  const layersValue = Array.isArray(root.config) ? root.config : isObject(root.config) ? root.config.layers : undefined;
  if (!Array.isArray(layersValue)) throw jsonError(file, text, '"config"', 'keras/model-json-shape', 'The model config has no list of layers.', fix);
  const layers: { value: Json; comment: string }[] = [];
  for (const entry of layersValue) {
    const cls = isObject(entry) && typeof entry.class_name === 'string' ? entry.class_name : '?';
    const config = isObject(entry) && isObject(entry.config) ? entry.config : {};
    const name = typeof config.name === 'string' ? config.name : cls;
    if (cls === 'InputLayer') continue;
    if (cls === 'Dense') {
      const activation = typeof config.activation === 'string' ? config.activation : 'linear';
      if (typeof config.units !== 'number' || !(ACTIVATIONS as readonly string[]).includes(activation)) {
        throw jsonError(
          file,
          text,
          `"${name}"`,
          'keras/model-json-layer',
          `Dense layer '${name}' has units ${String(config.units)} and activation '${activation}'; Fitwatch needs a number of units and one of ${ACTIVATIONS.join(', ')}.`,
          fix,
        );
      }
      const value: Json = { type: 'dense', units: config.units, activation };
      if (config.use_bias === false) value.useBias = false;
      const reg = regularizer(config.kernel_regularizer);
      if (reg) value.kernelRegularizer = reg;
      layers.push({ value, comment: `${cls} '${name}'` });
    } else if (cls === 'Dropout' && typeof config.rate === 'number') {
      layers.push({ value: { type: 'dropout', rate: config.rate }, comment: `${cls} '${name}'` });
    } else {
      throw jsonError(
        file,
        text,
        `"${cls}"`,
        'keras/unsupported-layer',
        `Fitwatch cannot train the ${cls} layer '${name}': it trains stacks of Dense and Dropout layers.`,
        'Import a model made of Dense and Dropout layers (InputLayer is fine).',
      );
    }
  }
  const last = layers[layers.length - 1]?.value;
  if (!last || last.type !== 'dense')
    throw jsonError(file, text, undefined, 'keras/model-json-output', 'The model does not end in a Dense layer.', 'The output layer must be Dense.');
  const loss =
    last.activation === 'sigmoid' && last.units === 1
      ? 'binaryCrossentropy'
      : last.activation === 'softmax'
        ? 'sparseCategoricalCrossentropy'
        : 'meanSquaredError';
  const metric = loss === 'meanSquaredError' ? 'mae' : 'accuracy';
  return renderSpecDraft({
    header: [`The model of ${file} (model.to_json()), as a Fitwatch spec.`, 'Paths are relative to the folder of this file.'],
    name: data.name ?? (isObject(root.config) && typeof root.config.name === 'string' ? root.config.name : 'keras model'),
    data:
      data.labelsPath !== undefined
        ? [
            { key: 'path', value: data.dataPath },
            { key: 'labelsPath', value: data.labelsPath },
          ]
        : [
            { key: 'path', value: data.dataPath },
            { key: 'labelColumn', value: data.labelColumn ?? -1 },
          ],
    dataComment: 'the data to train on',
    layers,
    layersComment: 'the layers of the Sequential config; the input size comes from the data',
    compile: [
      { key: 'loss', value: loss, comment: `to_json() holds no compile settings: chosen for a ${String(last.units)}-unit ${String(last.activation)} output` },
      { key: 'optimizer', value: { type: 'adam', learningRate: 0.001 }, comment: 'Keras Adam defaults' },
      { key: 'metrics', value: [metric] },
    ],
    fit: [
      { key: 'epochs', value: 100 },
      { key: 'batchSize', value: 32, comment: 'Keras default' },
      { key: 'validationSplit', value: 0.2, comment: 'the last 20% of rows, as in Keras' },
    ],
    callbacks: [],
  });
}
