import os
import time

# FAKE_IGNORE_STOP=1: a fit that never looks at stop_training and is slow, like one stuck in a
# data pipeline; the test of Stop's escalation to SIGINT uses it.
_IGNORE_STOP = os.environ.get("FAKE_IGNORE_STOP") == "1"


class _Optimizer:
    def __init__(self, lr):
        self.lr = lr

    @property
    def learning_rate(self):
        return self.lr

    @learning_rate.setter
    def learning_rate(self, value):
        self.lr = value


class History:
    def __init__(self):
        self.epoch = []
        self.history = {}


class Model:
    def __init__(self):
        self.optimizer = None
        self.stop_training = False

    def compile(self, optimizer=None, loss=None, metrics=None):
        self.optimizer = _Optimizer(0.01)

    def count_params(self):
        return 17

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1,
            max_queue_size=10, workers=1, use_multiprocessing=False):
        callbacks = list(callbacks or [])
        history = History()
        steps = 4
        for c in callbacks:
            c.set_model(self)
            c.set_params({"epochs": epochs, "steps": steps, "verbose": verbose})
        self.stop_training = False
        for c in callbacks:
            c.on_train_begin()
        loss = 1.0
        for epoch in range(initial_epoch, epochs):
            for c in callbacks:
                c.on_epoch_begin(epoch)
            for batch in range(steps):
                loss *= 1.0 - self.optimizer.lr
                for c in callbacks:
                    c.on_train_batch_end(batch, {"loss": loss})
                if _IGNORE_STOP:
                    time.sleep(0.05)
                elif self.stop_training:
                    break
            logs = {"loss": loss, "acc": 1.0 - loss, "val_loss": loss * 1.1}
            for c in callbacks:
                c.on_epoch_end(epoch, logs)
            history.epoch.append(epoch)
            for k, v in logs.items():
                history.history.setdefault(k, []).append(v)
            if self.stop_training and not _IGNORE_STOP:
                break
        for c in callbacks:
            c.on_train_end()
        return history

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, callbacks=None, **kwargs):
        return self.fit(generator, steps_per_epoch=steps_per_epoch, epochs=epochs, callbacks=callbacks, **kwargs)


class Sequential(Model):
    pass
