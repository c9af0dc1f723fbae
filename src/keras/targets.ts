/**
 * Where a coach finding shows up in a Keras script: the finding's spec path mapped to the
 * Python that holds that setting (a Dense call, the learning rate, compile, or fit).
 */
import type { Finding } from '../shared/findings';
import type { PySpan, PythonAnalysis } from './python-types';

/** A finding placed on a range of the script. */
export interface KerasDiagnosticTarget {
  finding: Finding;
  span: PySpan;
  /** What the range is, e.g. to pick a message prefix or a code-action anchor. */
  on: 'layer' | 'learningRate' | 'compile' | 'fit';
}

/**
 * The range for each finding; findings go on model.fit when nothing more specific fits, and are
 * left out when the script has no fit. `fitLine` (1-based, from a live run) is the fit that
 * ran: with one fit per if/else branch, the finding goes on that one.
 */
export function kerasDiagnosticsTargets(analysis: PythonAnalysis, findings: readonly Finding[], fitLine?: number): KerasDiagnosticTarget[] {
  const ran = analysis.fits.find((f) => fitLine !== undefined && f.call.span.start.line + 1 <= fitLine && fitLine <= f.call.span.end.line + 1) ?? analysis.fit;
  const specLayers = analysis.model?.layers.filter((l) => l.kind !== 'input') ?? [];
  const out: KerasDiagnosticTarget[] = [];
  for (const finding of findings) {
    const path = finding.specPath ?? [];
    const layer = path[0] === 'model' && path[1] === 'layers' && typeof path[2] === 'number' ? specLayers[path[2]] : undefined;
    const opt = analysis.compile?.optimizer;
    if (layer) {
      const span = path[3] === 'units' && layer.units ? layer.units.valueSpan : layer.span;
      out.push({ finding, span, on: 'layer' });
    } else if (path[0] === 'compile' && path[1] === 'optimizer' && opt?.form === 'call' && opt.learningRate) {
      out.push({ finding, span: opt.learningRate.span, on: 'learningRate' });
    } else if (path[0] === 'compile' && analysis.compile) {
      out.push({ finding, span: opt && opt.form !== 'call' ? opt.span : analysis.compile.call.span, on: 'compile' });
    } else if (ran) {
      out.push({ finding, span: ran.call.span, on: 'fit' });
    }
  }
  return out;
}
