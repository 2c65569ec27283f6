"""Latif et al.'s GAN augmentation study, through the one evaluation loop.

Per seed and fold of the source corpus, one task trains the classifier on the
real rows, and one task per GAN (the mixup GAN, and the plain conditional GAN of
the ablation) trains it on synthetic and on real + synthetic rows. Every task
scores the held-out source rows and each transfer corpus into the tidy results
of :mod:`skser.utils`.
"""

from dataclasses import dataclass
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skser.augmentation import MixupGANAugmenter
from skser.evaluation._corpora import check_finite, study_transfer
from skser.evaluation._loop import fold_splitter, run_tasks, seed_list
from skser.utils import balanced_accuracy, balanced_accuracy_metric, fill_docstring

#: Readable names of :func:`evaluate_augmentation`'s models, by (GAN, training
#: rows); the classifier on real rows trains without a GAN (its ``gan`` is
#: ``"none"``) and is named under ``("mixup", "real")``.
AUGMENTATION_MODELS = {
    ("mixup", "real"): "real rows",
    ("mixup", "synthetic"): "synthetic rows (mixup GAN)",
    ("mixup", "real+synthetic"): "real + synthetic rows (mixup GAN)",
    ("plain", "synthetic"): "synthetic rows (plain cGAN)",
    ("plain", "real+synthetic"): "real + synthetic rows (plain cGAN)",
}


#: Parameter sections the two feature-level studies share (:func:`fill_docstring`).
STUDY_PARAMETERS = {
    "source_features": """
        X : array-like of shape (n_samples, n_features)
            Features of the source corpus (not standardised: each fold scales).
        """,
    "source_folds": """
        cv : int or cross-validation splitter
            The source's folds, e.g. ``StratifiedGroupKFold(5)`` with ``groups`` =
            speakers for speaker-independent folds; an int ``k`` means ``k``
            stratified folds shuffled by each seed (:func:`fold_splitter`; grouped
            by ``groups`` when given).
        groups : array-like of shape (n_samples,), default=None
            Group of each row (e.g. its speaker), passed to ``cv.split``.
        """,
    "transfer_corpora": """
        transfer : dict of str to (X, y), default=None
            Test-only corpora by name, scored with each fold's models on their
            rows of the source's classes; ``y`` holds each row's class label
            (for :func:`evaluate_label_fractions`, or a label frame with its
            ``emotion`` column).
        adapt_fraction : float, default=0.2
            Share of each transfer corpus, drawn once per seed, whose statistics
            (its labels unused) standardise it, as in
            :func:`cross_corpus_validate`: only the other rows are scored. Rows
            with any ``|z|`` above 10 (z within the corpus) are neither used nor
            scored, and the rows of a recording held twice stay on one side. 0
            keeps each fold's source statistics and scores every row. In [0, 1).
        """,
    "study_run": """
        progress : bool, default=False
            Show a progress bar (tqdm) over the tasks.
        source : str, default="source"
            The source corpus's name in the ``corpus`` column.
        n_jobs : int, default=None
            Tasks run in parallel (joblib); their warnings reach the caller.
        """,
}


def seeded(estimator, seed, reseed):
    """Clone ``estimator``; with ``reseed``, its ``random_state`` becomes ``seed``."""
    estimator = clone(estimator)
    if reseed and "random_state" in estimator.get_params():
        estimator.set_params(random_state=seed)
    return estimator


def check_labelled(y, name="y"):
    """Raise ValueError, naming the rows, if a source label is missing."""
    missing = np.flatnonzero(pd.isna(pd.Series(np.asarray(y, dtype=object))))
    if len(missing):
        raise ValueError(
            f"{name} has {len(missing)} missing label(s) (first: row {missing[0]}); "
            "every source row needs its class: drop the unlabelled rows"
        )


def source_folds(cv, X, y, groups, seed):
    """Return one seed's (train, test) folds: ``cv``'s, or ``cv`` folds if an int."""
    if isinstance(cv, Integral):
        return list(fold_splitter(int(cv), seed, groups).split(X, y))
    return list(cv.split(X, y, groups))


