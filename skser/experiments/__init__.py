"""The experiments: run an evaluation and write its files, tables and figures.

Layer 7 of skser, above :mod:`skser.evaluation` (which returns frames) and
:mod:`skser.plotting`; the command line (:mod:`skser.cli`) only parses and calls
these. :func:`run_demo` and :func:`run_evaluate` (``skser demo``, ``skser
evaluate``) run the cross-corpus protocol through :func:`run_protocol`;
:func:`run_extract` writes a corpus's features (``skser extract``);
:func:`run_augmentation`, :func:`run_label_fractions`, :func:`run_robustness` and
:func:`run_end_to_end`
are Latif's evaluations (``skser augment``, ``skser label-fractions``, ``skser
robustness``); each writes :func:`write_report`'s ``report.html``.
:func:`train_model`, :func:`train_and_save` and :func:`predict_files` train one
of the papers' pipelines on audio files and predict with it (``skser train``,
``skser predict``).
"""

from skser.experiments._corpus_features import corpus_features, run_extract
from skser.experiments._end_to_end import run_end_to_end
from skser.experiments._figures import FIGURE_MODEL, trained_models
from skser.experiments._latif import (
    run_augmentation,
    run_label_fractions,
    run_robustness,
)
from skser.experiments._protocol_runs import (
    ATTRIBUTED_MODELS,
    experiment_models,
    run_demo,
    run_evaluate,
    run_protocol,
)
from skser.experiments._report import write_report
from skser.experiments._train_predict import (
    CLASSIFIERS,
    FEATURE_SET,
    predict_files,
    train_and_save,
    train_model,
)

__all__ = [
    "ATTRIBUTED_MODELS",
    "CLASSIFIERS",
    "FEATURE_SET",
    "FIGURE_MODEL",
    "corpus_features",
    "experiment_models",
    "predict_files",
    "run_augmentation",
    "run_demo",
    "run_evaluate",
    "run_extract",
    "run_label_fractions",
    "run_protocol",
    "run_end_to_end",
    "run_robustness",
    "train_and_save",
    "train_model",
    "trained_models",
    "write_report",
]
