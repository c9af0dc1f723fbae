/**
 * `npm run coach:eval`: does the coach's preferred fix help? For each example spec: train it,
 * diagnose the run, apply the preferred fix of the first actionable finding to the spec TEXT
 * (applySpecEdits, as the quick fix does), train again, and compare best val_loss and
 * epochs-to-best. Writes a JSON report next to the console table.
 *
 * Usage: node --import tsx tools/coach-eval/main.ts [--seed-epochs 150] [--overfit-epochs 300] [--all-fixes]
 *        [--out coach-eval.json] [--record dir]
 * `--all-fixes` also trains every other editable fix of that finding, for comparison.
 * `--record dir` saves each "before" history as `<case>-<epochs>.json` (test fixtures).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { diagnose } from '../../src/coach/diagnose';
import type { Finding, Fix } from '../../src/shared/findings';
import { FitwatchError, formatProblem } from '../../src/shared/location';
import { applySpecEdits, parseSpec, type FitwatchSpec } from '../../src/shared/spec';
import { summarize, TAIL_EPOCHS, type RunSummary } from './summary';
import { trainOnce } from './train-once';

const ROOT = resolve(__dirname, '..', '..');

interface Case {
  name: string;
  file: string;
  epochs: number;
}

interface FixTrial {
  finding: string;
  kind: string;
  title: string;
  preferred: boolean;
  rationale?: string;
  edits: unknown;
  after: RunSummary;
}

interface CaseReport {
  name: string;
  findings: { code: string; epochs: string; message: string }[];
  before: RunSummary;
  /** The preferred fix first, then (with --all-fixes) the others. */
  trials: FixTrial[];
}

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    throw new FitwatchError({
      code: 'coach-eval/bad-arg',
      message: `${name} is "${process.argv[i + 1]}".`,
      fix: `Pass a positive whole number of epochs, e.g. ${name} ${fallback}.`,
    });
  }
  return value;
}

function argString(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) {
    throw new FitwatchError({ code: 'coach-eval/bad-arg', message: `${name} needs a path.`, fix: `Pass e.g. ${name} coach-eval.json.` });
  }
  return value;
}

function load(text: string, file: string): FitwatchSpec {
  const { spec, problems } = parseSpec(text, file);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!spec || errors.length > 0) throw new FitwatchError({ ...errors[0], severity: 'error' });
  return spec;
}

/** The first finding (errors first) whose preferred fix actually edits the spec, and the fixes to try. */
function fixesToTry(findings: Finding[], all: boolean): { finding: Finding; fixes: Fix[] } | undefined {
  for (const finding of findings) {
    const editable = finding.fixes.filter((f) => f.specEdits.length > 0);
    if (editable[0]?.preferred) return { finding, fixes: all ? editable : [editable[0]] };
  }
  return undefined;
}

async function evaluate(c: Case): Promise<CaseReport> {
  const file = join(ROOT, c.file);
  const text = applySpecEdits(readFileSync(file, 'utf8'), [{ path: ['fit', 'epochs'], value: c.epochs }], file);
  const spec = load(text, file);
  console.log(`\n== ${c.name}: ${c.file}, ${c.epochs} epochs`);
  const before = await trainOnce(spec, file, ROOT);
  const findings = diagnose({ history: before.history, spec, dataset: before.dataset, health: before.health, finished: true, rawSpec: parseJsonc(text) });
  const report: CaseReport = {
    name: c.name,
    findings: findings.map((f) => ({ code: f.code, epochs: `${f.epochs.start + 1}-${f.epochs.end + 1}`, message: f.message })),
    before: summarize(before),
    trials: [],
  };
  const recordDir = argString('--record');
  if (recordDir) {
    mkdirSync(recordDir, { recursive: true });
    const slim = before.history.map((r) => ({ epoch: r.epoch, logs: r.logs, durationMs: Math.round(r.durationMs) }));
    writeFileSync(
      join(recordDir, `${c.name}-${c.epochs}.json`),
      `${JSON.stringify({ spec: c.file, epochs: c.epochs, backend: before.backend, engine: before.engine, dataset: before.dataset, history: slim })}\n`,
    );
  }
  for (const f of findings) console.log(`  ${f.severity} ${f.code} (epochs ${f.epochs.start + 1}-${f.epochs.end + 1}): ${f.message}`);
  const chosen = fixesToTry(findings, process.argv.includes('--all-fixes'));
  if (!chosen) {
    console.log('  no finding with an editable preferred fix: nothing to compare');
    return report;
  }
  for (const fix of chosen.fixes) {
    console.log(`  applying "${fix.title}" (for ${chosen.finding.code}): ${fix.rationale ?? ''}`);
    const fixedText = applySpecEdits(text, fix.specEdits, file);
    const after = await trainOnce(load(fixedText, file), file, ROOT);
    report.trials.push({
      finding: chosen.finding.code,
      kind: fix.kind,
      title: fix.title,
      preferred: fix.preferred,
      rationale: fix.rationale,
      edits: fix.specEdits,
      after: summarize(after),
    });
  }
  return report;
}

function row(label: string, s: RunSummary): string {
  const fmt = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(4));
  return `  ${label.padEnd(7)}best val_loss ${fmt(s.bestValLoss)} at epoch ${s.bestEpoch === null ? '-' : s.bestEpoch + 1}, final ${fmt(s.finalValLoss)}, mean of last ${Math.min(TAIL_EPOCHS, s.epochsRun)} ${fmt(s.tailValLoss)}, ${s.epochsRun} epochs run (${s.doneReason}), final loss ${s.finalLoss.toFixed(4)}, ${(s.wallMs / 1000).toFixed(1)} s [${s.backend}/${s.engine}]`;
}

async function main(): Promise<void> {
  const cases: Case[] = [
    { name: 'seed', file: 'examples/seed.fitwatch.json', epochs: argNumber('--seed-epochs', 150) },
    { name: 'overfit', file: 'examples/overfit.fitwatch.json', epochs: argNumber('--overfit-epochs', 300) },
  ];
  const reports: CaseReport[] = [];
  for (const c of cases) reports.push(await evaluate(c));
  console.log('\n== summary');
  for (const r of reports) {
    console.log(`${r.name}: ${r.findings.map((f) => f.code).join(', ') || 'no findings'}`);
    console.log(row('before', r.before));
    for (const t of r.trials) console.log(row(t.preferred ? 'fix*' : 'fix', t.after), `← ${t.title}`);
  }
  const out = argString('--out');
  if (out) {
    writeFileSync(out, JSON.stringify(reports, null, 2));
    console.log(`\nreport written to ${out}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof FitwatchError ? formatProblem(err.problem) : err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
