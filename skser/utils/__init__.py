"""Layer 0 of skser: what every other module shares, importing no other skser module.

- :func:`label_column`: the one way a step reads a column of the label frame ``y``.
- :func:`draw_seed` and :func:`forked_random_state`: seeding from ``random_state``
  in forks of torch's (CPU and CUDA) and, optionally, numpy's global generators.
- :func:`resolve_device`: a torch device from a ``device=`` setting.
- :data:`TRAINING_CONSTRAINTS`: the parameter constraints of the training settings
  that every torch-trained estimator shares.
- the tidy results schema (:data:`RESULT_COLUMNS`, :data:`ROLES`, metric names and
  their words, :func:`balanced_accuracy`, :func:`check_results`) that every
  evaluation writes and every table and figure reads.
- :func:`transform_before` and :func:`kept_rows`: a fitted pipeline's steps before
  a given one, and the training rows its samplers kept.
- :func:`all_estimators`: every public estimator, for the estimator checks.
- :func:`moved`: the module ``__getattr__`` of an old import path that warns.
- :func:`fill_docstring`: docstring sections shared by several estimators, written
  once.

Nothing here imports torch, scikit-learn's heavy parts or another skser module at
import time (:func:`all_estimators` imports the others when it is called).
"""

from skser.utils._deprecation import MOVED_MODULES, REMOVAL_VERSION, moved
from skser.utils._device import resolve_device
from skser.utils._discovery import all_estimators, public_modules
from skser.utils._docstring import fill_docstring
from skser.utils._labels import check_one_kind, label_column
from skser.utils._pipeline import kept_rows, transform_before
from skser.utils._random import draw_seed, forked_random_state, seeded_clone
from skser.utils._results import (
    METRIC_NAMES,
    PREDICTION_COLUMNS,
    REFERENCE_MODELS,
    RESULT_COLUMNS,
    ROLES,
    balanced_accuracy,
    balanced_accuracy_metric,
    check_results,
    metric_name,
    results_frame,
)
from skser.utils._validation import TRAINING_CONSTRAINTS

__all__ = [
    "METRIC_NAMES",
    "MOVED_MODULES",
    "PREDICTION_COLUMNS",
    "REFERENCE_MODELS",
    "REMOVAL_VERSION",
    "RESULT_COLUMNS",
    "ROLES",
    "TRAINING_CONSTRAINTS",
    "all_estimators",
    "balanced_accuracy",
    "balanced_accuracy_metric",
    "check_results",
    "metric_name",
    "results_frame",
    "check_one_kind",
    "draw_seed",
    "fill_docstring",
    "forked_random_state",
    "kept_rows",
    "label_column",
    "moved",
    "public_modules",
    "resolve_device",
    "seeded_clone",
    "transform_before",
]
