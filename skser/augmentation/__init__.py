"""Data augmentation: Latif et al.'s mixup GAN and noise at a signal-to-noise ratio.

:class:`MixupGANAugmenter` is an imbalanced-learn sampler: in a pipeline it adds
generated rows to the training data during ``fit`` and does nothing at predict
time. :func:`evaluate_augmentation` runs the paper's comparison of classifiers
trained on real, synthetic and real + synthetic rows. :func:`add_noise`,
:func:`white_noise` and :func:`babble_noise` make noisy copies of audio (pure
functions of waveform arrays; formerly in ``skser.robustness``).
"""

from skser.augmentation._gan import MixupGANAugmenter, evaluate_augmentation
from skser.augmentation._noise import add_noise, babble_noise, white_noise

__all__ = [
    "MixupGANAugmenter",
    "add_noise",
    "babble_noise",
    "evaluate_augmentation",
    "white_noise",
]
