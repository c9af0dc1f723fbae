"""Patches Model.fit of whichever Keras the script imports, without importing it first.

A meta-path finder watches for the Keras packages (Keras 3 `keras`, Keras 2 `keras` that
tf.keras 2.6-2.15 loads, `tf_keras`, and TF <= 2.5's built-in `tensorflow.python.keras`);
when one has finished executing, its Model.fit is wrapped so that a Fitwatch callback is
appended to the callbacks of every call. Importing Keras eagerly would cost the script
seconds and could pick a different backend than the script asks for.
"""
import functools
import importlib.abc
import os
import sys
import threading

from .channel import Channel
from .session import Session

#: module name → attribute path of the Model class to patch once that module has run.
_TARGETS = {
    "keras": "Model",
    "tf_keras": "Model",
    "tensorflow.python.keras.engine.training": "Model",
}

_session = None


def install(environ):
    """Starts the session from Fitwatch's variables and puts the import watcher in place."""
    global _session
    channel = Channel(int(environ["FITWATCH_CHANNEL_FD"]))
    _session = Session(
        channel,
        runs_dir=environ.get("FITWATCH_RUNS_DIR", ""),
        run_id=environ.get("FITWATCH_RUN_ID", "run"),
        script=environ.get("FITWATCH_SCRIPT", ""),
        batch_interval=float(environ.get("FITWATCH_BATCH_INTERVAL", "0.5")),
    )
    sys.meta_path.insert(0, _Finder())
    for name in _TARGETS:
        module = sys.modules.get(name)
        if module is not None:
            _patch(module, name)
    _watch_owner()


def _watch_owner():
    """If Fitwatch dies without closing the pipe (SIGKILL), the script stops too."""
    owner = os.getppid()

    def watch():
        import signal
        import time

        while True:
            time.sleep(1.0)
            if os.getppid() != owner:
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, name="fitwatch-owner", daemon=True).start()


class _Finder(importlib.abc.MetaPathFinder):
    """Finds nothing itself: for a watched module it wraps the real loader to patch after exec."""

    def find_spec(self, name, path=None, target=None):
        if name not in _TARGETS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _PatchingLoader(spec.loader, name)
        return spec


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, name):
        self._loader = loader
        self._name = name

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        # Tools that look at __loader__ (importlib.resources, pkgutil) see the real loader.
        module.__loader__ = self._loader
        if getattr(module, "__spec__", None) is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _patch(module, self._name)

    def __getattr__(self, name):
        return getattr(self._loader, name)


def _patch(module, name):
    try:
        cls = getattr(module, _TARGETS[name], None)
        if cls is None or not hasattr(cls, "fit"):
            return
        original = cls.fit
        if getattr(original, "_fitwatch_original", None) is not None:
            return
        flavor = _flavor(module, name)

        @functools.wraps(original)
        def fit(self, *args, **kwargs):
            return _session.fit(original, self, args, kwargs, flavor)

        fit._fitwatch_original = original
        cls.fit = fit
    except Exception as error:
        sys.stderr.write("fitwatch: could not watch %s.Model.fit: %r\n" % (name, error))


def _flavor(module, name):
    """Which Keras this is, for run.json and for finding its Callback class (the label is read at fit time: TensorFlow may still be initialising now)."""
    if name == "tensorflow.python.keras.engine.training":
        return {"package": "tensorflow.python.keras", "label": lambda: "tf.keras (TensorFlow %s)" % getattr(sys.modules.get("tensorflow"), "__version__", "?")}

    def label():
        text = "Keras %s" % getattr(module, "__version__", "?")
        try:
            text += " (%s backend)" % module.backend.backend()
        except Exception:
            pass
        return text

    return {"package": name, "label": label}
