"""skser: transferable speech emotion recognition, scikit-learn style.

Small, interpretable emotion embeddings learned from eGeMAPS features that transfer
across languages, following Das et al. (NLDL 2022).
"""

import importlib

__version__ = "0.1.0.dev0"

# Every public name loads its module on first use (PEP 562): torch, scikit-learn,
# imbalanced-learn and openSMILE take seconds to import, and `import skser` (the
# command line, a worker process) should not pay for what it does not use.
_LAZY = {
    **dict.fromkeys(
        ("ColumnStratifiedGroupKFold", "ColumnStratifiedKFold", "column_scorer"),
        "skser.model_selection",
    ),
    **dict.fromkeys(("Pipeline", "TargetColumn", "make_pipeline"), "skser.compose"),
    **dict.fromkeys(
        (
            "EGEMAPS_GROUPS",
            "EGeMAPSExtractor",
            "ExtractionError",
            "LogMelSpectrogram",
            "OpenSmileExtractor",
            "PretrainedEmbedder",
            "WaveformLoader",
        ),
        "skser.features",
    ),
    **dict.fromkeys(
        (
            "AdaptiveScaler",
            "BalancedSelfTraining",
            "CORAL",
            "LabelShiftAdapter",
            "OutlierFilter",
            "ShiftRobustSelector",
            "SpeakerScaler",
        ),
        "skser.preprocessing",
    ),
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
        ),
        "skser.latent",
    ),
    "MixupGANAugmenter": "skser.augmentation",
    **dict.fromkeys(
        ("evaluate_augmentation", "evaluate_label_fractions"), "skser.evaluation"
    ),
    **dict.fromkeys(("load", "save"), "skser.persistence"),
    **dict.fromkeys(
        ("DenseLSTMHighwayClassifier", "RawCNNLSTMClassifier"), "skser.neural_network"
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
    "AdaptiveScaler",
    "BalancedSelfTraining",
    "LabelShiftAdapter",
    "ShiftRobustSelector",
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
