"""Latif's feature-level evaluations on the bundled features, as tidy frames.

:func:`augmentation_results` (Latif et al., Interspeech 2020, Tables 3 and 4) and
:func:`label_fraction_results` (Latif et al., IEEE TAFFC 2022, Fig. 1) run the
evaluations of :func:`evaluate_augmentation` and
:func:`evaluate_label_fractions` on bundled EmoDB
(the protocol's folds) and EmoDB -> URDU, once per seed, into the tidy results of
:mod:`skser.utils`, so :func:`summarize`, :func:`render_table` and
:func:`skser.plotting.plot_results` read them. :func:`robustness_table` tabulates
:func:`skser.evaluation.evaluate_robustness`'s results. The experiments that write
them to files are :mod:`skser.experiments`'.
"""

import warnings
from contextlib import contextmanager

import pandas as pd
from sklearn.exceptions import ConvergenceWarning

from skser.datasets import load_bundled
from skser.evaluation._augmentation import evaluate_augmentation
from skser.evaluation._label_fractions import evaluate_label_fractions
from skser.evaluation._loop import seed_list
from skser.evaluation._models import TRAIN_CLASSES
from skser.evaluation._tables import corpus_name
from skser.utils import check_results, fill_docstring, label_column

_SOURCE, _TARGET = "emodb", "urdu"


def bundled_corpora():
    """Return bundled EmoDB (the source) and URDU: their 4-class rows, by name.

    Returns
    -------
    corpora : dict of str to (DataFrame, DataFrame)
        ``{"emodb": (X, y), "urdu": (X, y)}``: the eGeMAPS features and labels
        of the neutral, sad, happy and angry rows, source first.
    """
    corpora = {}
    for name in (_SOURCE, _TARGET):
        X, y = load_bundled(name)
        kept = label_column(y, "emotion").isin(TRAIN_CLASSES).to_numpy()
        corpora[name] = (X[kept], y[kept].reset_index(drop=True))
    return corpora


