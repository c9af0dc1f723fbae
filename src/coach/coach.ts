/**
 * The live coach: feed it each epoch as it finishes (O(window) per call) and health probes as
 * they come; ask for the current findings at any time. Each regime is one finding that grows and
 * updates while it lasts (see tracker.ts), so the panel never sees a new finding per epoch.
 */
import type { DatasetSummary } from '../shared/dataset';
import type { Finding, Fix, FindingCode } from '../shared/findings';
import type { EpochRecord, History } from '../shared/metrics';
import type { FitwatchSpec } from '../shared/spec';
import { chanceLevel } from './chance';
import { resolveCoachConfig, type CoachConfig } from './config';
import { Curves } from './curves';
import { fixesFor } from './fixes';
import type { Observation } from './observation';
import type { RuleContext } from './rules/context';
import { observeClassImbalance, observeInitialLoss, observeSortedValidation, observeUnnormalized } from './rules/data';
import { observeDivergence } from './rules/divergence';
import { observeDeadRelu, observeExploding, observeStuck, observeVanishing, type HealthReport } from './rules/gradients';
import { noiseBand } from './noise';
import { observeOscillation } from './rules/oscillation';
import { observeOverfitting } from './rules/overfitting';
import {
  observeLrTooLow,
  observeNoiseFloor,
  observePlateau,
  observeSlowProgress,
  observeStillImproving,
  observeUnderfitting,
  windowTrend,
} from './rules/trend';
import { RegimeTracker } from './tracker';
import { FitwatchError } from '../shared/location';

/** What a Coach is set up with. */
export interface CoachOptions {
  spec: FitwatchSpec;
  /** The parsed JSON of the spec file, so fixes edit paths that exist there. */
  rawSpec?: unknown;
  dataset?: DatasetSummary;
  config?: Partial<CoachConfig>;
}

/** Curve findings a divergence supersedes. */
const TREND_CODES: readonly FindingCode[] = [
  'plateau',
  'slow-progress',
  'underfitting',
  'lr-too-low',
  'oscillation',
  'overfitting',
  'noise-floor',
  'still-improving',
];

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Incremental diagnosis of one run. */
export class Coach {
  readonly config: CoachConfig;
  private readonly curves: Curves;
  private readonly tracker = new RegimeTracker();
  private readonly records: EpochRecord[] = [];
  private readonly ctx: RuleContext;
  private previousHealth: HealthReport | undefined;
  private previousHealthLoss: number | undefined;
  private readonly fixCache = new Map<FindingCode, { at: number; fixes: Fix[] }>();

  constructor(options: CoachOptions) {
    this.config = resolveCoachConfig(options.config);
    this.curves = new Curves(this.config.smoothing);
    this.ctx = {
      curves: this.curves,
      config: this.config,
      chance: chanceLevel(options.spec, options.dataset),
      noise: noiseBand(options.spec.compile.loss, options.dataset),
      spec: options.spec,
      rawSpec: options.rawSpec,
      tracker: this.tracker,
    };
    if (options.dataset) this.setDataset(options.dataset);
  }

  /** The loaded dataset (the trainer reports it before the first epoch): runs the data-hazard rules once. */
  setDataset(dataset: DatasetSummary): void {
    this.ctx.dataset = dataset;
    this.ctx.chance = chanceLevel(this.ctx.spec, dataset);
    this.ctx.noise = noiseBand(this.ctx.spec.compile.loss, dataset);
    for (const obs of [observeUnnormalized(this.ctx, dataset), observeSortedValidation(this.ctx, dataset), observeClassImbalance(this.ctx, dataset)]) {
      this.feed(obs);
    }
  }

