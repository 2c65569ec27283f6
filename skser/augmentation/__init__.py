"""Augmentation: a mixup GAN for feature rows, and noise for waveforms.

:class:`MixupGANAugmenter` is an imbalanced-learn sampler: in a pipeline it adds
generated rows to the training data during ``fit`` and does nothing at predict
time. :func:`add_noise`, :func:`white_noise`, :func:`babble_noise` and
:func:`noisy_copy` make noisy copies of audio (pure functions of waveform
arrays; the first three formerly in ``skser.robustness``). The GAN's
evaluation, ``evaluate_augmentation``, is in :mod:`skser.evaluation` (the old
path here warns until version 0.6).
"""

from skser.augmentation._gan import MixupGANAugmenter
from skser.augmentation._noise import add_noise, babble_noise, noisy_copy, white_noise
from skser.utils import moved

__all__ = [
    "MixupGANAugmenter",
    "add_noise",
    "babble_noise",
    "noisy_copy",
    "white_noise",
]

# By name, at the call: augmentation never imports the layer above it.
__getattr__ = moved(
    __name__, "skser.evaluation", {"evaluate_augmentation": "skser.evaluation"},
    rest=False,
)[0]  # fmt: skip
