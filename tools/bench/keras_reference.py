#!/usr/bin/env python3
"""Reference trainer for side-by-side speed comparisons: the seed workload in Keras 3 (TensorFlow).

The same model, data shape and loop as torch_reference.py and the fast engine's bench:
Dense(h, relu) x len(hidden) -> Dense(1, sigmoid), Adam(lr=0.01, epsilon=1e-7),
binary cross-entropy, batch 200, validation = the LAST 20% of rows (validation_split
semantics), shuffled every epoch, validation loss/accuracy every epoch: a plain `model.fit`,
verbose 0, as the user of the motivating question runs it.

Usage:
  keras_reference.py [--epochs N] [--hidden 16,16] [--rows 50000] [--threads T]
Prints one line per epoch and, last, one JSON line:
  {"engine": "keras", "version": "keras 3.15.1, tensorflow 2.21.0", "median_ms_per_epoch": ..., ...}
The median and min leave out the first epoch (graph tracing), when there is more than one.
Needs keras and tensorflow: the pinned .venv-test/ (scripts/setup-python.sh).
"""
import os
import time

from reference_common import print_summary, reference_args


def synthetic(n, d=64, seed=1):
    """Uniform x, labels from a linear map plus a sine of every third feature and noise (the bench's generator idea)."""
    import numpy as np

    g = np.random.default_rng(seed)
    x = (g.random((n, d), dtype=np.float32) * 2 - 1).astype("float32")
    w = (g.random(d, dtype=np.float32) * 2 - 1).astype("float32")
    s = x @ w + 0.5 * np.sin(3 * x[:, ::3]).sum(1)
    y = ((s + 0.3 * g.standard_normal(n)) > 0).astype("float32").reshape(-1, 1)
    return x, y


def main():
    a = reference_args(5)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    # Before any op runs: TensorFlow fixes its thread pools at first use.
    tf.config.threading.set_intra_op_parallelism_threads(a.threads)
    tf.config.threading.set_inter_op_parallelism_threads(a.threads)
    import keras

    keras.utils.set_random_seed(0)
    t_load = time.time()
    x, y = synthetic(a.rows)
    load_ms = 1000 * (time.time() - t_load)
    split = int(a.rows * 0.8)

    layers = [keras.Input(shape=(x.shape[1],))]
    layers += [keras.layers.Dense(int(h), activation="relu") for h in a.hidden.split(",") if h]
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=a.lr, epsilon=1e-7), loss="binary_crossentropy", metrics=["accuracy"])

    times = []

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            ms = 1000 * (time.perf_counter() - self.t0)
            times.append(ms)
            logs = logs or {}
            print(f"Epoch {epoch + 1}/{a.epochs} - {ms:.0f}ms - loss: {logs.get('loss', float('nan')):.4f}"
                  f" - val_loss: {logs.get('val_loss', float('nan')):.4f}", flush=True)

    model.fit(x[:split], y[:split], validation_data=(x[split:], y[split:]), epochs=a.epochs, batch_size=a.batch,
              shuffle=True, verbose=0, callbacks=[Timer()])
    print_summary("keras", f"keras {keras.__version__}, tensorflow {tf.__version__}", a, a.rows, x.shape[1], load_ms, times)


if __name__ == "__main__":
    main()
