"""Steps between the features and the latent code (layer 3 of the house).

- outlying training rows: :class:`OutlierFilter` (a sampler), with
  :func:`zscore_inliers` and :func:`max_abs_zscore`;
- a fitted pipeline standardised for a new corpus: :func:`adapt`, with
  :func:`match_columns`;
- alignment of corpora without emotion labels: :class:`SpeakerScaler`,
  :class:`CORAL` (formerly ``skser.alignment``);
- adaptation to a new corpus with its unlabelled rows: :class:`AdaptiveScaler`,
  :class:`ShiftRobustSelector`, :class:`BalancedSelfTraining`,
  :class:`LabelShiftAdapter` and :func:`adapt_classifier` (formerly
  ``skser.adaptation``);

and the maths they use, as pure functions.
"""

from skser.preprocessing._adapt import adapt, match_columns
from skser.preprocessing._coral import CORAL, coral_matrix, matrix_power
from skser.preprocessing._label_shift import (
    LabelShiftAdapter,
    adapt_classifier,
    adjust_posteriors,
    bbse_class_priors,
    em_class_priors,
)
from skser.preprocessing._outliers import OutlierFilter, max_abs_zscore, zscore_inliers
from skser.preprocessing._self_training import (
    BalancedSelfTraining,
    balanced_pseudo_labels,
)
from skser.preprocessing._shift import (
    AdaptiveScaler,
    ShiftRobustSelector,
    distribution_shift,
)
from skser.preprocessing._speaker import SpeakerScaler, speaker_ids, speaker_zscores

__all__ = [
    "CORAL",
    "AdaptiveScaler",
    "BalancedSelfTraining",
    "LabelShiftAdapter",
    "OutlierFilter",
    "ShiftRobustSelector",
    "SpeakerScaler",
    "adapt",
    "adapt_classifier",
    "adjust_posteriors",
    "balanced_pseudo_labels",
    "bbse_class_priors",
    "coral_matrix",
    "distribution_shift",
    "em_class_priors",
    "match_columns",
    "matrix_power",
    "max_abs_zscore",
    "speaker_ids",
    "speaker_zscores",
    "zscore_inliers",
]
