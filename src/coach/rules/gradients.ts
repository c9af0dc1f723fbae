/**
 * Gradient health from the trainer's periodic probes (AutoTrainer's gradient_issue: dying
 * ReLU, vanishing and exploding gradients). A finding opens on one bad probe and clears on a
 * probe that is clearly fine.
 */
import type { LayerHealth } from '../../shared/protocol/trainer';
import type { JsonPath } from '../../shared/location';
import type { Observation } from '../observation';
import { num, pct } from '../observation';
import { rateKillsRelus } from '../rate-vs-default';
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
      (rateKillsRelus(ctx.spec)
        ? 'A learning rate that is too high usually knocks them out; lower it.'
        : ctx.spec.data.normalize === 'none'
          ? 'At this learning rate the usual cause is the inputs: unscaled, all-positive features make a unit with mostly negative weights output 0 for every row. Standardise them, or use ELU units, which cannot die.'
          : 'At this learning rate a lower one would only slow the run; ELU units keep a gradient for negative inputs, so they cannot die.'),
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
  const clear =
    !applicable ||
    (worstRel > 10 * config.vanishingRelative && (layers.length < 2 || ratio > 10 * config.vanishingLayerRatio || first > 10 * config.vanishingFirstLayer));
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

/** The latest smoothed training loss, the scale a gradient norm is judged against (1 before any epoch). */
function lossScale(ctx: RuleContext): number {
  const t = ctx.curves.last;
  const loss = t >= 0 ? ctx.curves.smoothLoss[t] : Number.NaN;
  return Number.isFinite(loss) && loss > 0 ? loss : 1;
}

/**
 * `exploding-gradients`: a non-finite gradient, a gradient norm above `explodingRelative` × its
 * weight norm × √loss, or a ≥ `explodingGrowth`× growth since the last probe while the loss rose.
 */
export function observeExploding(ctx: RuleContext, report: HealthReport, previous: HealthReport | undefined, previousLoss?: number): Observation | undefined {
  const { config } = ctx;
  const layers = report.layers;
  if (layers.length === 0) return undefined;
  const scale = Math.sqrt(lossScale(ctx));
  let worst = 0;
  let worstRel = -1;
  let growth = 0;
  let nonFinite = false;
  for (let i = 0; i < layers.length; i++) {
    const { gradNorm: g, weightNorm: w } = layers[i];
    if (!Number.isFinite(g)) nonFinite = true;
    const rel = w > 0 ? g / (w * scale) : g / scale;
    if (!(worstRel >= rel)) {
      worstRel = rel;
      worst = i;
    }
    const before = previous?.layers[i]?.gradNorm;
    if (before !== undefined && before > 0 && Number.isFinite(g)) growth = Math.max(growth, g / before);
  }
  // Gradients grow while a model leaves a flat start; that is a blow-up only if the loss grew too.
  const lossRose = previousLoss !== undefined && lossScale(ctx) > previousLoss;
  const grew = growth >= config.explodingGrowth && lossRose;
  const top = layers[worst].gradNorm;
  return {
    code: 'exploding-gradients',
    enter: nonFinite || worstRel > config.explodingRelative || grew,
    exit: !nonFinite && worstRel < config.explodingRelative / 10 && !grew,
    epoch: report.epoch,
    severity: nonFinite ? 'error' : 'warning',
    evidence: { layerIndex: worst, gradNorm: Number.isFinite(top) ? top : -1, relativeNorm: Number.isFinite(worstRel) ? worstRel : -1, growth },
    rule:
      `a layer's gradient norm is non-finite, > ${config.explodingRelative}× its weight norm × √loss, ` +
      `or grew ≥ ${config.explodingGrowth}× since the previous probe while the loss rose`,
    message:
      `Gradients are exploding in layer ${layers[worst].layer}: norm ${Number.isFinite(top) ? top.toExponential(1) : String(top)}` +
      `${Number.isFinite(worstRel) ? `, ${worstRel.toExponential(1)}× its weight norm × √loss` : ''}` +
      `${grew ? `, ${growth.toFixed(0)}× the previous probe while the loss rose` : ''}. Steps this large throw the weights ` +
      'around; lower the learning rate (and normalise the inputs).',
    meaning:
      'Each update moves the weights by an amount that grows with the gradient. When the gradient is large next to the weights themselves ' +
      '(not just large in absolute terms, which a target in the hundreds makes normal), one step can undo what was learned and the loss blows up.',
    specPath: learningRatePath(ctx.rawSpec),
  };
}

/**
 * `stuck`: the loss has not moved since the start, and the gradients say why: every layer's
 * gradient is ~0 next to its weights (a saturated output or dead units pass nothing back), or a
 * ReLU layer is almost entirely dead. A higher learning rate cannot move a zero gradient.
 */
export function observeStuck(ctx: RuleContext, report: HealthReport): Observation | undefined {
  const { config, curves, spec } = ctx;
  const layers = report.layers;
  const t = curves.last;
  if (layers.length === 0 || t + 1 < config.lrProbeEpochs) return undefined;
  const first = curves.loss[0];
  const best = curves.minSmoothLoss;
  if (!Number.isFinite(first) || !Number.isFinite(best) || first <= 0) return undefined;
  const moved = (first - best) / first;
  let maxRel = 0;
  let dead = 0;
  let deadLayer = '';
  for (const l of layers) {
    const rel = l.weightNorm > 0 ? l.gradNorm / l.weightNorm : l.gradNorm;
    if (Number.isFinite(rel)) maxRel = Math.max(maxRel, rel);
    if ((l.deadFraction ?? 0) > dead) {
      dead = l.deadFraction ?? 0;
      deadLayer = l.layer;
    }
  }
  const zero = maxRel < config.stuckGradRelative;
  const allDead = dead >= config.stuckDeadFraction;
  const flat = moved < config.lrTooLowEnter;
  const cause = zero
    ? `every layer's gradient is below ${config.stuckGradRelative}× its weights (largest ${maxRel.toExponential(1)})`
    : `${pct(dead)} of the ReLU units in layer ${deadLayer} are dead`;
  const raw = spec.data.normalize === 'none';
  const sigmoidOut = spec.compile.loss === 'binaryCrossentropy';
  return {
    code: 'stuck',
    enter: flat && (zero || allDead),
    exit: !flat || (!zero && dead < config.deadReluExit),
    epoch: report.epoch,
    since: curves.epochAt(0),
    severity: 'error',
    evidence: { improvementSinceStart: moved, maxGradToWeight: maxRel, deadFraction: dead },
    rule: `loss improved < ${pct(config.lrTooLowEnter)} since epoch 1 and every gradient < ${config.stuckGradRelative}× its weights, or a ReLU layer ≥ ${pct(config.stuckDeadFraction)} dead`,
    message:
      `The run is stuck: the loss moved ${pct(moved)} in ${t + 1} epochs (from ${num(first)} to at best ${num(best)}) and ${cause}. ` +
      'No gradient reaches the weights, so a larger learning rate would not help.',
    meaning:
      (zero
        ? `${sigmoidOut ? 'A sigmoid output pushed to 0 or 1 by huge inputs' : 'An output pushed into a flat region'} passes back a gradient of almost exactly zero, so nothing upstream changes. `
        : 'A ReLU unit whose input is negative for every row outputs 0 and gets no gradient; once most of a layer is like that, the layer passes nothing on. ') +
      `${raw ? 'Inputs on a large scale are the usual cause here; ' : 'Too large a learning rate early on is the usual cause; '}they are fixed before training, not by training longer.`,
    specPath: raw ? ['data', 'normalize'] : learningRatePath(ctx.rawSpec),
  };
}
