/**
 * tfjs-core 4.22 optimizers over one flat parameter range (all weights are contiguous in the
 * heap, and so are their gradients), so a step is one pass. Formulas follow adam_optimizer.ts,
 * rmsprop_optimizer.ts (centered = false) and momentum_optimizer.ts; Adam's epsilon is placed
 * as Keras places it (see `kerasAdamEpsilon`).
 */
import type { OptimizerSpec } from '../../shared/spec';
import type { HeapLayout } from './heap';
import type { Kernels } from './kernels';

/**
 * Keras adds Adam's epsilon to the raw sqrt(v): p −= lr·√(1−b2^t)/(1−b1^t) · m / (√v + ε).
 * tfjs adds it to the bias-corrected √(v / (1−b2^t)). The two agree when tfjs is given
 * ε / √(1−b2^t) at step t — which matters early on, when gradients are small (at t = 1 Keras'
 * effective ε is 32× larger), and moves the seed model's first-epoch loss by ~2e-4 relative.
 */
export function kerasAdamEpsilon(epsilon: number, oneMinusAccB2: number): number {
  return epsilon / Math.sqrt(oneMinusAccB2);
}

/** Applies one update from the gradients to the parameters. */
export interface Optimizer {
  step(f: Float32Array, learningRate: number): void;
  /** Slot arrays (copies) and scalars, for resume checkpoints. */
  getState(f: Float32Array): { arrays: Float32Array[]; scalars: number[] };
  /** Restores `getState()`. */
  setState(f: Float32Array, state: { arrays: Float32Array[]; scalars: number[] }): void;
}

/** getState/setState over slot ranges of `n` floats each, plus scalars read and written by the caller. */
function slotState(
  slots: number[],
  n: number,
  getScalars: () => number[] = () => [],
  setScalars: (s: number[]) => void = () => undefined,
): Pick<Optimizer, 'getState' | 'setState'> {
  return {
    getState: (f) => ({ arrays: slots.map((at) => f.slice(at, at + n)), scalars: getScalars() }),
    setState: (f, state) => {
      if (state.arrays.length !== slots.length || state.arrays.some((a) => a.length !== n)) {
        throw new Error(
          `fast engine: the checkpoint's optimizer state has ${state.arrays.length} arrays of ${state.arrays.map((a) => a.length).join('/')} floats; this optimizer needs ${slots.length} of ${n}`,
        );
      }
      slots.forEach((at, i) => f.set(state.arrays[i], at));
      setScalars(state.scalars);
    },
  };
}

/** Where the parameters and gradients are, and how many. */
export interface ParamRange {
  params: number;
  grads: number;
  count: number;
}

/** Plans the optimizer's state buffers in `layout`; call `bind` once the heap exists. */
export function planOptimizer(spec: OptimizerSpec, layout: HeapLayout, range: ParamRange): (k: Kernels) => Optimizer {
  const { params: p, grads: g, count: n } = range;
  switch (spec.type) {
    case 'adam': {
      const m = layout.alloc(n);
      const v = layout.alloc(n);
      const b1 = Math.fround(spec.beta1);
      const b2 = Math.fround(spec.beta2);
      return (k) => {
        // tfjs keeps beta^t in f32 variables, starting at beta and multiplied after each step.
        let accB1 = b1;
        let accB2 = b2;
        return {
          step(_f, lr) {
            const d2 = Math.fround(1 - accB2);
            k.adamUpdate(p, g, m, v, n, lr, spec.beta1, spec.beta2, kerasAdamEpsilon(spec.epsilon, d2), Math.fround(1 - accB1), d2);
            accB1 = Math.fround(accB1 * b1);
            accB2 = Math.fround(accB2 * b2);
          },
          ...slotState(
            [m, v],
            n,
            () => [accB1, accB2],
            (s) => {
              [accB1, accB2] = s;
            },
          ),
        };
      };
    }
    case 'rmsprop': {
      const ms = layout.alloc(n);
      const mom = layout.alloc(n);
      const { rho, momentum, epsilon } = spec;
      return () => ({
        ...slotState([ms, mom], n),
        step(f, lr) {
          for (let i = 0; i < n; i++) {
            const gi = f[g + i];
            const a = (f[ms + i] = f[ms + i] * rho + gi * gi * (1 - rho));
            const mo = (f[mom + i] = f[mom + i] * momentum + (gi * lr) / Math.sqrt(a + epsilon));
            f[p + i] -= mo;
          }
        },
      });
    }
    case 'sgd': {
      const { momentum, nesterov } = spec;
      if (momentum === 0) {
        return () => ({
          ...slotState([], n),
          step(f, lr) {
            for (let i = 0; i < n; i++) f[p + i] += -lr * f[g + i];
          },
        });
      }
      const acc = layout.alloc(n);
      return () => ({
        ...slotState([acc], n),
        step(f, lr) {
          for (let i = 0; i < n; i++) {
            const gi = f[g + i];
            const a = (f[acc + i] = momentum * f[acc + i] + gi);
            f[p + i] += -lr * (nesterov ? gi + a * momentum : a);
          }
        },
      });
    }
  }
}
