/**
 * `npm run coach:eval`: the real-data evaluation suite. For each dataset × configuration × seed:
 * train the spec a user would write, diagnose it, apply the fix `fitwatch train --fix` would apply
 * (chooseFinding: the preferred fix of the most severe warning or error), train again with the
 * same seed, and judge the
 * delivered and best val_loss against the noise band. Prints the table, writes a JSON report and,
 * with --write-effects, the measured effects the coach ranks its fixes by.
 *
 * Usage: node --import tsx tools/coach-eval/suite.ts [--quick] [--seeds 3] [--datasets a,b]
 *        [--configs a,b] [--out file.json] [--write-effects]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { chooseFinding, infoFixesNotApplied } from '../../src/cli/apply-fix';
import { diagnose } from '../../src/coach/diagnose';
import type { Finding } from '../../src/shared/findings';
import { FitwatchError, formatProblem } from '../../src/shared/location';
import { applySpecEdits, parseSpec, type FitwatchSpec } from '../../src/shared/spec';
import { trainOnce, type TrainedRun } from './train-once';
import { applies, CONFIGS, DATASETS, scoredOnTestFile, specText, testFileName, type ConfigName, type SuiteDataset } from './cases';
import { pairedBand, rowLosses, testScore } from './test-score';
import { relativeLossError } from '../../src/coach/noise';
import { effectContext, effectKey, type EffectContext } from '../../src/coach/fix-effects';
import { judge, MIN_BAND, scoreRun, spread, type CaseBand, type RunScore, type Verdict } from './score';

const ROOT = resolve(__dirname, '..', '..');
/** Git-ignored cache: exported CSVs and the generated specs. */
export const CACHE = join(ROOT, '.cache', 'coach-eval');
const PYTHON = join(ROOT, '.venv-test', 'bin', 'python');

/** One seed of one case. */
export interface Trial {
  dataset: string;
  config: ConfigName;
  seed: number;
  findings: { code: string; severity: string }[];
  /** The before-spec's inputs, raw or scaled: effects are measured per context. */
  context?: EffectContext;
  warned: boolean;
  finding?: string;
  fix?: string;
  fixTitle?: string;
  noSpecFix?: boolean;
  /**
   * How the fix was chosen: "bare" is what `fitwatch train --fix` writes; "named" is an info
   * finding's fix that only `--fix CODE` writes, trained when a bare --fix writes nothing, so its
   * effect is still measured (measured-effects.ts) but kept out of the headline counts.
   */
  appliedBy?: 'bare' | 'named';
  before: RunScore;
  after?: RunScore;
  verdict?: Verdict;
  /** The verdict against the seed band alone, without the validation rows' paired band: what the report before it counted. */
  seedBandVerdict?: Verdict;
  /** Two paired standard errors of the delivered models' per-row loss difference on the scored rows (0 when unknown). */
  pairedDelivered?: number;
  /** One standard error of val_loss on this case's validation rows, relative (noise.ts); absent when scored on a test file. */
  valNoise?: number;
  /** Where the scores come from: the validation rows, or a held-out test file when the fix changes the validation rows. */
  scoredOn?: 'validation' | 'test';
  wallMs: number;
}

/** What the suite was asked to run. */
export interface SuiteOptions {
  datasets: readonly SuiteDataset[];
  configs: readonly ConfigName[];
  seeds: number;
  quick: boolean;
  log?: (line: string) => void;
}

/** Exports the datasets' CSVs into the cache with the pinned venv's Python, unless already there. */
export function ensureData(datasets: readonly SuiteDataset[]): string {
  const dir = join(CACHE, 'data');
  const missing = datasets.filter(
    (d) => d.name !== 'seed' && (!existsSync(join(dir, `${d.name}.sorted.csv`)) || (applies(d, 'sorted') && !existsSync(join(dir, testFileName(d))))),
  );
  if (missing.length > 0) {
    if (!existsSync(PYTHON)) {
      throw new FitwatchError({
        code: 'coach-eval/no-python',
        message: `${PYTHON} is missing: the suite's datasets come from scikit-learn and statsmodels in the pinned venv.`,
        fix: 'Run bash scripts/setup-python.sh first.',
      });
    }
    execFileSync(PYTHON, [join(__dirname, 'export_datasets.py'), dir, ...missing.map((d) => d.name)], { stdio: 'inherit' });
  }
  return dir;
}

