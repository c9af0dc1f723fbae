"""A stand-in for Keras 2 (`tf_keras`, what tf.keras is with TF_USE_LEGACY_KERAS=1), for the
Fitwatch hook's Keras 2 code path where TensorFlow 2.15 cannot be installed: the same fit
signature, callback order and optimizer attributes (`lr` and `learning_rate`) as Keras 2.x.
"""
__version__ = "2.15.0"

from . import callbacks  # noqa: E402
from .models import Model, Sequential  # noqa: E402,F401
