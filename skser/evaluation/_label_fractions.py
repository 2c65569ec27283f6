"""Latif et al.'s label-fraction study, through the one evaluation loop.

Per seed, fold of the source corpus and share of emotion labels, the multi-task
AAE, the single-task AAE and a supervised MLP are each one task: fitted on the
fold's training rows (the supervised MLP on those that kept their label) and
scored on the held-out source rows and each transfer corpus into the tidy results
of :mod:`skser.utils`.
"""

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skser.evaluation._augmentation import (
    STUDY_PARAMETERS,
    check_labelled,
    scored_transfer,
    seeded,
    source_folds,
)
from skser.evaluation._corpora import check_finite, study_transfer
from skser.evaluation._loop import run_tasks, seed_list
from skser.latent import MultiTaskAAE
from skser.utils import (
    balanced_accuracy,
    balanced_accuracy_metric,
    fill_docstring,
    label_column,
)

#: Readable names of :func:`evaluate_label_fractions`'s systems.
LABEL_FRACTION_MODELS = {
    "multi-task": "multi-task AAE",
    "single-task": "single-task AAE",
    "supervised": "supervised MLP",
}


def mask_labels(labels, fraction, rng):
    """Keep ``fraction`` of each class's labels (at least one), the rest None.

    Parameters
    ----------
    labels : ndarray of shape (n_samples,)
        Class labels.
    fraction : float
        Share of each class's rows that keep their label, in (0, 1]; a class
        keeps ``max(1, round(fraction * n))`` of its ``n`` rows.
    rng : numpy.random.Generator
        Draws which rows keep their label (one permutation per class, in order
        of first appearance).

    Returns
    -------
    masked : ndarray of object, shape (n_samples,)
        The kept labels, None elsewhere.
    """
    kept = pd.Series(labels, dtype=object).copy()
    for label in pd.unique(labels):
        rows = np.flatnonzero(labels == label)
        n_kept = max(1, int(round(fraction * len(rows))))
        kept.iloc[rng.permutation(rows)[n_kept:]] = None
    return kept.to_numpy()


def _check_fractions(fractions):
    fractions = tuple(fractions)
    bad = [f for f in fractions if not isinstance(f, Real) or not 0 < f <= 1]
    if not fractions or bad:
        raise ValueError(
            f"fractions must be shares of the labels in (0, 1], got "
            f"{', '.join(map(repr, bad)) or 'none'}"
        )
    return fractions


@dataclass
class _Task:
    seed: int
    fold: int
    fraction: float
    system: str  # a key of LABEL_FRACTION_MODELS
    train: np.ndarray
    test: np.ndarray
    masked: np.ndarray  # the training rows' emotion labels, None where hidden


def _evaluate(task, X, y, data, run):
    """Fit and score one (seed, fold, fraction, system) task; its tidy rows."""
    labels, emotion, (corpora, adapt_fraction), source = data
    scaler = make_pipeline(StandardScaler()).fit(X[task.train])
    X_train = scaler.transform(X[task.train])
    model = clone(run[task.system])
    if task.system == "supervised":
        known = pd.notna(task.masked)
        model.fit(X_train[known], task.masked[known].astype(str))
    else:
        y_train = y.iloc[task.train].reset_index(drop=True)
        model.fit(X_train, y_train.assign(**{emotion: task.masked}))
    classes = np.unique(labels[task.train].astype(str))
    scored = {
        "source": (scaler.transform(X[task.test]), labels[task.test]),
        **scored_transfer(scaler, corpora, adapt_fraction, task.seed),
    }
    rows = []
    for corpus, (X_scored, y_scored) in scored.items():
        inside = np.isin(y_scored.astype(str), classes)
        predicted = model.predict(X_scored[inside])
        rows.append({
            "seed": task.seed, "fold": task.fold,
            "model": f"{LABEL_FRACTION_MODELS[task.system]}, {task.fraction:.0%} "
                     "labels",
            "corpus": source if corpus == "source" else corpus,
            "role": "source" if corpus == "source" else "target",
            "metric": balanced_accuracy_metric(len(classes)),
            "value": balanced_accuracy(y_scored[inside].astype(str),
                                       predicted.astype(str)),
            "fraction": task.fraction, "system": LABEL_FRACTION_MODELS[task.system],
        })  # fmt: skip
    return rows, []


def _runs(seeds, model, emotion, auxiliary, auxiliary_weight, reseed):
    """Each seed's three systems, unfitted."""
    runs = {}
    for seed in seeds:
        aae = seeded(MultiTaskAAE(random_state=seed) if model is None else model,
                     seed, reseed)  # fmt: skip
        runs[seed] = {
            "multi-task": seeded(aae, seed, False).set_params(
                targets={emotion: 1.0, **dict.fromkeys(auxiliary, auxiliary_weight)}
            ),
            "single-task": seeded(aae, seed, False).set_params(targets={emotion: 1.0}),
            "supervised": MLPClassifier(
                tuple(aae.hidden_layer_sizes), max_iter=500, random_state=seed
            ),
        }
    return runs


