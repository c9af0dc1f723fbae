/** The generated architecture and optimizer in Keras words, printed before the first epoch. */
import type { FitwatchSpec } from '../shared/spec';

/** "Model: 64 inputs → Dense(16, relu) → … ; Optimizer: Adam(learning_rate=0.01, …)". */
export function describeModel(spec: FitwatchSpec, features: number, parameters: number): string {
  const layers = spec.model.layers.map((l) => (l.type === 'dense' ? `Dense(${l.units}, ${l.activation})` : `Dropout(${l.rate})`));
  const o = spec.compile.optimizer;
  const opt =
    o.type === 'adam'
      ? `Adam(learning_rate=${o.learningRate}, beta_1=${o.beta1}, beta_2=${o.beta2}, epsilon=${o.epsilon})`
      : o.type === 'sgd'
        ? `SGD(learning_rate=${o.learningRate}, momentum=${o.momentum}, nesterov=${o.nesterov})`
        : `RMSprop(learning_rate=${o.learningRate}, rho=${o.rho}, momentum=${o.momentum}, epsilon=${o.epsilon})`;
  const f = spec.fit;
  const callbacks = Object.keys(spec.callbacks).filter((k) => spec.callbacks[k as keyof typeof spec.callbacks] !== undefined);
  return (
    `Model: ${features} inputs → ${layers.join(' → ')} (${parameters.toLocaleString('en-US')} parameters)\n` +
    `Optimizer: ${opt}; loss ${spec.compile.loss}; batch ${f.batchSize}, ${f.epochs} epochs, validation_split ${f.validationSplit}` +
    `${f.seed !== undefined ? `, seed ${f.seed}` : ''}${callbacks.length ? `; callbacks ${callbacks.join(', ')}` : ''}`
  );
}
