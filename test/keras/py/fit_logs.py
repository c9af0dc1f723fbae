"""Writes real model.fit output in every form Fitwatch imports, into the working directory:
verbose 1 through a pseudo-terminal and through a pipe, verbose 2, CSVLogger files (one with a
list-valued metric), history.history JSON, a multi-output model, an evaluate() after a fit
without validation, an epoch interrupted mid-way, fit(epochs=1), and a notebook holding output.
Also truth.json: each run's history.history, to compare against. One process, one TF import.
"""
import contextlib
import io
import json
import os
import sys
import threading
import traceback

import numpy as np
import keras

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(400, 8)).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("float32")
truth = {}


def binary_model():
    m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    return m


@contextlib.contextmanager
def pipe_capture(path):
    """stdout to a non-terminal stream, as when the output is piped or redirected to a file."""
    buf = io.StringIO()
    old = sys.stdout
    sys.stdout = buf
    try:
        yield
    finally:
        sys.stdout = old
        with open(path, "w", newline="") as f:
            f.write(buf.getvalue())


@contextlib.contextmanager
def pty_capture(path):
    """stdout to a pseudo-terminal, so Keras draws its live progress bar (\\r redraws, colours)."""
    master, slave = os.openpty()
    chunks = []

    def pump():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    tty = os.fdopen(slave, "w", buffering=1, encoding="utf-8", newline="")
    old = sys.stdout
    sys.stdout = tty
    try:
        yield
    finally:
        tty.flush()
        sys.stdout = old
        tty.close()
        reader.join(timeout=5)
        os.close(master)
        with open(path, "wb") as f:
            f.write(b"".join(chunks))


def record(name, history):
    truth[name] = {k: [float(v) for v in vs] for k, vs in history.history.items()}


with pty_capture("v1_pty.txt"):
    record("v1_pty", binary_model().fit(x, y, epochs=3, batch_size=32, validation_split=0.2, verbose=1))
with pipe_capture("v1_pipe.txt"):
    record("v1_pipe", binary_model().fit(x, y, epochs=3, batch_size=32, validation_split=0.2, verbose=1))
with pipe_capture("v2.txt"):
    h = binary_model().fit(x, y, epochs=3, batch_size=32, validation_split=0.2, verbose=2,
                           callbacks=[keras.callbacks.CSVLogger("csvlogger.csv")])
    record("v2", h)
json.dump(h.history, open("history.json", "w"))

# The TF quick-start: fit without validation, then evaluate on test data.
with pipe_capture("evaluate_after.txt"):
    m = binary_model()
    record("evaluate_after", m.fit(x, y, epochs=3, batch_size=32, verbose=1))
    m.evaluate(x[:100], y[:100], verbose=1)
with pty_capture("evaluate_after_pty.txt"):
    m = binary_model()
    record("evaluate_after_pty", m.fit(x, y, epochs=3, batch_size=32, verbose=1))
    m.evaluate(x[:100], y[:100], verbose=1)


class Interrupt(keras.callbacks.Callback):
    """Ctrl+C in the middle of the third epoch."""

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.epoch == 2 and batch == 4:
            raise KeyboardInterrupt()


with pipe_capture("interrupted.txt"):
    m = binary_model()
    done = []
    try:
        m.fit(x, y, epochs=5, batch_size=32, validation_split=0.2, verbose=1,
              callbacks=[Interrupt(), keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: done.append(dict(logs)))])
    except KeyboardInterrupt:
        print(traceback.format_exc())
    truth["interrupted"] = {k: [d[k] for d in done] for k in done[0]}

with pipe_capture("epochs1.txt"):
    record("epochs1", binary_model().fit(x, y, epochs=1, batch_size=32, validation_split=0.2, verbose=1))
with pipe_capture("epochs1_v2.txt"):
    record("epochs1_v2", binary_model().fit(x, y, epochs=1, batch_size=32, validation_split=0.2, verbose=2))

# Two outputs: Keras prefixes each output's loss and metrics with its name.
inp = keras.Input((8,))
hidden = keras.layers.Dense(8, activation="relu")(inp)
out_a = keras.layers.Dense(1, activation="sigmoid", name="label")(hidden)
out_b = keras.layers.Dense(1, name="score")(hidden)
multi = keras.Model(inp, [out_a, out_b])
multi.compile(optimizer="adam", loss=["binary_crossentropy", "mse"], metrics=[["accuracy"], ["mae"]])
with pipe_capture("multi.txt"):
    h = multi.fit(x, [y, x[:, 0]], epochs=3, batch_size=32, validation_split=0.2, verbose=2,
                  callbacks=[keras.callbacks.CSVLogger("multi.csv")])
    record("multi", h)
json.dump(h.history, open("multi_history.json", "w"))

# A metric with one value per class: CSVLogger writes the list, quoted.
yc = keras.utils.to_categorical((x[:, 0] > 0).astype(int) + (x[:, 1] > 0).astype(int), 3)
cat = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3, activation="softmax")])
cat.compile(optimizer="adam", loss="categorical_crossentropy", metrics=[keras.metrics.F1Score(average=None, name="f1")])
h = cat.fit(x, yc, epochs=3, batch_size=32, validation_split=0.2, verbose=0, callbacks=[keras.callbacks.CSVLogger("list_valued.csv")])
truth["list_valued"] = {k: np.asarray(v).tolist() for k, v in h.history.items()}

# A notebook that ran the verbose=1 fit and was saved with its output.
notebook = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Training\n"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["import keras\n"], "outputs": []},
        {
            "cell_type": "code",
            "execution_count": 2,
            "metadata": {},
            "source": ["history = model.fit(x, y, epochs=3, validation_split=0.2)\n"],
            "outputs": [
                {"name": "stdout", "output_type": "stream", "text": open("v1_pty.txt", encoding="utf-8").read().splitlines(keepends=True)},
                {"output_type": "execute_result", "execution_count": 2, "metadata": {}, "data": {"text/plain": ["<keras.src.callbacks.history.History at 0x7f>"]}},
            ],
        },
    ],
}
json.dump(notebook, open("notebook.ipynb", "w"), indent=1)
truth["notebook"] = truth["v1_pty"]
json.dump(truth, open("truth.json", "w"))
