/**
 * The Keras engine's generator: a spec becomes a Keras 3 script that parses as Python, reads
 * back (through Fitwatch's own Keras → spec reader) as the same model, compile and fit, and
 * carries every resolved argument, so Keras trains what the fast engine trains.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kerasScriptFor, kerasMonitor, layerCall, optimizerCall, type KerasScriptInput } from '../../../src/keras/spec-to-script';
import { kerasScriptToSpecText } from '../../../src/keras/to-spec';
import { parseSpec, type FitwatchSpec } from '../../../src/shared/spec';
import { makeSpec, SMALL_LAYERS } from '../trainer/spec-fixture';
import { analyze } from './python-helpers';

const REGRESSION: FitwatchSpec = makeSpec(
  [
    { type: 'dense', units: 32, activation: 'relu', useBias: true, kernelRegularizer: { l1: 0, l2: 0.001 } },
    { type: 'dropout', rate: 0.25 },
    { type: 'dense', units: 1, activation: 'linear', useBias: false },
  ],
  {
    compile: { loss: 'meanSquaredError', optimizer: { type: 'rmsprop', learningRate: 0.002, rho: 0.9, momentum: 0, epsilon: 1e-7 }, metrics: ['mae'] },
    callbacks: {
      reduceLROnPlateau: { monitor: 'val_loss', factor: 0.5, patience: 3, mode: 'min', minDelta: 1e-4, cooldown: 1, minLr: 1e-6 },
      earlyStopping: { monitor: 'val_mae', minDelta: 0, patience: 8, mode: 'auto', baseline: null, restoreBestWeights: true, startFromEpoch: 2 },
    },
    backend: 'auto',
    engine: 'keras',
  },
);

function input(spec: FitwatchSpec, over: Partial<KerasScriptInput> = {}): KerasScriptInput {
  return { spec, specLabel: 'models/unit.fitwatch.json', seed: 7, hasValidation: true, hasSampleWeight: false, ...over };
}

describe('kerasScriptFor', () => {
  it('writes a script that parses as Python and reads back as the same spec', async () => {
    const spec = makeSpec(SMALL_LAYERS, { backend: 'auto', engine: 'keras' });
    const text = kerasScriptFor(input(spec));
    const analysis = await analyze(text, 'train_keras.py');
    assert.deepEqual(
      analysis.problems.filter((p) => p.severity === 'error'),
      [],
    );
    const back = parseSpec(kerasScriptToSpecText(analysis, { dataPath: 'data.csv' }), 'back.fitwatch.json');
    assert.ok(back.spec, JSON.stringify(back.problems));
    assert.deepEqual(back.spec.model.layers, spec.model.layers);
    assert.deepEqual(back.spec.compile, spec.compile);
    assert.equal(back.spec.fit.epochs, spec.fit.epochs);
    assert.equal(back.spec.fit.batchSize, spec.fit.batchSize);
    assert.equal(back.spec.fit.shuffle, spec.fit.shuffle);
  });

  it('reads back the regularizer, dropout, bias-less output, optimizer and both callbacks', async () => {
    const text = kerasScriptFor(input(REGRESSION));
    const back = parseSpec(kerasScriptToSpecText(await analyze(text, 'train_keras.py'), { dataPath: 'data.csv' }), 'back.fitwatch.json');
    assert.ok(back.spec, JSON.stringify(back.problems));
    assert.deepEqual(back.spec.model.layers, REGRESSION.model.layers);
    assert.deepEqual(back.spec.compile, REGRESSION.compile);
    assert.deepEqual(back.spec.callbacks, REGRESSION.callbacks);
  });

  it('loads the prepared arrays and Fitwatch initial weights, seeded, with validation and class weights only when they exist', () => {
    const spec = makeSpec(SMALL_LAYERS, { backend: 'auto', engine: 'keras' });
    const full = kerasScriptFor(input(spec, { hasSampleWeight: true }));
    assert.match(full, /^SEED = 7$/m);
    assert.match(full, /keras\.utils\.set_random_seed\(SEED\)/);
    assert.match(full, /model\.set_weights\(split_weights\(load\("initial_weights\.npy"\), model\)\)/);
    assert.match(full, /validation_data=\(load\("x_val\.npy"\), load\("y_val\.npy"\)\)/);
    assert.match(full, /sample_weight=load\("sample_weight\.npy"\)/);
    assert.match(full, /Run it by hand\s+with `python train_keras\.py`/);
    assert.match(full, /np\.save\(os\.path\.join\(HERE, "keras-data", "final_weights\.npy"\), final\)/);
    const bare = kerasScriptFor(input(spec, { hasValidation: false }));
    assert.doesNotMatch(bare, /validation_data|sample_weight=/);
  });

  it('reports a standardised target in its units before any callback judges it', () => {
    const text = kerasScriptFor(input(REGRESSION, { targetStd: 2.5 }));
    assert.match(text, /^TARGET_STD = 2\.5$/m);
    assert.match(text, /SQUARED = \("loss", "mse"\)/);
    const callbacks = text.slice(text.indexOf('callbacks = ['));
    assert.ok(callbacks.indexOf('TargetUnits()') < callbacks.indexOf('ReduceLROnPlateau'), 'TargetUnits must run first');
    assert.doesNotMatch(kerasScriptFor(input(REGRESSION)), /TargetUnits/);
  });

  it('stops a diverged run as the other engines do, and offers tf.distribute through FITWATCH_DISTRIBUTE', () => {
    const text = kerasScriptFor(input(makeSpec(SMALL_LAYERS)));
    assert.match(text, /keras\.callbacks\.TerminateOnNaN\(\)/);
    assert.match(text, /MirroredStrategy\(\)\.scope\(\)/);
    assert.match(text, /MultiWorkerMirroredStrategy\(\)\.scope\(\)/);
  });
});

describe('the pieces of the script', () => {
  it('spells every optimizer argument, so nothing rests on Keras defaults', () => {
    assert.equal(
      optimizerCall({ type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
      'keras.optimizers.Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-07)',
    );
    assert.equal(
      optimizerCall({ type: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }),
      'keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)',
    );
  });

  it('writes layers as Keras does, and monitors accuracy under Keras 3 name', () => {
    assert.equal(layerCall({ type: 'dense', units: 4, activation: 'softmax', useBias: true }), 'keras.layers.Dense(4, activation="softmax")');
    assert.equal(layerCall({ type: 'dropout', rate: 0.5 }), 'keras.layers.Dropout(0.5)');
    assert.equal(kerasMonitor('val_acc'), 'val_accuracy');
    assert.equal(kerasMonitor('val_loss'), 'val_loss');
  });
});
