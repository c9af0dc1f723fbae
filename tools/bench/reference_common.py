"""What the bench's Python references share: their command line and their one-line JSON summary.

torch_reference.py, keras_reference.py and sklearn_reference.py import this from beside them
(Python puts a script's own folder first on sys.path), so the three take the same options and
report the same fields, which tools/bench/python-reference.ts reads.
"""
import argparse
import json
import os
import statistics


def reference_args(default_epochs, csv=False):
    """The options every reference takes (--csv only where the script can read one)."""
    ap = argparse.ArgumentParser()
    if csv:
        ap.add_argument("--csv")
    ap.add_argument("--epochs", type=int, default=default_epochs)
    ap.add_argument("--hidden", default="16,16")
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    return ap.parse_args()


def print_summary(engine, version, a, rows, features, load_ms, times):
    """The last stdout line: median and min leave out the first (warm-up) epoch when there is more than one."""
    measured = times[1:] if len(times) > 1 else times
    print(json.dumps({
        "engine": engine, "version": version, "threads": a.threads,
        "rows": rows, "features": features, "hidden": a.hidden, "epochs": a.epochs,
        "load_ms": round(load_ms, 1),
        "median_ms_per_epoch": round(statistics.median(measured), 2),
        "min_ms_per_epoch": round(min(measured), 2),
    }))
