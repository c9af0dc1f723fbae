import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextEdits, csvLoggerEdits, csvLoggerPath, pythonEditsForFix } from '../../../src/keras/python-fixes';
import { FitwatchError } from '../../../src/shared/location';
import { analyze, fix, fixed, fixedUnwrapped, REDUCE_LR, script } from './python-helpers';

const lines = (...l: string[]): string => l.join('\n') + '\n';

test('seed: ReduceLROnPlateau creates callbacks=[...] on the single-line fit, wrapped to the longest line of the file (91), and adds a keras.callbacks import', async () => {
  const out = await fixed(script('seed.py'), REDUCE_LR);
  assert.equal(
    out,
    script('seed.py')
      .replace('from keras.optimizers import Adam\n', 'from keras.optimizers import Adam\nfrom keras.callbacks import ReduceLROnPlateau\n')
      .replace(
        'verbose=2)',
        [
          'verbose=2,',
          "          callbacks=[ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=10,",
          '                                       min_delta=0.0001, min_lr=1e-05)])',
        ].join('\n'),
      ),
  );
  assert.ok(Math.max(...out.split('\n').map((l) => l.length)) <= 91);
});

test('seed without a line limit: the same callback lands inline on the fit line', async () => {
  const out = await fixedUnwrapped(script('seed.py'), REDUCE_LR);
  assert.ok(out.includes("verbose=2, callbacks=[ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=10, min_delta=0.0001, min_lr=1e-05)])"));
});

test('seed: EarlyStopping with restore_best_weights=True, val_acc written as Keras logs it (val_accuracy)', async () => {
  const out = await fixedUnwrapped(script('seed.py'), fix('addEarlyStopping', { monitor: 'val_acc', patience: 20, restoreBestWeights: true, minDelta: 0.001 }));
  assert.ok(out.includes('from keras.callbacks import EarlyStopping\n'));
  assert.ok(out.includes("verbose=2, callbacks=[EarlyStopping(monitor='val_accuracy', min_delta=0.001, patience=20, restore_best_weights=True)])"));
});

test('seed: widen the hidden Dense(16) layers to 32, the output layer stays', async () => {
  const out = await fixed(script('seed.py'), fix('widenLayers', { factor: 2 }));
  assert.equal(
    out,
    script('seed.py')
      .replace("Dense(16, input_dim=X.shape[1], activation='relu')", "Dense(32, input_dim=X.shape[1], activation='relu')")
      .replace("Dense(16, activation='relu')", "Dense(32, activation='relu')"),
  );
});

test('seed: the learning rate changes inside Adam(lr=...), written as learning_rate= (Keras 3 raises ValueError on lr=)', async () => {
  const out = await fixed(script('seed.py'), fix('setLearningRate', { learningRate: 0.001, previous: 0.01 }));
  assert.equal(
    out,
    script('seed.py').replace("optimizer=Adam(lr=0.01), metrics=['accuracy'])", "optimizer=Adam(learning_rate=0.001),\n              metrics=['accuracy'])"),
  );
});

test('tensorflow.keras, multi-line fit with a trailing comma and an existing callbacks list: extended, import merged', async () => {
  const src = script('tf-keras-add.py');
  const out = await fixedUnwrapped(src, REDUCE_LR);
  assert.equal(
    out,
    src
      .replace('import EarlyStopping  #', 'import EarlyStopping, ReduceLROnPlateau  #')
      .replace(
        "callbacks=[EarlyStopping(monitor='val_loss', patience=5)],",
        "callbacks=[EarlyStopping(monitor='val_loss', patience=5), ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=10, min_delta=0.0001, min_lr=1e-05)],",
      ),
  );
});

test('an existing callback of the same class is not duplicated', async () => {
  const src = script('tf-keras-add.py');
  const a = await analyze(src);
  assert.deepEqual(pythonEditsForFix(src, a, fix('addEarlyStopping', { monitor: 'val_loss', patience: 10, restoreBestWeights: true })), []);
});

