"""skser: transferable speech emotion recognition, scikit-learn style.

Small, interpretable emotion embeddings learned from eGeMAPS features that transfer
across languages, following Das et al. (NLDL 2022).
"""

import importlib

from skser.alignment import CORAL, SpeakerScaler
from skser.compose import (
    ColumnStratifiedGroupKFold,
    ColumnStratifiedKFold,
    Pipeline,
    TargetColumn,
    column_scorer,
    make_pipeline,
)
from skser.features import (
    EGEMAPS_GROUPS,
    EGeMAPSExtractor,
    ExtractionError,
    OpenSmileExtractor,
    PretrainedEmbedder,
)
from skser.preprocessing import OutlierFilter

__version__ = "0.1.0.dev0"

# Names whose modules import torch (seconds at start-up): loaded on first use, so
# that `import skser` stays fast (PEP 562).
_LAZY = {
    **dict.fromkeys(
        (
            "DAE",
            "VAE",
            "ClusterDAE",
            "ClusterVAE",
            "MetricClusterDAE",
            "MetricDAE",
            "MultiTaskAAE",
            "SeedEnsemble",
            "evaluate_label_fractions",
        ),
        "skser.latent",
    ),
    **dict.fromkeys(
        ("MixupGANAugmenter", "evaluate_augmentation"), "skser.augmentation"
    ),
    **dict.fromkeys(("load", "save"), "skser.persistence"),
    **dict.fromkeys(("LogMelSpectrogram", "WaveformLoader"), "skser.audio"),
    **dict.fromkeys(
        ("DenseLSTMHighwayClassifier", "RawCNNLSTMClassifier"), "skser.classifiers"
    ),
}


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'skser' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "CORAL",
    "DAE",
    "VAE",
    "ClusterDAE",
    "ClusterVAE",
    "ColumnStratifiedGroupKFold",
    "ColumnStratifiedKFold",
    "DenseLSTMHighwayClassifier",
    "MetricClusterDAE",
    "MetricDAE",
    "MixupGANAugmenter",
    "MultiTaskAAE",
    "EGEMAPS_GROUPS",
    "EGeMAPSExtractor",
    "ExtractionError",
    "LogMelSpectrogram",
    "OpenSmileExtractor",
    "OutlierFilter",
    "PretrainedEmbedder",
    "Pipeline",
    "RawCNNLSTMClassifier",
    "SeedEnsemble",
    "SpeakerScaler",
    "TargetColumn",
    "WaveformLoader",
    "__version__",
    "column_scorer",
    "evaluate_augmentation",
    "evaluate_label_fractions",
    "load",
    "make_pipeline",
    "save",
]
