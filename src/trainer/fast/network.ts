/**
 * The MLP itself: dense stages laid out in one heap, with forward, backward and the
 * regulariser on a batch that already sits in the heap. No allocation happens per batch.
 */
import type { Activation, FitwatchSpec, RegularizerSpec } from '../../shared/spec';
import { activationBackward, activationForward } from './activations';
import type { HeapLayout } from './heap';
import type { Kernels } from './kernels';
import { Mulberry32 } from '../../shared/prng';

/** Dropout in front of a stage's input (or of the output): the rates of consecutive Dropout layers. */
export interface DropoutSite {
  rates: number[];
  /** Per-element multiplier: 0, or the product of 1/(1 − rate) over the kept draws. */
  mask: number;
  /** The dropped copy of the input that the stage actually sees. */
  dropped: number;
}

/** One Dense layer and its buffers (float indices; 0 = absent). */
export interface DenseStage {
  name: string;
  nIn: number;
  nOut: number;
  activation: Activation;
  useBias: boolean;
  regularizer?: RegularizerSpec;
  kernel: number;
  bias: number;
  gradKernel: number;
  gradBias: number;
  /** Transposed kernel for the input gradient; absent for the first stage. */
  kernelT: number;
  z: number;
  y: number;
  dz: number;
  dropout?: DropoutSite;
  /** Set by forward: the buffer the stage read its input from. */
  input: number;
}

/** The Sequential layer list as saved in model.json: names in order, Keras style. */
export type SavedLayer = { kind: 'dense'; name: string; stage: DenseStage } | { kind: 'dropout'; name: string; rate: number };

/** Plans every buffer of the network in `layout`; weights and gradients are contiguous. */
export class Network {
  readonly stages: DenseStage[] = [];
  readonly savedLayers: SavedLayer[] = [];
  readonly outputDropout?: DropoutSite;
  readonly paramStart: number;
  readonly gradStart: number;
  readonly paramFloats: number;
  readonly parameters: number;
  private f!: Float32Array;
  private k!: Kernels;
  /** Dropout masks' PRNG (its position goes into resume checkpoints). */
  readonly rng: Mulberry32;

  constructor(
    spec: FitwatchSpec,
    readonly features: number,
    readonly capacity: number,
    layout: HeapLayout,
  ) {
    this.rng = new Mulberry32(spec.fit.seed ?? 0x5eed);
    // Kernel and bias sizes first, so all parameters (and all gradients) form one range.
    const shapes: { nIn: number; nOut: number; useBias: boolean }[] = [];
    let width = features;
    for (const l of spec.model.layers) {
      if (l.type !== 'dense') continue;
      shapes.push({ nIn: width, nOut: l.units, useBias: l.useBias });
      width = l.units;
    }
    const pad = (n: number): number => Math.ceil(n / 4) * 4;
    let floats = 0;
    let parameters = 0;
    for (const s of shapes) {
      floats += pad(s.nIn * s.nOut) + (s.useBias ? pad(s.nOut) : 0);
      parameters += s.nIn * s.nOut + (s.useBias ? s.nOut : 0);
    }
    this.paramFloats = floats;
    this.parameters = parameters;
    this.paramStart = layout.alloc(floats);
    this.gradStart = layout.alloc(floats);

    let offset = 0;
    let pendingRates: number[] = [];
    let dense = 0;
    let drops = 0;
    width = features;
    for (const l of spec.model.layers) {
      if (l.type === 'dropout') {
        drops++;
        this.savedLayers.push({ kind: 'dropout', name: `dropout_${drops}`, rate: l.rate });
        if (l.rate > 0) pendingRates.push(l.rate);
        continue;
      }
      const s = shapes[dense];
      dense++;
      const kernelAt = offset;
      offset += pad(s.nIn * s.nOut);
      const biasAt = s.useBias ? offset : -1;
      if (s.useBias) offset += pad(s.nOut);
      const stage: DenseStage = {
        name: `dense_${dense}`,
        nIn: s.nIn,
        nOut: s.nOut,
        activation: l.activation,
        useBias: s.useBias,
        regularizer: l.kernelRegularizer && (l.kernelRegularizer.l1 > 0 || l.kernelRegularizer.l2 > 0) ? l.kernelRegularizer : undefined,
        kernel: this.paramStart + kernelAt,
        bias: biasAt < 0 ? 0 : this.paramStart + biasAt,
        gradKernel: this.gradStart + kernelAt,
        gradBias: biasAt < 0 ? 0 : this.gradStart + biasAt,
        kernelT: dense > 1 ? layout.alloc(s.nIn * s.nOut) : 0,
        z: layout.alloc(capacity * s.nOut),
        y: 0,
        dz: layout.alloc(capacity * s.nOut),
        dropout: pendingRates.length ? planDropout(pendingRates, capacity * s.nIn, layout) : undefined,
        input: 0,
      };
      stage.y = l.activation === 'linear' ? stage.z : layout.alloc(capacity * s.nOut);
      pendingRates = [];
      this.stages.push(stage);
      this.savedLayers.push({ kind: 'dense', name: stage.name, stage });
      width = s.nOut;
    }
    if (pendingRates.length) this.outputDropout = planDropout(pendingRates, capacity * width, layout);
  }

