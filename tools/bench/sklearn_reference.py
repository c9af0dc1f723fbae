#!/usr/bin/env python3
"""Reference trainer for side-by-side speed comparisons: the seed workload in scikit-learn.

MLPClassifier(hidden_layer_sizes=(16, 16), activation="relu", solver="adam",
learning_rate_init=0.01, epsilon=1e-7, batch_size=200): the same model and optimizer as
torch_reference.py and keras_reference.py. One `partial_fit` over the training rows is one
epoch (sklearn shuffles them each time); validation = the LAST 20% of rows, with its log loss
and accuracy computed every epoch, as Keras does with validation_split.

Usage:
  sklearn_reference.py [--epochs N] [--hidden 16,16] [--rows 50000] [--threads T]
Prints one line per epoch and, last, one JSON line:
  {"engine": "sklearn", "version": "scikit-learn 1.9.1", "median_ms_per_epoch": ..., ...}
The median and min leave out the first epoch, when there is more than one. --threads caps
the BLAS threads (threadpoolctl); sklearn's MLP runs its matmuls there.
Needs scikit-learn: the pinned .venv-test/ (scripts/setup-python.sh).
"""
import time

from reference_common import print_summary, reference_args


def main():
    a = reference_args(10)
    import numpy as np
    import sklearn
    from sklearn.metrics import log_loss
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    g = np.random.default_rng(1)
    t_load = time.time()
    x = (g.random((a.rows, 64)) * 2 - 1).astype("float32")
    w = (g.random(64) * 2 - 1).astype("float32")
    s = x @ w + 0.5 * np.sin(3 * x[:, ::3]).sum(1)
    y = ((s + 0.3 * g.standard_normal(a.rows)) > 0).astype("int64")
    load_ms = 1000 * (time.time() - t_load)
    split = int(a.rows * 0.8)
    hidden = tuple(int(h) for h in a.hidden.split(",") if h)
    model = MLPClassifier(hidden_layer_sizes=hidden, activation="relu", solver="adam", learning_rate_init=a.lr,
                          epsilon=1e-7, batch_size=a.batch, shuffle=True, random_state=0)
    times = []
    with threadpool_limits(limits=a.threads):
        for epoch in range(a.epochs):
            t0 = time.perf_counter()
            model.partial_fit(x[:split], y[:split], classes=[0, 1])
            p = model.predict_proba(x[split:])[:, 1]
            vl = log_loss(y[split:], p, labels=[0, 1])
            va = float(((p > 0.5) == y[split:]).mean())
            ms = 1000 * (time.perf_counter() - t0)
            times.append(ms)
            print(f"Epoch {epoch + 1}/{a.epochs} - {ms:.0f}ms - loss: {model.loss_:.4f} - val_loss: {vl:.4f} - val_acc: {va:.4f}",
                  flush=True)
    print_summary("sklearn", f"scikit-learn {sklearn.__version__}", a, a.rows, 64, load_ms, times)


if __name__ == "__main__":
    main()