function load(text: string, file: string): FitwatchSpec {
  const { spec, problems } = parseSpec(text, file);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!spec || errors.length > 0) throw new FitwatchError({ ...errors[0], severity: 'error' });
  return spec;
}

function restored(run: TrainedRun, spec: FitwatchSpec): boolean {
  return spec.callbacks.earlyStopping?.restoreBestWeights === true && (run.done.reason === 'earlyStopped' || run.done.reason === 'completed');
}

function findingsOf(run: TrainedRun, spec: FitwatchSpec, text: string): Finding[] {
  return diagnose({ history: run.history, spec, dataset: run.dataset, health: run.health, finished: true, rawSpec: parseJsonc(text) });
}

/**
 * The run's validation rows as a CSV beside the spec: the last `valRows` rows of its data file
 * (the split takes the tail, as Keras' validation_split does, and these cases do not shuffle
 * before it). Undefined for the embedded sample, which has no file (and 2,000 validation rows).
 */
export function validationRowsFile(spec: FitwatchSpec, specFile: string, valRows: number | undefined): string | undefined {
  if (spec.data.kind !== 'file' || spec.data.shuffleBeforeSplit || !valRows) return undefined;
  const lines = readFileSync(resolve(dirname(specFile), spec.data.path), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const out = specFile.replace(/\.fitwatch\.json$/, '.val.csv');
  writeFileSync(out, `${[lines[0], ...lines.slice(-valRows)].join('\n')}\n`);
  return out;
}

/** Runs one seed of one case: before, the --fix edit, after. */
async function runTrial(ds: SuiteDataset, config: ConfigName, seed: number, quick: boolean): Promise<Trial> {
  const started = Date.now();
  const file = join(CACHE, `${ds.name}.${config}.fitwatch.json`);
  const text = specText(ds, config, seed, quick);
  writeFileSync(file, text);
  const spec = load(text, file);
  const before = await trainOnce(spec, file, CACHE);
  const findings = findingsOf(before, spec, text);
  const testFile = scoredOnTestFile(config) ? join(CACHE, 'data', testFileName(ds)) : undefined;
  const valFile = testFile ? undefined : validationRowsFile(spec, file, before.dataset?.valRows);
  const score = async (run: TrainedRun, runSpec: FitwatchSpec): Promise<RunScore> => {
    try {
      if (testFile) return await testScore(run, restored(run, runSpec), testFile);
      const scored = scoreRun(run.history, restored(run, runSpec));
      return valFile ? { ...scored, valRowLosses: await rowLosses(run, restored(run, runSpec), valFile) } : scored;
    } finally {
      rmSync(run.runDir, { recursive: true, force: true });
    }
  };
  const trial: Trial = {
    dataset: ds.name,
    config,
    seed,
    findings: findings.map((f) => ({ code: f.code, severity: f.severity })),
    context: effectContext(spec.data.normalize),
    warned: findings.some((f) => f.severity !== 'info'),
    before: await score(before, spec),
    // A test-scored trial's noise is the paired band over its rows (test-score.ts), not the validation set's.
    ...(testFile ? {} : { valNoise: relativeLossError(spec.compile.loss, before.dataset?.valRows ?? 0) }),
    scoredOn: testFile ? 'test' : 'validation',
    wallMs: 0,
  };
  const bare = chooseFinding(findings);
  // Nothing for a bare --fix (only info findings): measure what naming the first info finding writes.
  const named = bare ? undefined : infoFixesNotApplied(findings)[0];
  const chosen = bare ?? named;
  if (chosen) {
    trial.finding = chosen.finding.code;
    trial.appliedBy = bare ? 'bare' : 'named';
    if (!chosen.fix) trial.noSpecFix = true;
  }
  if (chosen?.fix) {
    trial.fix = chosen.fix.kind;
    trial.fixTitle = chosen.fix.title;
    const fixedText = applySpecEdits(text, chosen.fix.specEdits, file);
    const fixedSpec = load(fixedText, file);
    const after = await trainOnce(fixedSpec, file, CACHE);
    trial.after = await score(after, fixedSpec);
  }
  trial.wallMs = Date.now() - started;
  return trial;
}

/** Runs the suite; trials are judged afterwards, when every seed's spread is known. */
export async function runSuite(options: SuiteOptions): Promise<Trial[]> {
  ensureData(options.datasets);
  mkdirSync(CACHE, { recursive: true });
  const trials: Trial[] = [];
  for (const ds of options.datasets) {
    for (const config of options.configs) {
      if (!applies(ds, config)) continue;
      for (let s = 1; s <= options.seeds; s++) {
        const t = await runTrial(ds, config, s, options.quick);
        trials.push(t);
        options.log?.(
          `${ds.name.padEnd(14)}${config.padEnd(13)}seed ${s}  ${t.findings.map((f) => f.code).join(',') || '-'}  → ${t.fix ? `${t.fix}${t.appliedBy === 'named' ? ` (named: --fix ${t.finding})` : ''}` : t.noSpecFix ? `(${t.finding}: no spec fix)` : 'no fix'}` +
            `  ${t.scoredOn === 'test' ? 'test loss' : 'delivered'} ${t.before.delivered.toPrecision(4)}${t.after ? ` → ${t.after.delivered.toPrecision(4)}` : ''}  (${(t.wallMs / 1000).toFixed(1)} s)`,
        );
      }
    }
  }
  judgeTrials(trials);
  return trials;
}

/**
 * The noise band of each case, absolute. Delivered: twice the seed-to-seed standard deviation of
 * the delivered val_loss of the dataset's healthy configuration, the seed noise of training on
 * these rows (a broken configuration's own spread, where a diverging run lands anywhere, would hide
 * any effect, so it is used only when the dataset has no healthy case in the report). Best: twice
 * the spread of this case's own best val_loss, since how optimistic a minimum over many epochs is
 * depends on the configuration's length and noise, not the dataset's.
 */
export function caseBands(trials: readonly Trial[]): Map<string, CaseBand> {
  const groups = new Map<string, Trial[]>();
  for (const t of trials) {
    const key = `${t.dataset}/${t.config}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const delivered = (ts: readonly Trial[]): number => 2 * spread(ts.map((t) => t.before.delivered));
  const bands = new Map<string, CaseBand>();
  for (const [key, ts] of groups) {
    const healthy = groups.get(`${key.split('/')[0]}/healthy`);
    bands.set(key, { delivered: delivered(healthy ?? ts), best: 2 * spread(ts.map((t) => t.before.best)) });
  }
  return bands;
}

/** Sets each trial's verdict against its case's band. */
export function judgeTrials(trials: Trial[]): void {
  const bands = caseBands(trials);
  for (const t of trials) {
    if (!t.after) continue;
    const band = bands.get(`${t.dataset}/${t.config}`) ?? { delivered: 0, best: 0 };
    // Scored on the same test rows: the paired standard error of the difference is the noise of the comparison.
    // Test rows, else the validation rows: the paired standard error of the per-row difference
    // is how far two models' losses on these rows move with which rows happened to be drawn.
    const b = t.before.rows ?? t.before.valRowLosses;
    const a = t.after.rows ?? t.after.valRowLosses;
    const paired =
      b && a ? { delivered: Math.max(band.delivered, pairedBand(b.delivered, a.delivered)), best: Math.max(band.best, pairedBand(b.best, a.best)) } : band;
    const valNoise = t.valNoise !== undefined && Number.isFinite(t.valNoise) ? t.valNoise : 0;
    t.pairedDelivered = b && a ? pairedBand(b.delivered, a.delivered) : 0;
    t.verdict = judge(t.before, t.after, paired, valNoise);
    // A test-scored trial always had its paired band; a validation-scored one did not before valRowLosses.
    t.seedBandVerdict = t.before.rows ? t.verdict : judge(t.before, t.after, band, valNoise);
  }
}

/** The counts the done-when targets are about. */
export interface SuiteCounts {
  trials: number;
  problemTrials: number;
  /** Problem trials where a bare --fix wrote a fix, and its verdicts. */
  fixed: number;
  helped: number;
  same: number;
  worse: number;
  noSpecFix: number;
  /** Problem trials with no finding at all. */
  noFinding: number;
  /** Problem trials with only info findings: a bare --fix writes nothing there. */
  infoOnly: number;
  healthyTrials: number;
  healthyWarned: number;
  /** Healthy trials where a bare --fix wrote a fix (the target is none). */
  healthyFixed: number;
  /** Info fixes trained as `--fix CODE` would write them (any configuration), kept out of the counts above. */
  named: { trials: number; helped: number; same: number; worse: number };
  /** The bare-fix verdicts against the seed band alone (no paired band on the validation rows), for comparison with older reports. */
  seedBandOnly: { helped: number; same: number; worse: number };
}

/** Counts over trials; problem trials are those of every configuration but `healthy`. */
export function countTrials(trials: readonly Trial[]): SuiteCounts {
  // Reports saved before appliedBy existed applied every fix as a bare --fix did then.
  const byBare = (t: Trial): boolean => t.appliedBy !== 'named';
  const problem = trials.filter((t) => t.config !== 'healthy');
  const bare = problem.filter(byBare);
  const healthy = trials.filter((t) => t.config === 'healthy');
  const named = trials.filter((t) => t.appliedBy === 'named' && t.after);
  return {
    trials: trials.length,
    problemTrials: problem.length,
    fixed: bare.filter((t) => t.after).length,
    helped: bare.filter((t) => t.verdict === 'helped').length,
    same: bare.filter((t) => t.verdict === 'same').length,
    worse: bare.filter((t) => t.verdict === 'worse').length,
    noSpecFix: bare.filter((t) => t.noSpecFix).length,
    noFinding: problem.filter((t) => t.findings.length === 0).length,
    infoOnly: problem.filter((t) => t.findings.length > 0 && t.findings.every((f) => f.severity === 'info')).length,
    healthyTrials: healthy.length,
    healthyWarned: healthy.filter((t) => t.warned).length,
    healthyFixed: healthy.filter((t) => byBare(t) && t.after).length,
    named: {
      trials: named.length,
      helped: named.filter((t) => t.verdict === 'helped').length,
      same: named.filter((t) => t.verdict === 'same').length,
      worse: named.filter((t) => t.verdict === 'worse').length,
    },
    seedBandOnly: {
      helped: bare.filter((t) => t.seedBandVerdict === 'helped').length,
      same: bare.filter((t) => t.seedBandVerdict === 'same').length,
      worse: bare.filter((t) => t.seedBandVerdict === 'worse').length,
    },
  };
}

/** Measured effects keyed "finding/fixKind@context", for src/coach/measured-effects.ts. */
export function measuredEffects(trials: readonly Trial[]): Record<string, { runs: number; helped: number; worse: number }> {
  const out: Record<string, { runs: number; helped: number; worse: number }> = {};
  for (const t of trials) {
    if (!t.after || !t.finding || !t.fix) continue;
    const key = effectKey(t.finding, t.fix, t.context ?? effectContext(t.config === 'raw-features' ? 'none' : 'standard'));
    const e = (out[key] ??= { runs: 0, helped: 0, worse: 0 });
    e.runs += 1;
    if (t.verdict === 'helped') e.helped += 1;
    if (t.verdict === 'worse') e.worse += 1;
  }
  return out;
}

/** The table, one row per case (dataset × configuration), as Markdown. */
export function table(trials: readonly Trial[]): string {
  const bands = caseBands(trials);
  const rows = [
    '| dataset | config | findings (seed 1) | fix applied | delivered before → after (mean) | band (delivered, best; rows: mean paired band of the scored rows when wider) | helped/same/worse |',
    '|---|---|---|---|---|---|---|',
  ];
  const keys = [...new Set(trials.map((t) => `${t.dataset}/${t.config}`))];
  for (const key of keys) {
    const ts = trials.filter((t) => `${t.dataset}/${t.config}` === key);
    const mean = (xs: number[]): string => (xs.length ? (xs.reduce((a, b) => a + b, 0) / xs.length).toPrecision(4) : '-');
    const fixes = [
      ...new Set(ts.map((t) => (t.fix ? `${t.fix}${t.appliedBy === 'named' ? ' (named)' : ''}` : t.noSpecFix ? `${t.finding}: no spec fix` : 'none'))),
    ].join(', ');
    const verdicts = ts.filter((t) => t.verdict);
    const v = verdicts.length
      ? `${verdicts.filter((t) => t.verdict === 'helped').length}/${verdicts.filter((t) => t.verdict === 'same').length}/${verdicts.filter((t) => t.verdict === 'worse').length}`
      : '-';
    const after = ts.filter((t) => t.after).map((t) => t.after?.delivered ?? Number.NaN);
    rows.push(
      `| ${ts[0].dataset} | ${ts[0].config} | ${ts[0].findings.map((f) => f.code).join(', ') || '—'} | ${fixes} | ${mean(ts.map((t) => t.before.delivered))} → ${after.length ? mean(after) : '-'} | ${bandText(bands.get(key), ts)} | ${v} |`,
    );
  }
  return rows.join('\n');
}

/** A case's bands as used: ± absolute, never below MIN_BAND of the mean before value. */
function bandText(band: CaseBand | undefined, ts: readonly Trial[]): string {
  const mean = (xs: number[]): number => {
    const f = xs.filter(Number.isFinite);
    return f.reduce((a, b) => a + b, 0) / Math.max(1, f.length);
  };
  const d = Math.max(band?.delivered ?? 0, MIN_BAND * mean(ts.map((t) => t.before.delivered)));
  const b = Math.max(band?.best ?? 0, d, MIN_BAND * mean(ts.map((t) => t.before.best)));
  const paired = mean(ts.map((t) => t.pairedDelivered ?? 0));
  return `±${d.toPrecision(2)}, ±${b.toPrecision(2)}${paired > d ? `; rows ±${paired.toPrecision(2)}` : ''}`;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** valNoise for trials saved before it was recorded: from the case's rows and loss (Keras split, 20% validation). */
function fillValNoise(trials: Trial[]): void {
  for (const t of trials) {
    if (t.valNoise !== undefined || t.scoredOn === 'test') continue;
    const ds = DATASETS.find((d) => d.name === t.dataset);
    if (!ds) continue;
    const valRows = ds.rows - Math.floor(ds.rows * 0.8);
    t.valNoise = relativeLossError(ds.task === 'regression' ? 'meanSquaredError' : 'binaryCrossentropy', valRows);
  }
}

async function main(): Promise<void> {
  const pick = <T extends string>(all: readonly T[], value: string | undefined): T[] =>
    value ? (value.split(',') as T[]).filter((v) => all.includes(v)) : [...all];
  const names = pick(
    DATASETS.map((d) => d.name),
    arg('--datasets'),
  );
  const options: SuiteOptions = {
    datasets: DATASETS.filter((d) => names.includes(d.name)),
    configs: pick(CONFIGS, arg('--configs')),
    seeds: Number(arg('--seeds') ?? 3),
    quick: process.argv.includes('--quick'),
    log: (line) => console.log(line),
  };
  const t0 = Date.now();
  const rejudge = arg('--rejudge');
  let trials: Trial[];
  if (rejudge) {
    // Re-judges a saved report (same runs, current scoring): no training.
    trials = (JSON.parse(readFileSync(rejudge, 'utf8')) as { trials: Trial[] }).trials;
    fillValNoise(trials);
    judgeTrials(trials);
  } else {
    trials = await runSuite(options);
  }
  const counts = countTrials(trials);
  console.log(`\n${table(trials)}\n`);
  console.log(JSON.stringify(counts));
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.versions.node}; ${((Date.now() - t0) / 60000).toFixed(1)} min; seeds 1..${options.seeds}`,
  );
  const out = arg('--out');
  if (out) writeFileSync(out, JSON.stringify({ counts, trials }, null, 2));
  if (process.argv.includes('--write-effects')) {
    const effects = measuredEffects(trials);
    const body = Object.entries(effects)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, e]) => `  '${k}': { runs: ${e.runs}, helped: ${e.helped}, worse: ${e.worse} },`)
      .join('\n');
    writeFileSync(
      join(ROOT, 'src', 'coach', 'measured-effects.ts'),
      `/** Written by \`npm run coach:eval -- --write-effects\` (tools/coach-eval); key "finding/fixKind@context". Do not edit by hand. */\nimport type { FixEffect } from '../shared/findings';\n\n/** Measured effects from the last full suite run (docs/coach-eval.md). */\nexport const MEASURED_EFFECTS: Readonly<Record<string, FixEffect>> = {\n${body}\n};\n`,
    );
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof FitwatchError ? formatProblem(err.problem) : err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
