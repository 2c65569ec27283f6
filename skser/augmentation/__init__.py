"""Data augmentation: synthetic training rows from Latif et al.'s mixup GAN.

:class:`MixupGANAugmenter` is an imbalanced-learn sampler: in a pipeline it adds
generated rows to the training data during ``fit`` and does nothing at predict
time. :func:`evaluate_augmentation` runs the paper's comparison of classifiers
trained on real, synthetic and real + synthetic rows.
"""

from skser.augmentation._gan import MixupGANAugmenter, evaluate_augmentation

__all__ = ["MixupGANAugmenter", "evaluate_augmentation"]
