"""One script run: every Model.fit call becomes a Fitwatch run, streamed over the channel.

Messages (one JSON object per line; see src/keras/run-protocol.ts for the Node side):
  fitBegin  {index, runId, epochs, steps, verbose, batchSize, validationSplit, optimizer,
             learningRate, parameters, keras, call: {file, line}}
  batch     {index, epoch, batch, steps, logs}        (at most every FITWATCH_BATCH_INTERVAL s)
  epoch     {index, epoch, logs, durationMs}
  event     {index, event: {kind, epoch, message, data}}
  control   {index, command, ok, message}             (a control command was applied or refused)
  fitEnd    {index, epochs, reason}                   (completed | stopped | earlyStopped | diverged)
  fitError  {index, error}                            (fit raised; the exception goes on up)
"""
import importlib
import math
import os
import sys
import threading
import time

_FRAMEWORK_MARKERS = (os.sep + "keras" + os.sep, os.sep + "tensorflow" + os.sep, os.sep + "tf_keras" + os.sep, os.sep + "fitwatch_keras" + os.sep)


def _float(value):
    """A logged value as a float (tensors, numpy scalars and Keras variables alike), or None."""
    try:
        if hasattr(value, "numpy"):
            value = value.numpy()
        import numpy

        array = numpy.asarray(value)
        if array.size != 1:
            return None
        return float(array.reshape(()))
    except Exception:
        try:
            return float(value)
        except Exception:
            return None


def _caller():
    """The script line that called fit: the innermost frame outside Keras, TensorFlow and Fitwatch."""
    frame = sys._getframe(2)
    while frame is not None:
        file = frame.f_code.co_filename
        if not any(marker in file for marker in _FRAMEWORK_MARKERS) and not file.startswith("<frozen"):
            return {"file": os.path.abspath(file) if not file.startswith("<") else file, "line": frame.f_lineno}
        frame = frame.f_back
    return None


class Session:
    """Counts the fit calls of the process and owns the stop flag shared by all of them."""

    def __init__(self, channel, runs_dir, run_id, script, batch_interval):
        self.channel = channel
        self.runs_dir = runs_dir
        self.run_id = run_id
        self.script = script
        self.batch_interval = batch_interval
        self.fits = 0
        self.stop_requested = False
        self._local = threading.local()

    def run_id_of(self, index):
        """Fit 1 records into the run id Fitwatch chose; fit k > 1 into `<id>-fit<k>` (the Node side uses the same rule)."""
        return self.run_id if index == 1 else "%s-fit%d" % (self.run_id, index)

    def fit(self, original, model, args, kwargs, flavor):
        # A fit inside a fit (a subclass calling super().fit) is one run, not two.
        if getattr(self._local, "depth", 0) > 0:
            return original(model, *args, **kwargs)
        try:
            bound = _signature(original).bind(model, *args, **kwargs)
        except TypeError:
            return original(model, *args, **kwargs)  # Keras raises its own, clearer error
        callbacks = bound.arguments.get("callbacks")
        if callbacks is not None and not isinstance(callbacks, (list, tuple)):
            # A CallbackList or another container: leave the call as the user wrote it.
            sys.stderr.write("fitwatch: this fit's callbacks are a %s, not a list; the run is not recorded.\n" % type(callbacks).__name__)
            return original(model, *args, **kwargs)
        self.fits += 1
        index = self.fits
        recorder = _make_recorder(flavor["package"])(self, index, flavor, bound.arguments, _caller())
        bound.arguments["callbacks"] = list(callbacks or []) + [recorder]
        self._local.depth = 1
        try:
            return original(*bound.args, **bound.kwargs)
        except BaseException as error:
            recorder.failed(error)
            raise
        finally:
            self._local.depth = 0


def _signature(function):
    import inspect

    return inspect.signature(function)


_recorders = {}


