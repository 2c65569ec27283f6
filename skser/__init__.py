"""skser: transferable speech emotion recognition, scikit-learn style.

Small, interpretable emotion embeddings learned from eGeMAPS features that transfer
across languages, following Das et al. (NLDL 2022).
"""

from skser.augmentation import MixupGANAugmenter, evaluate_augmentation
from skser.compose import (
    ColumnStratifiedKFold,
    Pipeline,
    TargetColumn,
    column_scorer,
    make_pipeline,
)
from skser.features import EGEMAPS_GROUPS, EGeMAPSExtractor, ExtractionError
from skser.latent import (
    DAE,
    VAE,
    ClusterDAE,
    ClusterVAE,
    MetricDAE,
    MultiTaskAAE,
    evaluate_label_fractions,
)
from skser.preprocessing import OutlierFilter

__version__ = "0.1.0.dev0"

__all__ = [
    "DAE",
    "VAE",
    "ClusterDAE",
    "ClusterVAE",
    "ColumnStratifiedKFold",
    "MetricDAE",
    "MixupGANAugmenter",
    "MultiTaskAAE",
    "EGEMAPS_GROUPS",
    "EGeMAPSExtractor",
    "ExtractionError",
    "OutlierFilter",
    "Pipeline",
    "TargetColumn",
    "__version__",
    "column_scorer",
    "evaluate_augmentation",
    "evaluate_label_fractions",
    "make_pipeline",
]
