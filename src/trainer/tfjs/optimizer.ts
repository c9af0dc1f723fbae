/**
 * tfjs optimizers with a learning rate that can change between batches. Adam and RMSprop read
 * their protected `learningRate` field on every step (tfjs-core 4.22 `applyGradients`), so a
 * subclass setter is enough; SGD/momentum bake it into a scalar, which `setLearningRate` rebuilds.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '../../shared/spec';
import { kerasAdamEpsilon } from '../fast/optimizers';

/** An optimizer whose learning rate can be read and changed from the next batch on. */
export interface MutableOptimizer {
  optimizer: tf.Optimizer;
  getLearningRate(): number;
  setLearningRate(lr: number): void;
}

/** tfjs Adam with Keras' epsilon placement (see `kerasAdamEpsilon`) and a mutable rate. */
class MutableAdam extends tf.AdamOptimizer {
  private readonly kerasEpsilon: number;
  private readonly b2: number;
  private accB2: number;

  constructor(learningRate: number, beta1: number, beta2: number, epsilon: number) {
    super(learningRate, beta1, beta2, epsilon);
    this.kerasEpsilon = epsilon;
    this.b2 = Math.fround(beta2);
    this.accB2 = this.b2;
  }

  /** One step with the epsilon that makes tfjs' update equal Keras' at this step. */
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    this.epsilon = kerasAdamEpsilon(this.kerasEpsilon, Math.fround(1 - this.accB2));
    super.applyGradients(variableGradients);
    this.accB2 = Math.fround(this.accB2 * this.b2);
  }

  /** The current step size. */
  get rate(): number {
    return this.learningRate;
  }
  set rate(lr: number) {
    this.learningRate = lr;
  }
}

class MutableRmsprop extends tf.RMSPropOptimizer {
  /** The current step size. */
  get rate(): number {
    return this.learningRate;
  }
  set rate(lr: number) {
    this.learningRate = lr;
  }
}

/**
 * Builds the spec's optimizer. A difference from Keras that remains: tfjs momentum scales the
 * accumulated gradient by the current rate (Keras scales each gradient as it is added) — equal
 * at constant rate.
 */
export function createOptimizer(spec: OptimizerSpec): MutableOptimizer {
  switch (spec.type) {
    case 'adam': {
      const opt = new MutableAdam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon);
      return { optimizer: opt, getLearningRate: () => opt.rate, setLearningRate: (lr) => (opt.rate = lr) };
    }
    case 'rmsprop': {
      const opt = new MutableRmsprop(spec.learningRate, spec.rho, spec.momentum, spec.epsilon, false);
      return { optimizer: opt, getLearningRate: () => opt.rate, setLearningRate: (lr) => (opt.rate = lr) };
    }
    case 'sgd': {
      const opt = spec.momentum > 0 ? new tf.MomentumOptimizer(spec.learningRate, spec.momentum, spec.nesterov) : new tf.SGDOptimizer(spec.learningRate);
      let rate = spec.learningRate;
      return {
        optimizer: opt,
        getLearningRate: () => rate,
        setLearningRate: (lr) => {
          rate = lr;
          opt.setLearningRate(lr);
        },
      };
    }
  }
}
