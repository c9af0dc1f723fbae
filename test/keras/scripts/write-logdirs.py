"""Writes TensorBoard logdirs with the real libraries, for test/keras/tensorboard.test.ts.

usage: write-logdirs.py OUT  →  OUT/keras (TensorBoard callback, a run into a plateau; also
OUT/keras.csv from CSVLogger and OUT/history.json), OUT/torch
(torch.utils.tensorboard.SummaryWriter), OUT/tbx (tensorboardX), OUT/lightning (Lightning's
TensorBoardLogger), and OUT/expected.json with the values each writer was given.
"""
import json
import os
import sys

out = sys.argv[1]
expected = {}

# torch SummaryWriter and tensorboardX: simple_value scalars at the steps the script passes (1-based here).
from torch.utils.tensorboard import SummaryWriter as TorchWriter
from tensorboardX import SummaryWriter as TbxWriter

for name, Writer in (("torch", TorchWriter), ("tbx", TbxWriter)):
    w = Writer(log_dir=os.path.join(out, name))
    series = {"loss": [], "val_loss": [], "acc": []}
    for epoch in range(1, 13):
        loss = 1.0 / epoch + 0.1
        val = 1.2 / epoch + 0.15
        acc = 1.0 - 0.5 / epoch
        w.add_scalar("Loss/train", loss, epoch)
        w.add_scalar("Loss/val", val, epoch)
        w.add_scalar("Accuracy/train", acc, epoch)
        series["loss"].append(loss)
        series["val_loss"].append(val)
        series["acc"].append(acc)
    w.close()
    expected[name] = series

# PyTorch Lightning: train_loss per step (every 2 steps), val_loss per epoch, `epoch` scalars.
import torch
import pytorch_lightning as pl
from pytorch_lightning.loggers import TensorBoardLogger

torch.manual_seed(0)


class Tiny(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 1)
        self.val_losses = []

    def training_step(self, batch, _):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, _):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("val_loss", loss)

    def on_validation_epoch_end(self):
        if not self.trainer.sanity_checking:
            self.val_losses.append(float(self.trainer.callback_metrics["val_loss"]))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)


x = torch.randn(64, 4)
y = x.sum(dim=1, keepdim=True)
data = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8)
model = Tiny()
trainer = pl.Trainer(max_epochs=5, logger=TensorBoardLogger(out, name="lightning", version=0), log_every_n_steps=2,
                     enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False, num_sanity_val_steps=0)
trainer.fit(model, data, data)
expected["lightning"] = {"val_loss": model.val_losses}

# Keras' TensorBoard callback (TF2 tensor scalars in train/ and validation/), on a run that trains
# into a plateau: a logistic regression on labels with 25% flipped reaches its best loss within a
# few dozen epochs and then cannot improve. The same fit also writes a CSVLogger file and its history.
import numpy as np
import keras

keras.utils.set_random_seed(3)
rng = np.random.default_rng(3)
xk = rng.normal(size=(2000, 8)).astype("float32")
yk = ((xk[:, 0] + xk[:, 1] > 0) ^ (rng.random(2000) < 0.25)).astype("float32")
m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
m.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
h = m.fit(xk, yk, epochs=80, batch_size=100, validation_split=0.2, verbose=0,
          callbacks=[keras.callbacks.TensorBoard(log_dir=os.path.join(out, "keras")), keras.callbacks.CSVLogger(os.path.join(out, "keras.csv"))])
expected["keras"] = {k: [float(v) for v in vs] for k, vs in h.history.items()}
json.dump(h.history, open(os.path.join(out, "history.json"), "w"))

json.dump(expected, open(os.path.join(out, "expected.json"), "w"))
