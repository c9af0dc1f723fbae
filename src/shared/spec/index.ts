/** The public API of the spec file: parse, locate, edit, generate, and the tables the schema mirrors. */
export { parseSpec, type SpecParseResult } from './parse';
export { locateJsonPath, spanForPath, type TextSpan } from './locate';
export { applySpecEdits, specEditRanges, detectFormatting } from './edit';
export { generateSpecText, type GenerateSpecOptions } from './generate';
export { SPEC_FIELDS, REQUIRED_FIELDS, type SpecObjectKind } from './fields';
export { SPEC_DEFAULTS } from './defaults';
export { defaultOptimizer } from './read-compile';
export {
  ACTIVATIONS,
  BACKENDS,
  ENGINES,
  LAYER_TYPES,
  LOSSES,
  METRICS,
  MONITORS,
  MONITOR_MODES,
  NORMALIZE_MODES,
  OPTIMIZERS,
  SAMPLES,
} from './vocabulary';
export { specSnapshot, specSnapshotText } from './snapshot';
