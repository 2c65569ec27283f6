"""skser: transferable speech emotion recognition, scikit-learn style.

Small, interpretable emotion embeddings learned from eGeMAPS features that transfer
across languages, following Das et al. (NLDL 2022).
"""

from skser.audio import LogMelSpectrogram, WaveformLoader
from skser.autoencoders import DAE, VAE, ClusterDAE, ClusterVAE, MetricDAE
from skser.classifiers import DenseLSTMHighwayClassifier, RawCNNLSTMClassifier
from skser.compose import (
    ColumnStratifiedKFold,
    Pipeline,
    TargetColumn,
    column_scorer,
    make_pipeline,
)
from skser.features import EGEMAPS_GROUPS, EGeMAPSExtractor, ExtractionError
from skser.preprocessing import OutlierFilter

__version__ = "0.1.0.dev0"

__all__ = [
    "DAE",
    "VAE",
    "ClusterDAE",
    "ClusterVAE",
    "ColumnStratifiedKFold",
    "DenseLSTMHighwayClassifier",
    "MetricDAE",
    "EGEMAPS_GROUPS",
    "EGeMAPSExtractor",
    "ExtractionError",
    "LogMelSpectrogram",
    "OutlierFilter",
    "Pipeline",
    "RawCNNLSTMClassifier",
    "TargetColumn",
    "WaveformLoader",
    "__version__",
    "column_scorer",
    "make_pipeline",
]
