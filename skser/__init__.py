"""skser: transferable speech emotion recognition, scikit-learn style.

Small, interpretable emotion embeddings learned from eGeMAPS features that transfer
across languages, following Das et al. (NLDL 2022).
"""

from skser.autoencoders import DAE, VAE, ClusterDAE, ClusterVAE, MetricDAE
from skser.compose import (
    ColumnStratifiedGroupKFold,
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
    "ColumnStratifiedGroupKFold",
    "ColumnStratifiedKFold",
    "MetricDAE",
    "EGEMAPS_GROUPS",
    "EGeMAPSExtractor",
    "ExtractionError",
    "OutlierFilter",
    "Pipeline",
    "TargetColumn",
    "__version__",
    "column_scorer",
    "make_pipeline",
]