  /** Binds to the heap once it exists. */
  bind(f: Float32Array, k: Kernels): void {
    this.f = f;
    this.k = k;
  }

  /** Output units of the last stage. */
  get units(): number {
    return this.stages[this.stages.length - 1].nOut;
  }

  /** Runs `rows` rows at `input` through the network; returns where the predictions are. */
  forward(input: number, rows: number, training: boolean): number {
    const { f, k } = this;
    let a = input;
    for (const s of this.stages) {
      if (training && s.dropout) a = this.drop(s.dropout, a, rows * s.nIn);
      s.input = a;
      k.denseForward(a, s.kernel, s.bias, s.z, rows, s.nIn, s.nOut);
      activationForward(s.activation, f, k, s.z, s.y, rows, s.nOut);
      a = s.y;
    }
    if (training && this.outputDropout) a = this.drop(this.outputDropout, a, rows * this.units);
    return a;
  }

  /** Where the loss writes dL/dpredictions: the last stage's dz. */
  get outputGradient(): number {
    return this.stages[this.stages.length - 1].dz;
  }

  /** The last stage's pre-activations (the logits of a sigmoid output). */
  get outputLogits(): number {
    return this.stages[this.stages.length - 1].z;
  }

  /**
   * Back-propagates from `outputGradient` (filled by the loss) into the gradient range. With
   * `fromLogits` the loss already wrote dL/dz of the output, so its activation step is skipped.
   */
  backward(rows: number, training: boolean, fromLogits = false): void {
    const { f, k } = this;
    const last = this.stages.length - 1;
    if (training && this.outputDropout) multiplyInPlace(f, this.stages[last].dz, this.outputDropout.mask, rows * this.units);
    for (let l = last; l >= 0; l--) {
      const s = this.stages[l];
      if (!(fromLogits && l === last)) activationBackward(s.activation, f, k, s.z, s.y, s.dz, rows, s.nOut);
      k.denseGradWeights(s.input, s.dz, s.gradKernel, s.gradBias, rows, s.nIn, s.nOut);
      if (l === 0) break;
      const prev = this.stages[l - 1];
      k.transpose(s.kernel, s.kernelT, s.nIn, s.nOut);
      k.denseGradInput(s.dz, s.kernelT, prev.dz, rows, s.nIn, s.nOut);
      if (training && s.dropout) multiplyInPlace(f, prev.dz, s.dropout.mask, rows * s.nIn);
    }
  }

  /** The L1/L2 penalty of the current weights; with `addGradient`, also adds its gradient. */
  regularization(addGradient: boolean): number {
    const f = this.f;
    let penalty = 0;
    for (const s of this.stages) {
      const r = s.regularizer;
      if (!r) continue;
      const n = s.nIn * s.nOut;
      let l1 = 0;
      let l2 = 0;
      for (let i = 0; i < n; i++) {
        const w = f[s.kernel + i];
        l1 += Math.abs(w);
        l2 += w * w;
        // tfjs: d|w| = step(w, −1), d(w²) = 2w.
        if (addGradient) f[s.gradKernel + i] += r.l1 * (w > 0 ? 1 : -1) + r.l2 * 2 * w;
      }
      penalty += r.l1 * l1 + r.l2 * l2;
    }
    return penalty;
  }

  /** Fills the site's mask with fresh draws and writes the dropped copy of `input`. */
  private drop(site: DropoutSite, input: number, n: number): number {
    const f = this.f;
    for (let i = 0; i < n; i++) {
      let m = 1;
      for (const rate of site.rates) m = this.rng.next() < rate ? 0 : m / (1 - rate);
      f[site.mask + i] = m;
      f[site.dropped + i] = f[input + i] * m;
    }
    return site.dropped;
  }
}

function planDropout(rates: number[], floats: number, layout: HeapLayout): DropoutSite {
  return { rates, mask: layout.alloc(floats), dropped: layout.alloc(floats) };
}

function multiplyInPlace(f: Float32Array, at: number, by: number, n: number): void {
  for (let i = 0; i < n; i++) f[at + i] *= f[by + i];
}
