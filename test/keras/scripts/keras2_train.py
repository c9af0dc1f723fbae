"""A Keras 2 style script (fit_generator, callbacks in a variable), run against the tf_keras stand-in."""
import tf_keras as keras


class Counter(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        print("USER-CALLBACK-CALLED")


model = keras.Sequential()
model.compile(optimizer="adam", loss="binary_crossentropy")
callbacks = [Counter()]
model.fit_generator(iter([]), steps_per_epoch=4, epochs=3, callbacks=callbacks)
