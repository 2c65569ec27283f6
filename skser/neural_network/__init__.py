"""Latif et al.'s end-to-end emotion classifiers: torch modules and estimators.

:class:`RawCNNLSTMClassifier` learns from the raw waveform, and
:class:`DenseLSTMHighwayClassifier` from the log-Mel spectrogram; both are
trained by skorch with a held-out validation split and early stopping on its
unweighted average recall.
"""

from skser.neural_network._classifiers import (
    DenseLSTMHighwayClassifier,
    RawCNNLSTMClassifier,
)
from skser.neural_network._modules import (
    DenseLSTMHighway,
    Highway,
    RawCNNLSTM,
    highway,
    mixup,
    signal_frames,
)
from skser.neural_network._training import (
    held_out_split,
    precomputed,
    training_callbacks,
)

__all__ = [
    "DenseLSTMHighway",
    "DenseLSTMHighwayClassifier",
    "Highway",
    "RawCNNLSTM",
    "RawCNNLSTMClassifier",
    "held_out_split",
    "highway",
    "mixup",
    "precomputed",
    "signal_frames",
    "training_callbacks",
]