def scored_transfer(scaler, corpora, adapt_fraction, seed):
    """Each transfer corpus's scored rows, standardised as the protocol does.

    ``scaler`` is the fold's fitted standardisation (a one-step pipeline);
    each corpus gets it or its adaptation rows' statistics
    (:meth:`_Corpus.adapted`). Returns ``{name: (X, labels)}`` of the scored
    rows.
    """
    scored = {}
    for name, corpus in corpora.items():
        model, _, rows = corpus.adapted(scaler, adapt_fraction, seed)
        scored[name] = (
            model.transform(corpus.X.iloc[rows]),
            corpus.y["emotion"].to_numpy()[rows],
        )
    return scored


@dataclass
class _Task:
    seed: int
    fold: int
    gan: str  # "none" (real rows), "mixup" or "plain"
    train: np.ndarray
    test: np.ndarray


def _synthetic_rows(gan, X_train, y_train, fold):
    """As many generated rows per class as the class has real training rows."""
    labels, counts = np.unique(y_train, return_counts=True)
    synthetic_X = np.concatenate([
        gan.sample(count, [label], random_state=fold)[0]
        for label, count in zip(labels, counts, strict=True)
    ])  # fmt: skip
    return synthetic_X, np.repeat(labels, counts)


def _evaluate(task, X, y, transfer, run, source):
    """Fit and score one (seed, fold, GAN) task; return its tidy rows."""
    gans, classifier = run
    corpora, adapt_fraction = transfer
    scaler = make_pipeline(StandardScaler()).fit(X[task.train])
    X_train, y_train = scaler.transform(X[task.train]), y[task.train]
    if task.gan == "none":
        models = {"real": clone(classifier).fit(X_train, y_train)}
    else:
        gan = clone(gans[task.gan]).fit(X_train, y_train)
        synthetic_X, synthetic_y = _synthetic_rows(gan, X_train, y_train, task.fold)
        models = {
            "synthetic": clone(classifier).fit(synthetic_X, synthetic_y),
            "real+synthetic": clone(classifier).fit(
                np.concatenate([X_train, synthetic_X]),
                np.concatenate([y_train, synthetic_y]),
            ),
        }
    classes = np.unique(y_train)
    scored = {
        "source": (scaler.transform(X[task.test]), y[task.test]),
        **scored_transfer(scaler, corpora, adapt_fraction, task.seed),
    }
    rows = []
    for train_name, model in models.items():
        name = AUGMENTATION_MODELS["mixup" if task.gan == "none" else task.gan,
                                   train_name]  # fmt: skip
        for corpus, (X_scored, y_scored) in scored.items():
            known = np.isin(y_scored, classes)
            rows.append({
                "seed": task.seed, "fold": task.fold, "model": name,
                "corpus": source if corpus == "source" else corpus,
                "role": "source" if corpus == "source" else "target",
                "metric": balanced_accuracy_metric(len(classes)),
                "value": balanced_accuracy(y_scored[known],
                                           model.predict(X_scored[known])),
                "gan": task.gan, "train": train_name,
            })  # fmt: skip
    return rows, []