def _make_recorder(package):
    """The recorder class, derived from the Callback class of the same Keras as the model."""
    if package in _recorders:
        return _recorders[package]
    callbacks = importlib.import_module(package + ".callbacks")

    class FitwatchRecorder(callbacks.Callback):
        """Streams every epoch (and batch progress) to Fitwatch and applies Stop / Reduce LR."""

        def __init__(self, session, index, flavor, arguments, call):
            super().__init__()
            self._session = session
            self._index = index
            self._flavor = flavor
            self._arguments = arguments
            self._call = call
            self._control = None
            self._epoch = 0
            self._epochs_seen = 0
            self._epoch_start = 0.0
            self._epoch_lr = None
            self._last_lr = None
            self._lr_set_by_us = None
            self._last_batch_sent = 0.0
            self._last_poll = 0.0
            self._stopped_by_us = False
            self._last_logs = {}
            self._ended = False

        def _send(self, kind, **fields):
            fields["type"] = kind
            fields["index"] = self._index
            self._session.channel.send(fields)

        def _lr(self):
            optimizer = getattr(self.model, "optimizer", None)
            if optimizer is None:
                return None
            for name in ("learning_rate", "lr"):
                try:
                    value = getattr(optimizer, name)
                except Exception:
                    continue
                if callable(value) and not hasattr(value, "numpy"):
                    # A LearningRateSchedule: its value at the current step.
                    try:
                        value = value(optimizer.iterations)
                    except Exception:
                        return None
                number = _float(value)
                if number is not None:
                    return number
            return None

        def on_train_begin(self, logs=None):
            session = self._session
            run_id = session.run_id_of(self._index)
            if session.runs_dir:
                self._control = _control_file(os.path.join(session.runs_dir, run_id, "control.jsonl"))
            params = dict(getattr(self, "params", None) or {})
            optimizer = getattr(self.model, "optimizer", None)
            try:
                parameters = int(self.model.count_params())
            except Exception:
                parameters = None
            args = self._arguments
            self._send(
                "fitBegin",
                runId=run_id,
                epochs=params.get("epochs", args.get("epochs", 1)),
                steps=params.get("steps"),
                verbose=_verbose(args.get("verbose", "auto")),
                batchSize=args.get("batch_size"),
                validationSplit=_float(args.get("validation_split", 0.0)) or 0.0,
                hasValidationData=args.get("validation_data") is not None,
                initialEpoch=args.get("initial_epoch", 0),
                optimizer=type(optimizer).__name__ if optimizer is not None else None,
                learningRate=self._lr(),
                parameters=parameters,
                keras=self._flavor["label"](),
                call=self._call,
            )
            if session.stop_requested:
                # Stop was pressed earlier in this script: later fits stop at once too.
                self.model.stop_training = True
                self._stopped_by_us = True

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch
            self._epoch_start = time.perf_counter()
            lr = self._lr()
            if lr is not None and self._last_lr is not None and lr != self._last_lr and self._lr_set_by_us != lr:
                # Another callback (ReduceLROnPlateau, a scheduler) changed it at the end of the last epoch.
                kind = "lrReduced" if lr < self._last_lr else "lrSet"
                self._send("event", event={"kind": kind, "epoch": max(epoch - 1, 0), "message": "learning rate %g → %g" % (self._last_lr, lr), "data": {"oldLr": self._last_lr, "newLr": lr}})
            self._epoch_lr = lr
            self._poll(force=True)

        def on_train_batch_end(self, batch, logs=None):
            now = time.perf_counter()
            if now - self._last_poll >= 0.05:
                self._poll()
            if now - self._last_batch_sent >= self._session.batch_interval:
                self._last_batch_sent = now
                steps = (getattr(self, "params", None) or {}).get("steps")
                self._send("batch", epoch=self._epoch, batch=batch, steps=steps, logs=_logs(logs))

        def on_epoch_end(self, epoch, logs=None):
            values = _logs(logs)
            if "learning_rate" not in values and "lr" not in values:
                lr = self._epoch_lr if self._epoch_lr is not None else self._lr()
                if lr is not None:
                    values["learning_rate"] = lr
            # The rate this epoch trained with; a change seen at the next epoch's start is someone else's.
            self._last_lr = self._epoch_lr
            self._last_logs = values
            self._epochs_seen += 1
            self._send("epoch", epoch=epoch, logs=values, durationMs=(time.perf_counter() - self._epoch_start) * 1000.0)
            self._poll(force=True)

        def on_train_end(self, logs=None):
            self._ended = True
            if self._stopped_by_us:
                reason = "stopped"
            elif getattr(self.model, "stop_training", False):
                loss = self._last_logs.get("loss")
                reason = "diverged" if loss is not None and not math.isfinite(loss) else "earlyStopped"
            else:
                reason = "completed"
            self._send("fitEnd", epochs=self._epochs_seen, reason=reason)

        def failed(self, error):
            if not self._ended:
                self._send("fitError", error="%s: %s" % (type(error).__name__, error), epochs=self._epochs_seen)

        def _poll(self, force=False):
            self._last_poll = time.perf_counter()
            if self._control is None:
                return
            for command in self._control.poll():
                self._apply(command)

        def _apply(self, command):
            name = command.get("command")
            if name == "stop":
                self._session.stop_requested = True
                self._stopped_by_us = True
                self.model.stop_training = True
                self._send("control", command="stop", ok=True, message="stopping after this batch")
                self._send("event", event={"kind": "stopRequested", "epoch": self._epoch, "message": "Stop requested: Keras stops after the current batch"})
            elif name in ("setLr", "reduceLr"):
                old = self._lr()
                if old is None:
                    self._send("control", command=name, ok=False, message="this optimizer has no learning rate Fitwatch can read")
                    return
                new = float(command["value"]) if name == "setLr" else old * float(command.get("factor", 0.5))
                try:
                    self.model.optimizer.learning_rate = new
                except Exception as error:
                    self._send("control", command=name, ok=False, message="the learning rate could not be set (%s: %s); a LearningRateSchedule cannot be changed while it trains" % (type(error).__name__, error))
                    return
                applied = self._lr()
                self._lr_set_by_us = applied
                self._send("control", command=name, ok=True, message="learning rate %g → %g" % (old, applied))
                self._send("event", event={"kind": "lrSet", "epoch": self._epoch, "message": "Learning rate set to %g (was %g) from Fitwatch" % (applied, old), "data": {"oldLr": old, "newLr": applied}})
            else:
                self._send("control", command=str(name), ok=False, message="unknown command")

    _recorders[package] = FitwatchRecorder
    return FitwatchRecorder


def _control_file(path):
    from .channel import ControlFile

    return ControlFile(path)


def _verbose(value):
    if value == "auto":
        return 1
    try:
        return int(value)
    except Exception:
        return 1


def _logs(logs):
    out = {}
    for key, value in (logs or {}).items():
        number = _float(value)
        if number is not None:
            out[str(key)] = number
    return out
