"""What a fitted model relies on: attributions of its outputs to the input features.

:func:`feature_attributions` attributes each latent dimension of a fitted model, or
each class score of the linear classifier at the end of a fitted pipeline, to every
input feature (captum); :func:`group_attributions` aggregates them by eGeMAPS
feature group and emotion class, and :func:`compare_classes` tests, per group,
whether two classes lean on it differently (the zero-shot analysis of Das et al.).
"""

from skser.inspection._attribution import (
    compare_classes,
    feature_attributions,
    group_attributions,
)

__all__ = ["compare_classes", "feature_attributions", "group_attributions"]
