"""Trains reference cases with real Keras and writes, per case, what an engine needs to replay
them exactly: the data, Keras' initial weights, the per-epoch batch order and Keras' per-epoch
logs. One process for all cases, since importing TensorFlow costs seconds.

argv[1]: a JSON file [{name, kind, seed, epochs, batch, data?, features?, perturb?}], where kind
"file" reads raw little-endian float32 rows from data + ".x" / ".y", and perturb trains from the
initial weights moved up one ulp (the exported weights stay unperturbed); argv[2]: output JSON.
"""
import json
import sys

import numpy as np
import keras
import tensorflow as tf


def from_file(case):
    """Rows Fitwatch generated (its embedded seed-shaped sample), as raw float32."""
    x = np.fromfile(case["data"] + ".x", dtype="<f4").reshape(-1, case["features"])
    return x, np.fromfile(case["data"] + ".y", dtype="<f4")


def breast_cancer():
    """scikit-learn's 30-feature binary set, raw and unscaled (areas in the thousands)."""
    from sklearn.datasets import load_breast_cancer

    d = load_breast_cancer()
    return d.data.astype("float32"), d.target.astype("float32")


def run(case):
    x, y = from_file(case) if case["kind"] == "file" else breast_cancer()
    hidden = [16, 16]
    n = len(x)
    train = int(n * (1 - case.get("validationSplit", 0.2)))
    keras.utils.set_random_seed(case["seed"])
    layers = [keras.Input((x.shape[1],))]
    layers += [keras.layers.Dense(u, activation="relu") for u in hidden]
    layers += [keras.layers.Dense(1, activation="sigmoid")]
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    initial = model.get_weights()
    if case.get("perturb"):
        # One ulp up on every initial weight: how far Keras drifts from itself on rounding alone.
        model.set_weights([np.nextafter(w, np.float32(np.inf)) for w in initial])
    weights = [w.astype("float32").ravel().tolist() for w in initial]
    rng = np.random.default_rng(case["seed"] + 1000)
    orders = [rng.permutation(train) for _ in range(case["epochs"])]
    # One fit call over batches laid out epoch after epoch in the given orders (one call per
    # epoch would cost a second each in fit's set-up).
    batches = None
    for order in orders:
        ds = tf.data.Dataset.from_tensor_slices((x[order], y[order])).batch(case["batch"])
        batches = ds if batches is None else batches.concatenate(ds)
    xv, yv = x[train:], y[train:]
    h = model.fit(batches, epochs=case["epochs"], steps_per_epoch=-(-train // case["batch"]),
                  validation_data=(xv, yv) if len(xv) else None, verbose=0)
    logs = [{k: float(v[e]) for k, v in h.history.items()} for e in range(case["epochs"])]
    orders = [o.tolist() for o in orders]
    return {
        "name": case["name"],
        "features": int(x.shape[1]),
        "rows": n,
        "trainRows": train,
        "x": x.ravel().tolist(),
        "y": y.tolist(),
        "weights": weights,
        "orders": orders,
        "logs": logs,
    }


cases = json.load(open(sys.argv[1]))
json.dump([run(c) for c in cases], open(sys.argv[2], "w"))
