"""Export the coach evaluation suite's public datasets to CSV (features..., label), offline.

Usage: python export_datasets.py OUT_DIR [name ...]
scikit-learn's bundled datasets and statsmodels.datasets ship inside the packages of the pinned
venv (.venv-test), so nothing is downloaded. Rows keep the order the package gives them; the
suite shuffles or sorts them itself. Prints one JSON line per dataset written.
"""
import json
import os
import sys

import numpy as np
import pandas as pd


def sk(name, **kw):
    from sklearn import datasets

    d = getattr(datasets, name)(**kw)
    df = pd.DataFrame(d.data, columns=[str(c).replace(" ", "_") for c in d.feature_names] if hasattr(d, "feature_names") else None)
    df["label"] = d.target
    return df


def sm(name):
    import statsmodels.api as smapi

    return getattr(smapi.datasets, name).load_pandas().data.copy()


def fair():
    df = sm("fair")
    df["label"] = (df.pop("affairs") > 0).astype(int)
    return df


def randhie():
    df = sm("randhie").sample(n=4000, random_state=0).reset_index(drop=True)
    df["label"] = df.pop("mdvis")
    return df


def star98():
    df = sm("star98")
    above, below = df.pop("NABOVE"), df.pop("NBELOW")
    df["label"] = 100.0 * above / (above + below)
    return df


def engel():
    df = sm("engel")
    df["label"] = df.pop("foodexp")
    return df


def anes96():
    df = sm("anes96")
    df["label"] = df.pop("vote").astype(int)
    return df


# name -> (loader, task). Regression targets stay in their own units (diabetes ~150, engel in the hundreds).
DATASETS = {
    "iris": (lambda: sk("load_iris"), "multiclass"),
    "wine": (lambda: sk("load_wine"), "multiclass"),
    "breast_cancer": (lambda: sk("load_breast_cancer"), "binary"),
    "diabetes": (lambda: sk("load_diabetes", scaled=False), "regression"),
    "digits": (lambda: sk("load_digits"), "multiclass"),
    "fair": (fair, "binary"),
    "anes96": (anes96, "binary"),
    "randhie": (randhie, "regression"),
    "star98": (star98, "regression"),
    "engel": (engel, "regression"),
}


def main():
    out = sys.argv[1]
    names = sys.argv[2:] or list(DATASETS)
    os.makedirs(out, exist_ok=True)
    for name in names:
        load, task = DATASETS[name]
        df = load()
        df.columns = [str(c) for c in df.columns]
        path = os.path.join(out, f"{name}.csv")
        df.to_csv(path, index=False)
        y = df["label"].to_numpy()
        # The label-sorted case changes its validation rows when fixed, so its val_loss before and
        # after are measured on different rows: both runs are scored on a held-out test file
        # instead, a stratified 20 % the sorted training file does not contain.
        if task != "regression":
            test = df.groupby("label", group_keys=False).sample(frac=0.2, random_state=0)
            test.to_csv(os.path.join(out, f"{name}.test.csv"), index=False)
            rest = df.drop(index=test.index)
        else:
            rest = df
        sorted_df = rest.sort_values("label", kind="stable")
        sorted_df.to_csv(os.path.join(out, f"{name}.sorted.csv"), index=False)
        # Rows in a random order once (what the rest of the suite trains on), so no package order leaks into the split.
        df.sample(frac=1.0, random_state=0).to_csv(os.path.join(out, f"{name}.shuffled.csv"), index=False)
        print(json.dumps({"name": name, "task": task, "rows": int(len(df)), "features": int(df.shape[1] - 1), "classes": int(len(np.unique(y))) if task != "regression" else None}))


if __name__ == "__main__":
    main()
