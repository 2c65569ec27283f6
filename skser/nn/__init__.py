"""The neural-network layer: the one skorch training kit of every torch estimator.

See :mod:`skser.nn._training` for what each piece does and why.
"""

from skser.nn._training import (
    AdversarialNet,
    TermsNet,
    TrainedNetMixin,
    TrainingNet,
    TrainingNetMixin,
    batch_iterator,
    check_finite_terms,
    float64_module,
    fused_adam,
    inference_module,
    net_settings,
    predict_in_chunks,
    seeded_fit,
    validation_settings,
)

__all__ = [
    "AdversarialNet",
    "TermsNet",
    "TrainedNetMixin",
    "TrainingNet",
    "TrainingNetMixin",
    "batch_iterator",
    "check_finite_terms",
    "float64_module",
    "fused_adam",
    "inference_module",
    "net_settings",
    "predict_in_chunks",
    "seeded_fit",
    "validation_settings",
]