@contextmanager
def _convergence_counted():
    """Say once how many MLP fits hit their iteration limit, not once per fit."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    stopped = 0
    for caught_warning in caught:
        if issubclass(caught_warning.category, ConvergenceWarning):
            stopped += 1
        else:
            warnings.warn_explicit(
                caught_warning.message, caught_warning.category,
                caught_warning.filename, caught_warning.lineno,
            )  # fmt: skip
    if stopped:
        warnings.warn(
            f"{stopped} MLP classifier fits stopped at their iteration limit before "
            "converging (scikit-learn's ConvergenceWarning); their scores are "
            "those of the last iteration",
            ConvergenceWarning,
            stacklevel=3,
        )


#: Parameter sections of the two studies on the bundled tables.
_BUNDLED_PARAMETERS = {
    "bundled_folds": """
        folds : int
            Speaker-independent (``groups``) or stratified folds of EmoDB.
        random_state : int or sequence of int
            Seeds: one run per seed (folds, adaptation split, models).
        groups : str or None
            Label column whose groups never straddle a fold (``"speaker"``); None:
            stratified folds.
        """,
    "bundled_run": """
        progress : bool, default=True
            Show a progress bar.
        adapt_fraction : float, default=0.2
            Share of URDU that standardises it; the rest is scored
            (:func:`evaluate_augmentation`).
        n_jobs : int, default=None
            Tasks run in parallel (joblib).
        """,
}


@fill_docstring(**_BUNDLED_PARAMETERS)
def augmentation_results(folds, random_state, groups, max_epochs, ablation,
                         progress=True, *, adapt_fraction=0.2,
                         n_jobs=None):  # fmt: skip
    """Classifiers on real, synthetic and real + synthetic EmoDB rows, tidy.

    Runs :func:`evaluate_augmentation` on the bundled EmoDB rows of neutral, sad,
    happy and angry (scoring held-out EmoDB, and URDU outside the
    ``adapt_fraction`` of its rows that standardises it) over the seeds, with the
    mixup GAN and (``ablation``) a plain cGAN. The MLP fits that stop at their
    iteration limit are counted in one ``ConvergenceWarning``, also those of
    tasks run in other processes (``n_jobs``).

    Parameters
    ----------
    {bundled_folds}
    max_epochs : int
        Training epochs of each GAN.
    ablation : bool
        Also train the plain conditional GAN (no mixup).
    {bundled_run}

    Returns
    -------
    results : DataFrame
        Tidy results (metric ``balanced_accuracy_4class``; model names of
        :data:`AUGMENTATION_MODELS`), plus columns ``gan`` and ``train``.
    """
    from skser.augmentation import MixupGANAugmenter

    seeds = seed_list(random_state)
    corpora = bundled_corpora()
    X, y = corpora[_SOURCE]
    X_target, y_target = corpora[_TARGET]
    with _convergence_counted():
        return evaluate_augmentation(
            X, label_column(y, "emotion").to_numpy(), cv=folds,
            groups=None if groups is None else label_column(y, groups).to_numpy(),
            transfer={
                _TARGET: (X_target, label_column(y_target, "emotion").to_numpy())
            },
            augmenter=MixupGANAugmenter(max_epochs=max_epochs),
            ablation=ablation, random_state=seeds, progress=progress,
            source=_SOURCE, adapt_fraction=adapt_fraction, n_jobs=n_jobs,
        )  # fmt: skip


@fill_docstring(**_BUNDLED_PARAMETERS)
def label_fraction_results(folds, random_state, groups, fractions, max_epochs,
                           progress=True, *, adapt_fraction=0.2,
                           n_jobs=None):  # fmt: skip
    """Multi-task vs single-task AAE vs supervised MLP at few labels, tidy.

    Runs :func:`evaluate_label_fractions` on the bundled EmoDB rows of neutral,
    sad, happy and angry (scoring held-out EmoDB, and URDU outside the
    ``adapt_fraction`` of its rows that standardises it) over the seeds. The MLP
    fits that stop at their iteration limit are counted in one
    ``ConvergenceWarning``, also those of tasks run in other processes
    (``n_jobs``).

    Parameters
    ----------
    {bundled_folds}
    fractions : sequence of float
        Shares of the training rows that keep their emotion label, in (0, 1].
    max_epochs : int
        Training epochs of each AAE.
    {bundled_run}

    Returns
    -------
    results : DataFrame
        Tidy results (metric ``balanced_accuracy_4class``), plus columns
        ``fraction`` and ``system``.
    """
    from skser.latent import MultiTaskAAE

    seeds = seed_list(random_state)
    corpora = bundled_corpora()
    X, y = corpora[_SOURCE]
    with _convergence_counted():
        return evaluate_label_fractions(
            X, y, cv=folds,
            groups=None if groups is None else label_column(y, groups).to_numpy(),
            transfer={_TARGET: corpora[_TARGET]}, fractions=fractions,
            model=MultiTaskAAE(max_epochs=max_epochs), random_state=seeds,
            progress=progress, source=_SOURCE, adapt_fraction=adapt_fraction,
            n_jobs=n_jobs,
        )  # fmt: skip


def _condition_name(condition, level, corpus):
    if condition == "cross-corpus":
        return f"{corpus_name(corpus)} (other corpus)"
    if pd.isna(level):
        return condition
    if condition == "fgsm":
        return f"FGSM ε = {level:g}"
    return f"{condition} noise {level:g} dB"


def robustness_table(results):
    """Tabulate :func:`skser.evaluation.evaluate_robustness`'s UAR per condition.

    Parameters
    ----------
    results : DataFrame
        Tidy results with ``condition`` and ``level`` columns and one
        ``balanced_accuracy_<class set>`` metric.

    Returns
    -------
    table : DataFrame
        Rows: models; columns: conditions in the order of ``results``; cells: the
        UAR with two decimals.
    """
    check_results(results)
    scores = results[results["metric"].str.startswith("balanced_accuracy_")]
    names = [
        _condition_name(row.condition, row.level, row.corpus)
        for row in scores.itertuples()
    ]
    frame = scores.assign(condition_name=names)
    table = frame.pivot_table(
        index="model", columns="condition_name", values="value", sort=False
    )
    table = table.reindex(columns=list(dict.fromkeys(names)))
    table.index.name = "Model"
    table.columns.name = None
    return table.map(lambda value: "-" if pd.isna(value) else f"{value:.2f}")
