/**
 * "What happened in this run": the seed question's accepted answer, made specific with this run's
 * numbers. What the curve did (fast fall, then a flattening tail), what that means (the tail of
 * gradient descent, or the findings' mechanisms), and what to do (the ranked fixes with their
 * measured effect). The CLI prints it last and writes it as summary.md in the run folder.
 */
import type { DatasetSummary } from '../shared/dataset';
import type { Finding } from '../shared/findings';
import type { History } from '../shared/metrics';
import type { FitwatchSpec } from '../shared/spec';
import { describeEffect } from './fix-effects';
import { num, pct } from './observation';
import { GRADIENT_DESCENT_TAIL } from './rules/trend';

/** Lowest finite value of `key` and its index, or undefined. */
function best(history: History, key: string): { value: number; index: number } | undefined {
  let out: { value: number; index: number } | undefined;
  history.forEach((r, index) => {
    const v = r.logs[key];
    if (typeof v === 'number' && Number.isFinite(v) && (!out || v < out.value)) out = { value: v, index };
  });
  return out;
}

/** Where the loss made most of its progress: the epoch by which it covered 90% of its total fall. */
function kneeEpoch(history: History): number | undefined {
  const losses = history.map((r) => r.logs.loss).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (losses.length < 3) return undefined;
  const first = losses[0];
  const low = Math.min(...losses);
  if (!(first > low)) return undefined;
  const target = first - 0.9 * (first - low);
  const i = losses.findIndex((v) => v <= target);
  return i >= 0 ? i : undefined;
}

/** The summary as Markdown; `findings` as the coach gave them at the end of the run. */
export function runSummaryMarkdown(input: {
  history: History;
  findings: readonly Finding[];
  spec: FitwatchSpec;
  dataset?: DatasetSummary;
  stoppedEarly?: boolean;
}): string {
  const { history, findings, spec } = input;
  const lines: string[] = ['# What happened in this run', ''];
  if (history.length === 0) return `${lines.join('\n')}No epoch finished, so there is nothing to explain yet.\n`;
  const first = history[0].logs.loss;
  const last = history[history.length - 1].logs;
  const knee = kneeEpoch(history);
  const bestVal = best(history, 'val_loss');
  const n = history.length;
  const curve: string[] = [];
  curve.push(`The training loss went from ${num(first)} at epoch 1 to ${num(last.loss)} at epoch ${n}`);
  if (knee !== undefined && knee < n - 1) {
    curve.push(
      `; 90% of that fall happened by epoch ${knee + 1} (${pct((knee + 1) / n)} of the run), and the remaining ${n - knee - 1} epochs bought the last 10%`,
    );
  }
  curve.push('.');
  if (bestVal) {
    curve.push(` The best val_loss was ${num(bestVal.value)} at epoch ${bestVal.index + 1}`);
    const lastVal = last.val_loss;
    if (typeof lastVal === 'number' && Number.isFinite(lastVal)) curve.push(`; at the end it was ${num(lastVal)}`);
    curve.push('.');
  }
  if (input.dataset?.baseline) curve.push(` A linear model fitted on the same rows scores val_loss ${num(input.dataset.baseline.valLoss)}.`);
  lines.push('## The curve', '', curve.join(''), '');

  lines.push('## What it means', '');
  const meanings = findings.filter((f) => f.meaning);
  if (meanings.length === 0) {
    lines.push(findings.length === 0 ? `The coach saw nothing wrong. ${GRADIENT_DESCENT_TAIL}` : GRADIENT_DESCENT_TAIL, '');
  } else {
    for (const f of meanings) lines.push(`- **${f.code}** (epochs ${f.epochs.start + 1}–${f.epochs.end + 1}): ${f.meaning} ${f.message}`);
    lines.push('');
  }

  lines.push('## What to do', '');
  let any = false;
  for (const f of findings) {
    const edits = f.fixes.filter((x) => x.specEdits.length > 0);
    if (edits.length === 0) {
      if (f.noSpecFix) {
        lines.push(`- ${f.code}: no spec fix. ${f.noSpecFix}`);
        any = true;
      }
      continue;
    }
    edits.forEach((fix, i) => {
      const effect = fix.effect ? ` (measured: ${describeEffect(fix.effect)})` : '';
      lines.push(`- ${f.code}, ${i === 0 ? 'preferred' : `option ${i + 1}`}: ${fix.title}${effect}`);
    });
    any = true;
  }
  if (!any)
    lines.push(
      `Nothing to change: keep this spec${spec.callbacks.earlyStopping ? '' : ', or add EarlyStopping(restore_best_weights=True) to stop once val_loss stops improving'}.`,
    );
  lines.push('');
  return `${lines.join('\n')}`;
}
