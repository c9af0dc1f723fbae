#!/usr/bin/env python3
"""Reference trainer for side-by-side speed comparisons: the seed workload in PyTorch.

Model and loop follow the Keras example of the motivating question (docs/motivating-question.md):
Dense(16, relu) -> Dense(16, relu) -> Dense(1, sigmoid), Adam(lr=0.01, eps=1e-7),
binary cross-entropy, batch 200, validation = the LAST 20% of rows (Keras
validation_split semantics, taken before shuffling), training rows reshuffled
every epoch, validation loss/accuracy computed every epoch.

Usage:
  torch_reference.py [--csv FILE] [--epochs N] [--hidden 16,16] [--rows 50000] [--threads T]
  --csv FILE  numeric CSV, label in the last column, optional header row.
              Without it, a deterministic synthetic set of --rows x 64 is used.
The median and min leave out the first epoch (warm-up), when there is more than one.
Prints one line per epoch and, last, one JSON line:
  {"engine": "torch", "median_ms_per_epoch": ..., "epochs": ..., ...}
Needs torch: Debian's python3-torch (run with /usr/bin/python3), or a venv with
`pip install torch==2.13.0` (a CPU build from this machine's local package index).
"""
import csv
import time

from reference_common import print_summary, reference_args

import torch


def load_csv(path):
    rows = []
    with open(path, newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            if not row:
                continue
            try:
                rows.append([float(v) for v in row])
            except ValueError:
                if i == 0:
                    continue  # header
                raise
    t = torch.tensor(rows, dtype=torch.float32)
    return t[:, :-1].contiguous(), t[:, -1:].contiguous()


def synthetic(n=50_000, d=64, seed=1):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, d, generator=g) * 2 - 1
    w = torch.rand(d, generator=g) * 2 - 1
    s = x @ w + 0.5 * torch.sin(3 * x[:, ::3]).sum(1)
    y = (s + 0.3 * torch.randn(n, generator=g) > 0).float().unsqueeze(1)
    return x, y


def main():
    a = reference_args(20, csv=True)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    t_load = time.time()
    x, y = load_csv(a.csv) if a.csv else synthetic(a.rows)
    load_ms = 1000 * (time.time() - t_load)
    n = x.shape[0]
    split = int(n * 0.8)
    xtr, ytr, xva, yva = x[:split], y[:split], x[split:], y[split:]

    layers, fan_in = [], x.shape[1]
    for h in [int(v) for v in a.hidden.split(",") if v]:
        layers += [torch.nn.Linear(fan_in, h), torch.nn.ReLU()]
        fan_in = h
    layers.append(torch.nn.Linear(fan_in, 1))
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, eps=1e-7)
    lossf = torch.nn.BCEWithLogitsLoss()

    times = []
    for epoch in range(a.epochs):
        t0 = time.time()
        perm = torch.randperm(split)
        total, correct = 0.0, 0.0
        for i in range(0, split, a.batch):
            idx = perm[i:i + a.batch]
            xb, yb = xtr[idx], ytr[idx]
            opt.zero_grad()
            out = model(xb)
            loss = lossf(out, yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += ((out > 0).float() == yb).sum().item()
        with torch.no_grad():
            o = model(xva)
            vl = lossf(o, yva).item()
            va = ((o > 0).float() == yva).float().mean().item()
        ms = 1000 * (time.time() - t0)
        times.append(ms)
        print(f"Epoch {epoch + 1}/{a.epochs} - {ms:.0f}ms - loss: {total / split:.4f} - acc: {correct / split:.4f}"
              f" - val_loss: {vl:.4f} - val_acc: {va:.4f}", flush=True)
    print_summary("torch", f"torch {torch.__version__}", a, n, x.shape[1], load_ms, times)


if __name__ == "__main__":
    main()
