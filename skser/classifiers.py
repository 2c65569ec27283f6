"""Deprecated: the end-to-end classifiers live in :mod:`skser.neural_network`."""

import warnings

from skser.neural_network import (  # noqa: F401
    DenseLSTMHighway,
    DenseLSTMHighwayClassifier,
    Highway,
    RawCNNLSTM,
    RawCNNLSTMClassifier,
    highway,
    mixup,
)
from skser.neural_network._base import _AudioClassifier  # noqa: F401
from skser.neural_network._training import _MixupNet  # noqa: F401

__all__ = [
    "DenseLSTMHighway",
    "DenseLSTMHighwayClassifier",
    "Highway",
    "RawCNNLSTM",
    "RawCNNLSTMClassifier",
    "highway",
    "mixup",
]

warnings.warn(
    "skser.classifiers is deprecated and will be removed in 0.6; import from "
    "skser.neural_network",
    FutureWarning,
    stacklevel=2,
)
