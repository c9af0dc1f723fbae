/**
 * Which engine runs a spec: the fast MLP path when it can (much less per-op overhead than tfjs
 * on small dense nets), tfjs otherwise or when asked, Keras when asked or, under `auto`, when the
 * measured crossover says it is faster for this size (src/keras/engine-crossover.ts) and Keras
 * is installed. The reason for any fallback or choice is reported.
 */
import { FitwatchError } from '../shared/location';
import type { BackendChoice, EngineChoice, FitwatchSpec } from '../shared/spec';
import { kerasCrossover, type Workload } from '../keras/engine-crossover';
import { fastEngineSupports } from './fast/supports';

/** The engine picked, and why it is not the one asked for (if so). */
export interface EngineDecision {
  engine: 'tfjs' | 'fast' | 'keras';
  fallbackReason?: string;
  /** For `auto` choosing Keras: the engine to use instead when the interpreter has no Keras. */
  withoutKeras?: EngineDecision;
}

/**
 * `fast` that cannot run the spec is an error; `auto` picks fast unless the spec needs tfjs or a
 * tfjs backend was chosen explicitly (the fast engine has no backends), and Keras when `workload`
 * (known once the data is loaded) is past the crossover. `keras` with a tfjs backend is an error.
 */
export function chooseEngine(spec: FitwatchSpec, engine: EngineChoice, backend: BackendChoice, specFile: string, workload?: Workload): EngineDecision {
  if (engine === 'tfjs') return { engine: 'tfjs' };
  if (engine === 'keras') {
    if (backend !== 'auto') {
      throw new FitwatchError({
        code: 'trainer/keras-backend',
        message: `"backend": "${backend}" chooses a TensorFlow.js backend, which the Keras engine does not use.`,
        fix: 'Remove "backend" (or set it to "auto"); Keras picks its own backend from KERAS_BACKEND.',
        location: { file: specFile, jsonPath: ['backend'] },
      });
    }
    return { engine: 'keras' };
  }
  const unsupported = fastEngineSupports(spec);
  if (engine === 'fast') {
    if (unsupported) {
      throw new FitwatchError({
        code: 'trainer/fast-unsupported',
        message: `The fast engine cannot run this spec: ${unsupported}.`,
        fix: 'Set "engine": "auto" or "tfjs".',
        location: { file: specFile, jsonPath: ['engine'] },
      });
    }
    return { engine: 'fast' };
  }
  if (unsupported) return { engine: 'tfjs', fallbackReason: `fast engine not used: ${unsupported}` };
  if (backend !== 'auto') return { engine: 'tfjs', fallbackReason: `backend "${backend}" was chosen explicitly, so the tfjs engine runs` };
  if (workload) {
    const verdict = kerasCrossover(workload);
    if (verdict.kerasFaster) {
      return {
        engine: 'keras',
        fallbackReason: `auto chose Keras: ${verdict.reason}`,
        withoutKeras: { engine: 'fast', fallbackReason: `${verdict.reason}, but Keras is not available` },
      };
    }
  }
  return { engine: 'fast' };
}
