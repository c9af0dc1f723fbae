"""Fitwatch's startup hook for `fitwatch run` / "Run with Fitwatch".

Python imports `sitecustomize` at start-up from the first folder of sys.path that has one.
Fitwatch puts this folder first on PYTHONPATH only for the script it runs, so the hook:
1. installs the Model.fit patch (fitwatch_keras.hook) when the run's channel is set;
2. gives the script the environment it would have had without Fitwatch (PYTHONPATH as the
   user set it, no FITWATCH_* variables, this folder off sys.path), so child processes and
   the script's own imports see nothing of Fitwatch;
3. runs the sitecustomize this file shadows, if the interpreter has one.
"""
import os as _os
import sys as _sys


def _fitwatch_start():
    here = _os.path.dirname(_os.path.abspath(__file__))
    # No __pycache__ in Fitwatch's folder (it may be read-only, and it is not the user's).
    write_bytecode = _sys.dont_write_bytecode
    _sys.dont_write_bytecode = True
    try:
        if _os.environ.get("FITWATCH_CHANNEL_FD"):
            from fitwatch_keras import hook

            hook.install(dict(_os.environ))
    except Exception as error:  # the user's script must still run
        _sys.stderr.write("fitwatch: the Keras hook could not start: %r\n" % (error,))
    finally:
        _sys.dont_write_bytecode = write_bytecode
        _restore_environment(here)
        _chain(here)


def _restore_environment(here):
    original = _os.environ.get("FITWATCH_ORIGINAL_PYTHONPATH")
    if original is not None:
        if original == "":
            _os.environ.pop("PYTHONPATH", None)
        else:
            _os.environ["PYTHONPATH"] = original
    for key in [k for k in _os.environ if k.startswith("FITWATCH_")]:
        del _os.environ[key]
    _sys.path[:] = [p for p in _sys.path if _os.path.abspath(p or ".") != here]


def _chain(here):
    """Runs the next sitecustomize on sys.path (the one this file hides), as Python would have."""
    import importlib.machinery
    import importlib.util

    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", [p for p in _sys.path if _os.path.abspath(p or ".") != here])
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    _sys.modules["sitecustomize"] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        # Python itself reports a failing sitecustomize this way and carries on.
        _sys.stderr.write("Error in sitecustomize; set PYTHONVERBOSE for traceback:\n%s: %s\n" % (type(error).__name__, error))


_fitwatch_start()
