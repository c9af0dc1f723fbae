"""The seed's model, unchanged Keras: 64 -> Dense 16 relu -> Dense 16 relu -> Dense 1 sigmoid,
Adam(0.01), binary cross-entropy, batch 200, validation_split 0.2, on data it makes itself.
Two fits: a short warm-up, then the long run the test steers (Reduce LR, Stop) through Fitwatch.
"""
import argparse

import numpy as np
from tensorflow import keras

parser = argparse.ArgumentParser()
parser.add_argument("--first-epochs", type=int, default=2)
parser.add_argument("--samples", type=int, default=10000)
args = parser.parse_args()

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
X = rng.normal(size=(args.samples, 64)).astype("float32")
w = rng.normal(size=(64,))
y = ((X @ w + rng.normal(scale=4.0, size=args.samples)) > 0).astype("float32")

model = keras.Sequential()
model.add(keras.Input(shape=(64,)))
model.add(keras.layers.Dense(16, activation="relu"))
model.add(keras.layers.Dense(16, activation="relu"))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy", metrics=["accuracy"])

model.fit(X, y, epochs=args.first_epochs, batch_size=200, validation_split=0.2, verbose=2)
history = model.fit(X, y, epochs=1000, batch_size=200, validation_split=0.2, verbose=0)
print("SCRIPT-CONTINUED-AFTER-FIT epochs=%d" % len(history.epoch), flush=True)