test('model.add style: units= keyword widened, learning_rate= kept in an optimizer assigned to a variable', async () => {
  const src = script('tf-keras-add.py');
  const wide = await fixed(src, fix('widenLayers', { factor: 2 }));
  assert.equal(wide, src.replace('Dense(units=64,', 'Dense(units=128,').replace('Dense(32, activation=tf.nn.relu)', 'Dense(64, activation=tf.nn.relu)'));
  const lr = await fixed(src, fix('setLearningRate', { learningRate: 0.0003 }));
  assert.equal(lr, src.replace('Adam(learning_rate=1e-3)', 'Adam(learning_rate=0.0003)'));
});

test('import keras: qualified names, no import; multi-line hanging-indent fit gets a new aligned line', async () => {
  const src = script('import-keras.py');
  const out = await fixedUnwrapped(src, REDUCE_LR);
  assert.equal(
    out,
    src.replace(
      'validation_split=0.2)  #',
      'validation_split=0.2,\n          callbacks=[keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=10, min_delta=0.0001, min_lr=1e-05)])  #',
    ),
  );
});

test("optimizer='adam' becomes an Adam(learning_rate=...) call named in the file's style", async () => {
  const qualified = await fixedUnwrapped(script('import-keras.py'), fix('setLearningRate', { learningRate: 0.0001 }));
  assert.ok(qualified.includes('model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0001), loss='));
  const fromStyle = lines(
    'from keras.models import Sequential',
    'from keras.layers import Dense',
    "model.compile(optimizer='adam', loss='mse')",
    'model.fit(X, y)',
  );
  assert.equal(
    await fixedUnwrapped(fromStyle, fix('setLearningRate', { learningRate: 1e-5 })),
    lines(
      'from keras.models import Sequential',
      'from keras.layers import Dense',
      'from keras.optimizers import Adam',
      "model.compile(optimizer=Adam(learning_rate=1e-05), loss='mse')",
      'model.fit(X, y)',
    ),
  );
});

test('only `import tensorflow as tf`: tf.keras.callbacks.X; Adam() without a rate gets learning_rate=', async () => {
  const src = lines('import tensorflow as tf', 'model.compile(optimizer=tf.keras.optimizers.Adam(), loss="mse")', 'model.fit(X, y, epochs=3)');
  assert.equal(
    await fixedUnwrapped(src, REDUCE_LR),
    src.replace(
      'epochs=3)',
      'epochs=3, callbacks=[tf.keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=10, min_delta=0.0001, min_lr=1e-05)])',
    ),
  );
  assert.equal(await fixedUnwrapped(src, fix('setLearningRate', { learningRate: 0.01 })), src.replace('Adam()', 'Adam(learning_rate=0.01)'));
});

test('multi-line callbacks list without a trailing comma, and a comment after the last item', async () => {
  const src = lines(
    'from keras.callbacks import EarlyStopping, ModelCheckpoint',
    'model.fit(',
    '    X, y,',
    '    epochs=50,',
    '    callbacks=[',
    '        EarlyStopping(patience=3),',
    "        ModelCheckpoint('best.keras')  # keep the best",
    '    ]',
    ')',
  );
  assert.equal(
    await fixedUnwrapped(src, REDUCE_LR),
    lines(
      'from keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau',
      'model.fit(',
      '    X, y,',
      '    epochs=50,',
      '    callbacks=[',
      '        EarlyStopping(patience=3),',
      "        ModelCheckpoint('best.keras'),  # keep the best",
      "        ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=10, min_delta=0.0001, min_lr=1e-05)",
      '    ]',
      ')',
    ),
  );
});

test('multi-line fit without a trailing comma: a comma after the last argument, the new one on its own line', async () => {
  const src = lines('from keras.layers import Dense', 'model.fit(', '    X, y,', '    epochs=50  # long', ')');
  assert.equal(
    await fixedUnwrapped(src, REDUCE_LR),
    lines(
      'from keras.layers import Dense',
      'from keras.callbacks import ReduceLROnPlateau',
      'model.fit(',
      '    X, y,',
      '    epochs=50,  # long',
      "    callbacks=[ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=10, min_delta=0.0001, min_lr=1e-05)]",
      ')',
    ),
  );
});

