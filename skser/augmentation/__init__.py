"""Data augmentation: synthetic training rows from Latif et al.'s mixup GAN.

:class:`MixupGANAugmenter` is an imbalanced-learn sampler: in a pipeline it adds
generated rows to the training data during ``fit`` and does nothing at predict
time. Its evaluation, ``evaluate_augmentation``, is in :mod:`skser.evaluation`
(the old path here warns until version 0.6).
"""

from skser.augmentation._gan import MixupGANAugmenter
from skser.utils import moved

__all__ = ["MixupGANAugmenter"]

# By name, at the call: augmentation never imports the layer above it.
__getattr__ = moved(
    __name__, "skser.evaluation", {"evaluate_augmentation": "skser.evaluation"},
    rest=False,
)[0]  # fmt: skip
