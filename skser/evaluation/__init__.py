"""The cross-corpus protocol of Das et al. and its tables and experiments.

:func:`cross_corpus_validate` runs the protocol into a tidy frame; :func:`summarize`
and :func:`render_table` make the papers' tables; :func:`run_protocol` and
:func:`run_demo` are the experiments of ``skser evaluate`` and ``skser demo``
(which models, which files), callable from Python with the same defaults;
:func:`run_augmentation` and :func:`run_label_fractions` are Latif's feature-level
evaluations of ``skser augment`` and ``skser label-fractions``; each experiment
writes its files and :func:`write_report`'s ``report.html``.
"""

from skser.evaluation._end_to_end import (
    END_TO_END_CONFIGS,
    END_TO_END_MODELS,
    evaluate_end_to_end,
    load_packed,
    pack_corpora,
)
from skser.evaluation._end_to_end_claims import end_to_end_claims, run_end_to_end
from skser.evaluation._experiment import (
    ATTRIBUTED_MODELS,
    corpus_features,
    experiment_models,
    run_demo,
    run_evaluate,
    run_extract,
    run_protocol,
)
from skser.evaluation._figures import FIGURE_MODEL, trained_models
from skser.evaluation._latif import (
    AUGMENTATION_MODELS,
    LABEL_FRACTION_MODELS,
    robustness_table,
    run_augmentation,
    run_label_fractions,
    run_robustness,
)
from skser.evaluation._protocol import (
    MODEL_NAMES,
    PREDICTION_COLUMNS,
    REFERENCE_MODELS,
    RESULT_COLUMNS,
    TRAIN_CLASSES,
    cross_corpus_validate,
    latent_codes,
    paper_models,
)
from skser.evaluation._report import write_report
from skser.evaluation._tables import (
    CORPUS_NAMES,
    corpus_name,
    metric_name,
    render_table,
    summarize,
    table_caption,
)
from skser.preprocessing import adapt

__all__ = [
    "ATTRIBUTED_MODELS",
    "AUGMENTATION_MODELS",
    "LABEL_FRACTION_MODELS",
    "CORPUS_NAMES",
    "END_TO_END_CONFIGS",
    "END_TO_END_MODELS",
    "FIGURE_MODEL",
    "MODEL_NAMES",
    "PREDICTION_COLUMNS",
    "REFERENCE_MODELS",
    "RESULT_COLUMNS",
    "TRAIN_CLASSES",
    "adapt",
    "corpus_features",
    "corpus_name",
    "cross_corpus_validate",
    "end_to_end_claims",
    "evaluate_end_to_end",
    "experiment_models",
    "latent_codes",
    "load_packed",
    "metric_name",
    "pack_corpora",
    "paper_models",
    "render_table",
    "robustness_table",
    "run_augmentation",
    "run_demo",
    "run_evaluate",
    "run_end_to_end",
    "run_extract",
    "run_label_fractions",
    "run_protocol",
    "run_robustness",
    "summarize",
    "table_caption",
    "trained_models",
    "write_report",
]
