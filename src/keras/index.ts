/** The Keras bridge: read Keras logs, tail a live CSVLogger, analyse and fix Keras scripts, turn them into specs. */
export { detectLogFormat, parseKerasLog, type KerasLog, type KerasLogFormat } from './logs';
export { CsvTailParser } from './csv-tail';
export { analyzePython, analyzeTree, requireFit } from './python';
export type * from './python-types';
export { applyTextEdits, csvLoggerEdits, csvLoggerPath, pythonEditsForFix, PYTHON_FIX_KINDS, type TextEdit } from './python-fixes';
export { kerasDiagnosticsTargets, type KerasDiagnosticTarget } from './targets';
export { kerasScriptToSpecText, type SpecDataChoice } from './to-spec';
export { kerasModelJsonToSpecText } from './model-json';