test('callbacks given as another expression are kept and extended; an empty list is filled', async () => {
  const src = lines('import keras', 'model.fit(X, y, callbacks=make_callbacks())');
  assert.equal(
    await fixedUnwrapped(src, fix('addEarlyStopping', { monitor: 'val_loss', patience: 5, restoreBestWeights: true })),
    lines(
      'import keras',
      "model.fit(X, y, callbacks=[*make_callbacks(), keras.callbacks.EarlyStopping(monitor='val_loss', patience=5, restore_best_weights=True)])",
    ),
  );
  const empty = lines('import keras', 'model.fit(X, y, callbacks=[])');
  assert.equal(
    await fixedUnwrapped(empty, fix('addEarlyStopping', { monitor: 'loss', patience: 5 })),
    lines('import keras', "model.fit(X, y, callbacks=[keras.callbacks.EarlyStopping(monitor='loss', patience=5, restore_best_weights=True)])"),
  );
});

test('a callbacks list in a variable is extended where it is defined', async () => {
  const src = lines('from tensorflow.keras.callbacks import EarlyStopping', 'cbs = [EarlyStopping()]', 'model.fit(X, y, callbacks=cbs)');
  assert.equal(
    await fixedUnwrapped(src, REDUCE_LR),
    lines(
      'from tensorflow.keras.callbacks import EarlyStopping, ReduceLROnPlateau',
      "cbs = [EarlyStopping(), ReduceLROnPlateau(monitor='val_loss', factor=0.5, patience=10, min_delta=0.0001, min_lr=1e-05)]",
      'model.fit(X, y, callbacks=cbs)',
    ),
  );
});

test('a script without imports gets the import after its docstring; edits keep a missing final newline missing', async () => {
  const src = '"""Train."""\nmodel.fit(X, y)';
  assert.equal(
    await fixedUnwrapped(src, fix('addEarlyStopping', { monitor: 'val_loss', patience: 5 })),
    '"""Train."""\nfrom keras.callbacks import EarlyStopping\nmodel.fit(X, y, callbacks=[EarlyStopping(monitor=\'val_loss\', patience=5, restore_best_weights=True)])',
  );
  const noNewline = 'from keras.models import load_model\nmodel = load_model("m.keras")\nmodel.fit(X, y)';
  const a = { ...(await analyze(noNewline)), lineLimit: Number.POSITIVE_INFINITY };
  assert.equal(
    applyTextEdits(noNewline, pythonEditsForFix(noNewline, a, fix('addEarlyStopping', { monitor: 'loss', patience: 2 }))),
    // No string argument in compile/fit/layers to copy the quote style from: single quotes, as Keras' docs write them.
    'from keras.models import load_model\nfrom keras.callbacks import EarlyStopping\nmodel = load_model("m.keras")\nmodel.fit(X, y, callbacks=[EarlyStopping(monitor=\'loss\', patience=2, restore_best_weights=True)])',
  );
});

test('CSVLogger for the live tail: added once, its file name read back', async () => {
  const src = script('seed.py');
  const a = await analyze(src);
  const out = applyTextEdits(src, csvLoggerEdits(a));
  assert.ok(out.includes("verbose=2,\n          callbacks=[CSVLogger('fitwatch-log.csv', append=False)])"));
  assert.ok(out.includes('from keras.callbacks import CSVLogger\n'));
  const again = await analyze(out);
  assert.deepEqual(csvLoggerEdits(again), []);
  assert.equal(csvLoggerPath(again), 'fitwatch-log.csv');
});

test('clear errors: a learning-rate schedule, an unknown fix kind, a script that changed since analysis', async () => {
  const src = lines('import keras', 'opt = keras.optimizers.Adam(learning_rate=schedule)', "model.compile(optimizer=opt, loss='mse')", 'model.fit(X, y)');
  const a = await analyze(src, 'sched.py');
  assert.throws(
    () => pythonEditsForFix(src, a, fix('setLearningRate', { learningRate: 0.001 })),
    (e: unknown) => e instanceof FitwatchError && e.problem.location?.line === 2 && e.problem.location.column === 43 && /schedule/.test(e.message),
  );
  assert.throws(() => pythonEditsForFix(src, a, fix('addDropout', { rate: 0.2 })), /no Python form/);
  assert.throws(() => pythonEditsForFix(src + '\n', a, REDUCE_LR), /changed since it was analysed/);
});