@fill_docstring(**STUDY_PARAMETERS)
def evaluate_augmentation(X, y, *, cv, groups=None, transfer=None, adapt_fraction=0.2,
                          augmenter=None, classifier=None, ablation=True,
                          random_state=0, progress=False, source="source",
                          n_jobs=None):  # fmt: skip
    """Classifiers trained on real, synthetic and real + synthetic rows.

    Latif et al. (2020, Tables 3 and 4) train one classifier on the real training
    rows, one on as many synthetic rows per class as there are real ones, and one
    on both, and score each on held-out real rows (UAR, the unweighted average
    recall, i.e. balanced accuracy), within the corpus and on another corpus.
    Each fold fits the scaler and the GANs on its training rows only; a transfer
    corpus is standardised as in :func:`cross_corpus_validate` (with a fixed
    ``adapt_fraction`` of its own rows) and scored on its other rows of the
    source's classes. Each (seed, fold, GAN) runs as one task of
    :func:`run_tasks`.

    Parameters
    ----------
    {source_features}
    y : array-like of shape (n_samples,)
        Class labels of the source corpus.
    {source_folds}
    {transfer_corpora}
    augmenter : MixupGANAugmenter, default=None
        The GAN; ``None`` means ``MixupGANAugmenter(random_state=seed)``.
    classifier : estimator, default=None
        The classifier; ``None`` means ``MLPClassifier((64,), max_iter=300,
        random_state=seed)``.
    ablation : bool, default=True
        Also run the plain conditional GAN (``mixup_alpha=None``).
    random_state : int or sequence of int, default=0
        Seed of each run (distinct ints: one run per seed). With a sequence, each
        run also sets its seed as the ``random_state`` of a given ``augmenter``
        and ``classifier``; with one int they keep their own.
    {study_run}

    Returns
    -------
    results : DataFrame
        Tidy results (:data:`~skser.utils.RESULT_COLUMNS`): metric
        ``balanced_accuracy_<n>class`` (``n`` classes in ``y``), models named by
        :data:`AUGMENTATION_MODELS`, role ``"source"`` for held-out source rows
        and ``"target"`` for transfer corpora; plus columns ``gan`` (``"none"``,
        ``"mixup"``, ``"plain"``) and ``train`` (``"real"``, ``"synthetic"``,
        ``"real+synthetic"``).

    Raises
    ------
    ValueError
        If ``X`` and ``y`` differ in length, ``X`` or a transfer corpus has a
        missing or infinite feature, ``random_state`` repeats a seed,
        ``adapt_fraction`` is outside [0, 1), or a transfer corpus is not an
        ``(X, y)`` pair, holds none of the source's classes, is too small to
        standardise and score or has the ``source``'s name (the message names
        it).

    See Also
    --------
    skser.augmentation.MixupGANAugmenter : The augmenter.

    References
    ----------
    .. [1] S. Latif, M. Asim, R. Rana, S. Khalifa, R. Jurdak, B. W. Schuller,
       "Augmenting Generative Adversarial Networks for Speech Emotion
       Recognition", Interspeech 2020, Tables 3 and 4.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.model_selection import StratifiedKFold
    >>> from skser import MixupGANAugmenter
    >>> from skser.evaluation import evaluate_augmentation
    >>> rng = np.random.default_rng(0)
    >>> y = np.array(["angry", "sad"] * 30)
    >>> X = rng.standard_normal((60, 4)) + (y == "sad")[:, None] * 3
    >>> results = evaluate_augmentation(
    ...     X, y, cv=StratifiedKFold(2), ablation=False,
    ...     augmenter=MixupGANAugmenter(max_epochs=2, random_state=0))
    >>> results.groupby("train").size().to_dict()
    {'real': 2, 'real+synthetic': 2, 'synthetic': 2}
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    check_labelled(y)
    check_finite(X, "the source's X")
    seeds = seed_list(random_state)
    # One int keeps a given model's own seed (as before several seeds existed).
    reseed = not (random_state is None or isinstance(random_state, Integral))
    runs = {}
    for seed in seeds:
        gan = MixupGANAugmenter(random_state=seed) if augmenter is None else augmenter
        gans = {"mixup": seeded(gan, seed, reseed)}
        if ablation:
            gans["plain"] = clone(gans["mixup"]).set_params(mixup_alpha=None)
        default = MLPClassifier((64,), max_iter=300, early_stopping=False,
                                random_state=seed)  # fmt: skip
        chosen = default if classifier is None else classifier
        runs[seed] = (gans, seeded(chosen, seed, reseed))
    corpora = study_transfer(transfer, np.unique(y), X.shape[1], adapt_fraction,
                             source=source)  # fmt: skip
    tasks = [
        _Task(seed, fold, gan, train, test)
        for seed in seeds
        for fold, (train, test) in enumerate(source_folds(cv, X, y, groups, seed))
        for gan in ("none", *runs[seed][0])
    ]

    def evaluate(task):
        return _evaluate(task, X, y, (corpora, adapt_fraction), runs[task.seed],
                         source)  # fmt: skip

    results, _ = run_tasks(
        evaluate, tasks, n_jobs=n_jobs, progress=progress, desc="GAN augmentation",
        extra_columns=("gan", "train"),
    )  # fmt: skip
    return results
