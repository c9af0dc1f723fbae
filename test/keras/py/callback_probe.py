"""Runs a Keras script as `python script.py` would, and records what Keras really called.

Usage: python callback_probe.py <script.py> <record.json>

Keras' own callback classes are wrapped (their real code still runs), so the record says which
callbacks' on_epoch_end ran, with which epoch, and which fit calls (by line of the script) ran.
The script is not changed or read: whatever it builds and passes to fit is what gets recorded.
"""
import json
import os
import runpy
import sys
import traceback

script, record_path = os.path.abspath(sys.argv[1]), sys.argv[2]
record = {"callbacks": [], "fits": [], "error": None}

import keras  # noqa: E402  (the script imports it too; wrapping needs the classes first)

WATCHED = ["ReduceLROnPlateau", "EarlyStopping", "CSVLogger"]


def watch(cls):
    original = cls.on_epoch_end

    def on_epoch_end(self, epoch, logs=None):
        result = original(self, epoch, logs)
        lr = None
        try:
            lr = float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))
        except Exception:  # a callback used outside fit has no model
            pass
        record["callbacks"].append({"class": cls.__name__, "epoch": epoch, "learning_rate": lr})
        return result

    cls.on_epoch_end = on_epoch_end


for name in WATCHED:
    watch(getattr(keras.callbacks, name))

original_fit = keras.Model.fit


def fit(self, *args, **kwargs):
    line = next((f.lineno for f in reversed(traceback.extract_stack()) if os.path.abspath(f.filename) == script), None)
    history = original_fit(self, *args, **kwargs)
    record["fits"].append({"line": line, "epochs": len(history.epoch), "keys": sorted(history.history)})
    return history


keras.Model.fit = fit

sys.argv = [script]
sys.path.insert(0, os.path.dirname(script))
try:
    runpy.run_path(script, run_name="__main__")
except BaseException as e:  # noqa: B036  (recorded, then re-raised so the exit code is the script's)
    record["error"] = f"{type(e).__name__}: {e}"
    raise
finally:
    with open(record_path, "w") as f:
        json.dump(record, f)
