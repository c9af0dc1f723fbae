/**
 * The Keras engine's trained model in Fitwatch's own format: the script leaves its final weights
 * flat in keras-data/, and they become model-final/ (tfjs layers model.json + weights.bin, the
 * topology the fast engine saves), so `fitwatch predict` and the editor use a Keras run's model
 * like any other. model-final.keras beside it stays the Keras copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNpy } from '../data/npy';
import { RUN_FILES } from '../shared/run';
import type { FitwatchSpec } from '../shared/spec';
import { KERAS_ENGINE_FILES } from '../keras/spec-to-script';
import { saveLayersModel, type SavableLayer } from './fast/save';

/** The spec's layers named as the fast engine names them (dense_1…, dropout_1…), fed `features` inputs. */
export function savableLayers(spec: FitwatchSpec, features: number): SavableLayer[] {
  const out: SavableLayer[] = [];
  let dense = 0;
  let drops = 0;
  let width = features;
  for (const l of spec.model.layers) {
    if (l.type === 'dropout') {
      out.push({ kind: 'dropout', name: `dropout_${++drops}`, rate: l.rate });
      continue;
    }
    const reg = l.kernelRegularizer;
    const regularizer = reg && (reg.l1 > 0 || reg.l2 > 0) ? reg : undefined;
    out.push({ kind: 'dense', name: `dense_${++dense}`, stage: { nIn: width, nOut: l.units, activation: l.activation, useBias: l.useBias, regularizer } });
    width = l.units;
  }
  return out;
}

/** Cuts `flat` into kernel/bias arrays in Keras order; undefined when the count does not match the layers. */
function splitWeights(flat: ArrayLike<number>, layers: readonly SavableLayer[]): Float32Array[] | undefined {
  const out: Float32Array[] = [];
  let at = 0;
  const take = (n: number): void => {
    out.push(Float32Array.from({ length: n }, (_, i) => flat[at + i]));
    at += n;
  };
  for (const l of layers) {
    if (l.kind !== 'dense') continue;
    take(l.stage.nIn * l.stage.nOut);
    if (l.stage.useBias) take(l.stage.nOut);
  }
  return at === flat.length ? out : undefined;
}

/** Saves model-final/ from the script's final weights; false when the script left none (stopped before fit returned) or they do not fit the spec. */
export async function saveKerasFinalModel(runDir: string, spec: FitwatchSpec, features: number): Promise<boolean> {
  const file = join(runDir, KERAS_ENGINE_FILES.dataDir, KERAS_ENGINE_FILES.finalWeights);
  if (!existsSync(file)) return false;
  const layers = savableLayers(spec, features);
  const weights = splitWeights(parseNpy(readFileSync(file), file).values, layers);
  if (!weights) return false;
  await saveLayersModel(join(runDir, RUN_FILES.finalModel), layers, features, weights);
  return true;
}
