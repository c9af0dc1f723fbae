/**
 * Which engine runs a spec: the fast MLP path when it can (much less per-op overhead than tfjs
 * on small dense nets), tfjs otherwise or when asked. The reason for any fallback is reported.
 */
import { FitwatchError } from '../shared/location';
import type { BackendChoice, EngineChoice, FitwatchSpec } from '../shared/spec';
import { fastEngineSupports } from './fast/supports';

/** The engine picked, and why it is not the one asked for (if so). */
export interface EngineDecision {
  engine: 'tfjs' | 'fast';
  fallbackReason?: string;
}

/**
 * `fast` that cannot run the spec is an error; `auto` picks fast unless the spec needs tfjs or a
 * tfjs backend was chosen explicitly (the fast engine has no backends).
 */
export function chooseEngine(spec: FitwatchSpec, engine: EngineChoice, backend: BackendChoice, specFile: string): EngineDecision {
  if (engine === 'tfjs') return { engine: 'tfjs' };
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
  return { engine: 'fast' };
}
