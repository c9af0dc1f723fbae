/**
 * Gradient health from the trainer's periodic probes (AutoTrainer's gradient_issue: dying
 * ReLU, vanishing and exploding gradients). A finding opens on one bad probe and clears on a
 * probe that is clearly fine.
 */
import type { LayerHealth } from '../../shared/protocol/trainer';
import type { JsonPath } from '../../shared/location';
import type { Observation } from '../observation';
import { pct } from '../observation';
import { learningRatePath } from '../spec-paths';
import type { RuleContext } from './context';

/** One health probe as the trainer sends it. */
export interface HealthReport {
  epoch: number;
  layers: LayerHealth[];
}

/** The spec path of the i-th reported layer, when reports cover exactly the dense layers in order. */
function layerPath(ctx: RuleContext, report: HealthReport, i: number, field: string): JsonPath | undefined {
  const dense = ctx.spec.model.layers.flatMap((l, k) => (l.type === 'dense' ? [k] : []));
  return report.layers.length === dense.length ? ['model', 'layers', dense[i], field] : undefined;
}

/** `dead-relu`: a ReLU layer where more than `deadReluEnter` of the units output 0 for the whole batch. */
export function observeDeadRelu(ctx: RuleContext, report: HealthReport): Observation | undefined {
  const { config } = ctx;
  let worst = -1;
  for (let i = 0; i < report.layers.length; i++) {
    const f = report.layers[i].deadFraction;
    if (f !== undefined && (worst < 0 || f > (report.layers[worst].deadFraction ?? 0))) worst = i;
  }
  if (worst < 0) return undefined;
  const fraction = report.layers[worst].deadFraction ?? 0;
  const name = report.layers[worst].layer;
  return {
    code: 'dead-relu',
    enter: fraction > config.deadReluEnter,
    exit: fraction < config.deadReluExit,
    epoch: report.epoch,
    severity: 'warning',
    evidence: { deadFraction: fraction, layerIndex: worst },
    rule: `a ReLU layer has > ${pct(config.deadReluEnter)} of units outputting 0 on a whole batch (clears below ${pct(config.deadReluExit)})`,
    message:
      `${pct(fraction)} of the ReLU units in layer ${name} are dead (output 0 for every sample): they no longer learn. ` +
      'A learning rate that is too high usually knocks them out; lower it.',
    specPath: layerPath(ctx, report, worst, 'units') ?? learningRatePath(ctx.rawSpec),
  };
}

/** `vanishing-gradients`: a layer's gradient is negligible next to its weights, or far below the last layer's. */
export function observeVanishing(ctx: RuleContext, report: HealthReport): Observation | undefined {
  const { config } = ctx;
  const layers = report.layers;
  if (layers.length === 0) return undefined;
  const lastLayer = layers[layers.length - 1];
  const last = lastLayer.gradNorm;
  const first = layers[0].gradNorm;
  // Vanishing means early layers starve while the output layer still learns. When the output
  // layer's gradient is itself ~0 (a memorised training set, loss ~0), there is simply nothing
  // left to learn: not a gradient-flow problem.
  const outputLearns = lastLayer.weightNorm > 0 ? last / lastLayer.weightNorm >= 100 * config.vanishingRelative : last > 0;
  const t = ctx.curves.last;
  const converged = t >= 0 && ctx.chance.loss !== undefined && ctx.curves.smoothLoss[t] < config.convergedFraction * ctx.chance.loss;
  let worst = -1;
  let worstRel = Number.POSITIVE_INFINITY;
  // The output layer is the reference, so only the layers before it can starve (a lone layer stands for itself).
  const candidates = layers.length > 1 ? layers.length - 1 : 1;
  for (let i = 0; i < candidates; i++) {
    const l = layers[i];
    if (l.weightNorm > 0) {
      const rel = l.gradNorm / l.weightNorm;
      if (rel < worstRel) {
        worstRel = rel;
        worst = i;
      }
    }
  }
  const ratio = last > 0 ? first / last : Number.POSITIVE_INFINITY;
  const applicable = (outputLearns || layers.length === 1) && !converged;
  const relVanish = applicable && worst >= 0 && worstRel < config.vanishingRelative;
  const depthVanish = applicable && layers.length > 1 && ratio < config.vanishingLayerRatio && first < config.vanishingFirstLayer;
  const index = relVanish ? worst : 0;
  const clear = !applicable || (worstRel > 10 * config.vanishingRelative && (layers.length < 2 || ratio > 10 * config.vanishingLayerRatio || first > 10 * config.vanishingFirstLayer));
  return {
    code: 'vanishing-gradients',
    enter: relVanish || depthVanish,
    exit: clear,
    epoch: report.epoch,
    severity: 'warning',
    evidence: {
      layerIndex: index,
      firstGradNorm: first,
      ...(Number.isFinite(worstRel) ? { gradToWeight: worstRel } : {}),
      ...(Number.isFinite(ratio) ? { firstToLastGrad: ratio } : {}),
    },
    rule:
      `a layer's gradient norm < ${config.vanishingRelative}× its weight norm, or first/last layer gradient ratio < ` +
      `${config.vanishingLayerRatio} with first-layer gradient norm < ${config.vanishingFirstLayer} (AutoTrainer)`,
    message:
      `Gradients are vanishing in layer ${layers[index].layer}: its gradient norm is ${worstRel.toExponential(1)}× its weights ` +
      `and ${ratio.toExponential(1)}× the last layer's, so it barely changes. Saturating activations (sigmoid/tanh in hidden layers) ` +
      'or unnormalised inputs are the usual cause; ReLU hidden layers and data.normalize "standard" help.',
    specPath: layerPath(ctx, report, index, 'activation'),
  };
}

/** `exploding-gradients`: a gradient norm above `explodingNorm`, non-finite, or grown `explodingGrowth`× since the last probe. */
export function observeExploding(ctx: RuleContext, report: HealthReport, previous: HealthReport | undefined): Observation | undefined {
  const { config } = ctx;
  const layers = report.layers;
  if (layers.length === 0) return undefined;
  let worst = 0;
  let growth = 0;
  let nonFinite = false;
  for (let i = 0; i < layers.length; i++) {
    const g = layers[i].gradNorm;
    if (!Number.isFinite(g)) nonFinite = true;
    if (!(layers[worst].gradNorm >= g)) worst = i;
    const before = previous?.layers[i]?.gradNorm;
    if (before !== undefined && before > 0 && Number.isFinite(g) && g > 1) growth = Math.max(growth, g / before);
  }
  const top = layers[worst].gradNorm;
  return {
    code: 'exploding-gradients',
    enter: nonFinite || top > config.explodingNorm || growth >= config.explodingGrowth,
    exit: !nonFinite && top < config.explodingNorm / 10 && growth < config.explodingGrowth / 3,
    epoch: report.epoch,
    severity: nonFinite ? 'error' : 'warning',
    evidence: { layerIndex: worst, gradNorm: Number.isFinite(top) ? top : -1, growth },
    rule: `a layer's gradient norm is non-finite, > ${config.explodingNorm}, or grew ≥ ${config.explodingGrowth}× since the previous probe`,
    message:
      `Gradients are exploding in layer ${layers[worst].layer}: norm ${Number.isFinite(top) ? top.toExponential(1) : String(top)}` +
      `${growth >= config.explodingGrowth ? `, ${growth.toFixed(0)}× the previous probe` : ''}. Steps this large throw the weights ` +
      'around; lower the learning rate (and normalise the inputs).',
    specPath: learningRatePath(ctx.rawSpec),
  };
}