  /** Adds one finished epoch and re-evaluates the curve rules over their windows. */
  update(record: EpochRecord): void {
    const prev = this.records[this.records.length - 1];
    if (prev && !(record.epoch > prev.epoch)) {
      throw new FitwatchError({
        code: 'coach/epoch-order',
        message: `The coach got epoch ${record.epoch} after epoch ${prev.epoch}.`,
        fix: 'Feed epochs in training order, once each (start a new Coach for a new run).',
      });
    }
    this.records.push(record);
    this.curves.push(record);
    const ctx = this.ctx;
    if (this.curves.length === 1) this.feed(observeInitialLoss(ctx));
    this.feed(observeDivergence(ctx));
    if (this.tracker.isOpen('divergence')) {
      // A blown-up loss makes every trend rule fire at once; the divergence is the one finding that matters.
      for (const code of TREND_CODES) this.tracker.close(code);
      return;
    }
    this.feed(observeOverfitting(ctx));
    const trend = windowTrend(ctx);
    if (trend) {
      this.feed(observePlateau(ctx, trend));
      this.feed(observeSlowProgress(ctx, trend));
    }
    // Exclusive regimes: a stall is not "slow progress", and slow progress is beside the point once val_loss rises.
    if (this.tracker.isOpen('plateau') || this.tracker.isOpen('overfitting')) this.tracker.close('slow-progress');
    this.feed(observeUnderfitting(ctx));
    if (trend) this.feed(observeNoiseFloor(ctx, trend));
    if (this.tracker.isOpen('noise-floor')) {
      // At the noise floor a stall is the expected end, not a capacity problem: say that instead.
      for (const code of ['plateau', 'slow-progress', 'underfitting'] as const) this.tracker.close(code);
    }
    this.feed(observeLrTooLow(ctx));
    this.feed(observeOscillation(ctx));
    this.feed(observeStillImproving(ctx));
    if (this.tracker.isOpen('still-improving')) {
      for (const code of ['plateau', 'slow-progress', 'noise-floor'] as const) this.tracker.close(code);
    }
    if (this.tracker.isOpen('stuck')) for (const code of ['lr-too-low', 'plateau', 'underfitting', 'slow-progress'] as const) this.tracker.close(code);
  }

  /** Adds one gradient-health probe. */
  health(report: HealthReport): void {
    this.feed(observeDeadRelu(this.ctx, report));
    this.feed(observeVanishing(this.ctx, report));
    this.feed(observeExploding(this.ctx, report, this.previousHealth, this.previousHealthLoss));
    this.feed(observeStuck(this.ctx, report));
    if (this.tracker.isOpen('stuck')) {
      // Zero gradients explain the flat curve: "too low a rate" and "dead units" would send the user the wrong way.
      for (const code of ['lr-too-low', 'dead-relu', 'vanishing-gradients', 'plateau', 'underfitting'] as const) this.tracker.close(code);
    }
    this.previousHealth = report;
    const t = this.curves.last;
    this.previousHealthLoss = t >= 0 && Number.isFinite(this.curves.smoothLoss[t]) ? this.curves.smoothLoss[t] : undefined;
  }

  /** The epochs seen so far. */
  get history(): History {
    return this.records;
  }

  /** How often each code opened or closed: 1 is one regime still open, 2 one that came and went. */
  transitions(code: FindingCode): number {
    return this.tracker.transitions.get(code) ?? 0;
  }

  /**
   * The open findings, errors first. Fixes replay callbacks over the whole history, so they are
   * cached and refreshed every `fixRefreshEpochs` epochs, or now with `fresh`.
   */
  findings(options: { fresh?: boolean } = {}): Finding[] {
    const out: { finding: Finding; openedAt: number }[] = [];
    for (const [code, regime] of this.tracker.regimes()) {
      const obs = regime.latest;
      const finding: Finding = {
        code,
        severity: obs.severity,
        epochs: { start: regime.start, end: regime.end },
        evidence: { ...obs.evidence },
        rule: obs.rule,
        message: obs.message,
        fixes: this.fixes(code, options.fresh === true),
      };
      if (obs.specPath) finding.specPath = obs.specPath;
      if (obs.meaning) finding.meaning = obs.meaning;
      if (obs.noSpecFix && !finding.fixes.some((f) => f.specEdits.length > 0)) finding.noSpecFix = obs.noSpecFix;
      out.push({ finding, openedAt: regime.openedAt });
    }
    out.sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.openedAt - b.openedAt);
    return out.map((o) => o.finding);
  }

  private fixes(code: FindingCode, fresh: boolean): Fix[] {
    const n = this.records.length;
    const cached = this.fixCache.get(code);
    if (cached && !fresh && n - cached.at < this.config.fixRefreshEpochs) return cached.fixes;
    const fixes = fixesFor(code, {
      spec: this.ctx.spec,
      rawSpec: this.ctx.rawSpec,
      history: this.records,
      dataset: this.ctx.dataset,
      validationMeaningless: this.tracker.isOpen('sorted-validation'),
    });
    this.fixCache.set(code, { at: n, fixes });
    return fixes;
  }

  private feed(obs: Observation | undefined): void {
    if (!obs) return;
    if (this.tracker.observe(obs) && !this.tracker.isOpen(obs.code)) this.fixCache.delete(obs.code);
  }
}