@fill_docstring(**STUDY_PARAMETERS)
def evaluate_label_fractions(X, y, *, cv, groups=None, transfer=None,
                             adapt_fraction=0.2, fractions=(0.1, 0.3, 1.0),
                             emotion="emotion",
                             auxiliary=("speaker", "gender"), auxiliary_weight=0.5,
                             model=None, random_state=0, progress=False,
                             source="source", n_jobs=None):  # fmt: skip
    """Multi-task vs single-task AAE vs a supervised network at few labels.

    Latif et al. (2022, Fig. 1) compare, as the share of emotion labels grows,
    the multi-task semi-supervised AAE (emotion + speaker + gender heads), the
    same model with the emotion head only, and a plain supervised network
    trained on the labelled rows only. In each fold a stratified ``fraction`` of
    the training rows keeps its emotion label (:func:`mask_labels`; the
    auxiliary labels are kept on every row); the AAEs train on every training
    row, the supervised network (``MLPClassifier`` of the AAE's encoder widths)
    on the labelled ones. Scores are UAR (balanced accuracy) on the held-out rows
    and on each transfer corpus (standardised as in
    :func:`cross_corpus_validate`, with a fixed ``adapt_fraction`` of its own
    rows, and scored on the others), on the rows of the training classes. Each
    (seed, fold, fraction, system) runs as one task of :func:`run_tasks`.

    Parameters
    ----------
    {source_features}
    y : DataFrame
        Label frame with the ``emotion`` and ``auxiliary`` columns.
    {source_folds}
    {transfer_corpora}
    fractions : sequence of float, default=(0.1, 0.3, 1.0)
        Shares of the training rows that keep their emotion label, in (0, 1].
    emotion : str, default="emotion"
        The emotion column.
    auxiliary : sequence of str, default=("speaker", "gender")
        The auxiliary heads' columns.
    auxiliary_weight : float, default=0.5
        Loss weight of each auxiliary head.
    model : MultiTaskAAE, default=None
        Settings of the AAE (its ``targets`` are replaced); ``None`` means
        ``MultiTaskAAE(random_state=seed)``.
    random_state : int or sequence of int, default=0
        Seed of each run's label masks and default models (distinct ints: one
        run per seed). With a sequence, each run also sets its seed as the
        ``random_state`` of a given ``model``; with one int it keeps its own.
    {study_run}

    Returns
    -------
    results : DataFrame
        Tidy results (:data:`~skser.utils.RESULT_COLUMNS`): metric
        ``balanced_accuracy_<n>class``, models ``"<system>, <fraction> labels"``
        (e.g. ``"multi-task AAE, 10% labels"``), role ``"source"`` or
        ``"target"``; plus columns ``fraction`` and ``system`` (the values of
        :data:`LABEL_FRACTION_MODELS`).

    Raises
    ------
    ValueError
        If a fraction is outside (0, 1], ``adapt_fraction`` outside [0, 1), ``y``
        lacks a column, a source row has no emotion label, ``X`` or a transfer
        corpus has a missing or infinite feature, ``random_state``
        repeats a seed, or a transfer corpus is not an ``(X, y)`` pair, holds
        none of the source's classes, is too small to standardise and score or
        has the ``source``'s name (the message names it).

    See Also
    --------
    skser.latent.MultiTaskAAE : The model.

    References
    ----------
    .. [1] S. Latif, R. Rana, S. Khalifa, R. Jurdak, J. Epps, B. W. Schuller,
       "Multi-Task Semi-Supervised Adversarial Autoencoding for Speech Emotion
       Recognition", IEEE Transactions on Affective Computing 13(2), 2022.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.model_selection import StratifiedKFold
    >>> from skser import MultiTaskAAE
    >>> from skser.evaluation import evaluate_label_fractions
    >>> rng = np.random.default_rng(0)
    >>> y = pd.DataFrame({"emotion": ["angry", "sad"] * 30,
    ...                   "speaker": list("abc") * 20, "gender": ["f", "m"] * 30})
    >>> X = rng.standard_normal((60, 4)) + (y["emotion"] == "sad").to_numpy()[:, None]
    >>> results = evaluate_label_fractions(
    ...     X, y, cv=StratifiedKFold(2), fractions=(0.5,),
    ...     model=MultiTaskAAE(max_epochs=2, random_state=0))
    >>> sorted(results["system"].unique())
    ['multi-task AAE', 'single-task AAE', 'supervised MLP']
    """
    X, fractions = np.asarray(X, dtype=np.float64), _check_fractions(fractions)
    y = y.reset_index(drop=True)
    for column in auxiliary:
        label_column(y, column)  # a missing column is named before any fit
    labels = label_column(y, emotion).to_numpy()
    check_labelled(labels, f"y[{emotion!r}]")
    check_finite(X, "the source's X")
    seeds = seed_list(random_state)
    reseed = not (random_state is None or isinstance(random_state, Integral))
    runs = _runs(seeds, model, emotion, auxiliary, auxiliary_weight, reseed)
    corpora = study_transfer(
        transfer, np.unique(labels.astype(str)), X.shape[1], adapt_fraction,
        lambda y_t: np.asarray(label_column(y_t, emotion)), source,
    )  # fmt: skip
    tasks = []
    for seed in seeds:
        rng = np.random.default_rng(seed)  # masks drawn fold by fold, in order
        folds = source_folds(cv, X, labels, groups, seed)
        for fold, (train, test) in enumerate(folds):
            for fraction in fractions:
                masked = mask_labels(labels[train], fraction, rng)
                tasks += [_Task(seed, fold, fraction, system, train, test, masked)
                          for system in LABEL_FRACTION_MODELS]  # fmt: skip
    data = (labels, emotion, (corpora, adapt_fraction), source)

    def evaluate(task):
        return _evaluate(task, X, y, data, runs[task.seed])

    results, _ = run_tasks(
        evaluate, tasks, n_jobs=n_jobs, progress=progress, desc="label fractions",
        extra_columns=("fraction", "system"),
    )  # fmt: skip
    return results
