"""The evaluations of skser: one loop, one tidy results schema, the tables.

:func:`cross_corpus_validate` runs the cross-corpus protocol of Das et al. into
tidy results; :func:`evaluate_augmentation` and :func:`evaluate_label_fractions`
run Latif's feature-level evaluations on any corpora (and
:func:`augmentation_results`, :func:`label_fraction_results` on the bundled
ones) into the same schema (that of
:mod:`skser.utils`: ``seed, fold, model, corpus, role, metric, value``), as does
:func:`evaluate_robustness` (noise, FGSM and other corpora). :func:`summarize`,
:func:`render_table` and :func:`robustness_table` make the papers' tables from
any of them. Evaluation returns frames; the experiments that write files, tables,
figures and ``report.html`` (``run_demo``, ``run_evaluate``, ...) are in
:mod:`skser.experiments`.
"""

from skser.evaluation._augmentation import AUGMENTATION_MODELS, evaluate_augmentation
from skser.evaluation._corpora import corpus_label
from skser.evaluation._end_to_end import (
    END_TO_END_CONFIGS,
    END_TO_END_MODELS,
    END_TO_END_TABLE1,
    END_TO_END_TABLE2,
    THESIS_UAR,
    evaluate_end_to_end,
    fold_kind,
    load_packed,
    pack_corpora,
)
from skser.evaluation._end_to_end_claims import clean_rows, end_to_end_claims
from skser.evaluation._label_fractions import (
    LABEL_FRACTION_MODELS,
    evaluate_label_fractions,
)
from skser.evaluation._latif import (
    augmentation_results,
    bundled_corpora,
    label_fraction_results,
    robustness_table,
)
from skser.evaluation._loop import fold_splitter, run_tasks, seed_list
from skser.evaluation._models import (
    MODEL_NAMES,
    TRAIN_CLASSES,
    paper_models,
)
from skser.evaluation._protocol import (
    PREDICTION_COLUMNS,
    RESULT_COLUMNS,
    cross_corpus_validate,
    latent_codes,
)
from skser.evaluation._robustness import evaluate_robustness, robustness_experiment
from skser.evaluation._tables import (
    CORPUS_NAMES,
    corpus_name,
    metric_name,
    render_table,
    summarize,
    table_caption,
)
from skser.preprocessing import adapt
from skser.utils import REFERENCE_MODELS, moved

__all__ = [
    "AUGMENTATION_MODELS",
    "LABEL_FRACTION_MODELS",
    "CORPUS_NAMES",
    "END_TO_END_CONFIGS",
    "END_TO_END_MODELS",
    "END_TO_END_TABLE1",
    "END_TO_END_TABLE2",
    "THESIS_UAR",
    "MODEL_NAMES",
    "PREDICTION_COLUMNS",
    "REFERENCE_MODELS",
    "RESULT_COLUMNS",
    "TRAIN_CLASSES",
    "adapt",
    "augmentation_results",
    "bundled_corpora",
    "corpus_label",
    "corpus_name",
    "cross_corpus_validate",
    "fold_splitter",
    "label_fraction_results",
    "clean_rows",
    "end_to_end_claims",
    "evaluate_robustness",
    "fold_kind",
    "evaluate_augmentation",
    "evaluate_end_to_end",
    "evaluate_label_fractions",
    "latent_codes",
    "load_packed",
    "metric_name",
    "pack_corpora",
    "paper_models",
    "render_table",
    "robustness_experiment",
    "robustness_table",
    "run_tasks",
    "seed_list",
    "summarize",
    "table_caption",
]

#: Names that moved to :mod:`skser.experiments` (the layer above): their old
#: path here warns until version 0.6.
_MOVED = (
    "ATTRIBUTED_MODELS",
    "FIGURE_MODEL",
    "corpus_features",
    "experiment_models",
    "run_augmentation",
    "run_demo",
    "run_evaluate",
    "run_extract",
    "run_label_fractions",
    "run_protocol",
    "run_robustness",
    "trained_models",
    "write_report",
)


# By name, at the call: evaluation never imports the layer above it.
__getattr__ = moved(
    __name__, "skser.experiments", dict.fromkeys(_MOVED, "skser.experiments"),
    rest=False,
)[0]  # fmt: skip
