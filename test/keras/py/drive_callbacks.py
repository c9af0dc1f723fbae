"""Drives Keras' own ReduceLROnPlateau and EarlyStopping over given monitored sequences, with a
stand-in model (an optimizer with a learning-rate variable, a stop flag, and "weights" that
name the epoch they are from), so hundreds of runs take a second, not a fit each.

argv[1]: JSON [{rlr: kwargs|null, es: kwargs|null, lr: initial rate, logs: [{key: value}…]}],
argv[2]: output JSON [{lrs: [the rate each epoch ran with], final: rate after the last epoch,
stop: epoch|-1, restored: epoch|-1, epochs: epochs run, warnings: [messages]}].
"""
import json
import math
import sys
import warnings

import keras
from keras.src.trainers import compile_utils


class FakeModel:
    def __init__(self, lr):
        self.optimizer = keras.optimizers.SGD(learning_rate=lr)
        self.stop_training = False
        self.epoch = -1
        self.restored = -1
        # `mode="auto"` on a metric reads its `_direction` from the compiled metrics.
        self.metrics = [compile_utils.MetricsList([keras.metrics.BinaryAccuracy(name="accuracy"), keras.metrics.MeanAbsoluteError(name="mae")])]

    def get_weights(self):
        return [self.epoch]

    def set_weights(self, weights):
        self.restored = weights[0]


def number(v):
    return float("nan") if v == "nan" else float(v)


def drive(case):
    model = FakeModel(case["lr"])
    callbacks = []
    if case.get("rlr") is not None:
        callbacks.append(keras.callbacks.ReduceLROnPlateau(**case["rlr"]))
    if case.get("es") is not None:
        es = dict(case["es"])
        callbacks.append(keras.callbacks.EarlyStopping(**es))
    for c in callbacks:
        c.set_model(model)
    out = {"lrs": [], "stop": -1, "restored": -1, "epochs": 0, "warnings": []}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for c in callbacks:
            c.on_train_begin()
        for epoch, raw in enumerate(case["logs"]):
            model.epoch = epoch
            out["lrs"].append(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)))
            logs = {k: number(v) for k, v in raw.items()}
            for c in callbacks:
                c.on_epoch_end(epoch, logs)
            out["epochs"] = epoch + 1
            if model.stop_training:
                break
        for c in callbacks:
            c.on_train_end()
    out["final"] = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
    # Only the callbacks' own warnings (numpy and TensorFlow add deprecation notes of their own).
    out["warnings"] = sorted({str(w.message) for w in caught if "conditioned on metric" in str(w.message)})
    for c in callbacks:
        if isinstance(c, keras.callbacks.EarlyStopping) and c.stopped_epoch > 0:
            out["stop"] = c.stopped_epoch
    out["restored"] = model.restored
    return out


cases = json.load(open(sys.argv[1]))
json.dump([drive(c) for c in cases], open(sys.argv[2], "w"))
