"""The cross-corpus protocol of Das et al.: train on one language, test on others.

Per seed and fold of the source corpus, every model is fitted on the training part
(the papers' four classes) and scored on the held-out part and on every transfer
corpus. Transfer corpora are test-only and the same in every fold: each is
standardised with the statistics of a fixed fraction of its own rows (their labels
unused) and scored on the rest. Rows with any |z| > 10 (z from their own corpus)
are removed before training and before scoring, and counted.
"""

import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import joblib
import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import balanced_accuracy_score
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from tqdm.auto import tqdm

from skser.compose import TargetColumn, make_pipeline
from skser.datasets import CLASS_SETS
from skser.evaluation._checks import (
    check_source,
    count_duplicates,
    duplicate_ids,
    in_classes,
    make_folds,
    plan_references,
    split_adaptation,
)
from skser.latent import DAE, VAE, ClusterDAE, ClusterVAE, MetricDAE
from skser.metrics import (
    adjusted_r2,
    bhattacharyya_distance,
    pairwise_adjusted_r2,
    readout_concordance,
    spearman,
)
from skser.preprocessing import (
    OutlierFilter,
    adapt,
    adapt_classifier,
    match_columns,
    zscore_inliers,
)
from skser.utils import kept_rows as _kept_rows
from skser.utils import label_column
from skser.utils import seeded_clone as _seeded

#: Names of the papers' latent models in the results, by a short key.
MODEL_NAMES = {
    "dae": "DAE",
    "metric_activation": "MetricDAE (activation)",
    "metric_valence": "MetricDAE (valence)",
    "cluster_dae": "ClusterDAE",
    "vae": "VAE",
    "cluster_vae": "ClusterVAE",
}

#: Names of the references in the results. ``"supervised-metric"`` is filled with
#: the name of the MetricDAE it repeats with the transfer corpus's own labels.
REFERENCE_MODELS = {
    "zero-shot": "eGeMAPS zero-shot",
    "supervised": "eGeMAPS supervised",
    "supervised-metric": "{model} supervised",
}

#: The source rows the papers train on: "neutral, sad, happy, angry".
TRAIN_CLASSES = CLASS_SETS["4class"]

#: Columns of the tidy results, in order.
RESULT_COLUMNS = ["seed", "fold", "model", "corpus", "role", "metric", "value"]
#: Columns of the predictions, in order.
PREDICTION_COLUMNS = ["seed", "fold", "model", "corpus", "class_set", "true",
                      "predicted"]  # fmt: skip

_LABELS = ("activation", "valence")


def paper_models(random_state=0, **params):
    """Return the models of the papers as unfitted pipelines, by name.

    Each is ``OutlierFilter -> StandardScaler -> latent model``: DAE, MetricDAE on
    activation and on valence, ClusterDAE and ClusterVAE on emotion, and VAE, with
    the default (paper) settings. The names are :data:`MODEL_NAMES`.

    Parameters
    ----------
    random_state : int, default=0
        Seed of every model.
    **params : dict
        Settings for every latent model (e.g. ``max_epochs=10``).

    Returns
    -------
    models : dict of str to Pipeline
        Ready for :func:`cross_corpus_validate`.

    Examples
    --------
    >>> from skser.evaluation import paper_models
    >>> list(paper_models(max_epochs=5))[:3]
    ['DAE', 'MetricDAE (activation)', 'MetricDAE (valence)']
    """
    params = {"random_state": random_state, **params}
    latent = {
        "dae": DAE(**params),
        "metric_activation": MetricDAE(target="activation", **params),
        "metric_valence": MetricDAE(target="valence", **params),
        "cluster_dae": ClusterDAE(target="emotion", **params),
        "vae": VAE(**params),
        "cluster_vae": ClusterVAE(target="emotion", **params),
    }
    return {
        MODEL_NAMES[key]: make_pipeline(OutlierFilter(), StandardScaler(), model)
        for key, model in latent.items()
    }


# -- corpora ---------------------------------------------------------------------


@dataclass
class _Corpus:
    """A corpus as the protocol sees it: features, labels, rows kept for scoring."""

    name: str
    X: pd.DataFrame
    y: pd.DataFrame
    inliers: np.ndarray  # bool per row: no |z| above the threshold
    duplicates: np.ndarray  # per row: id of its recording held twice, or -1

    def adaptation_split(self, adapt_fraction, seed):
        """Return (adaptation rows, scored rows) as positions, outliers left out."""
        adapt_rows, eval_rows = split_adaptation(
            len(self.X), adapt_fraction, seed, self.duplicates
        )
        return (
            adapt_rows[self.inliers[adapt_rows]],
            eval_rows[self.inliers[eval_rows]],
        )


def _corpus_name(y):
    """Return the name of a corpus: its ``corpus`` label, or ``"source"``."""
    return str(y["corpus"].iloc[0]) if "corpus" in y and len(y) else "source"


def _check_corpus(name, data):
    try:
        X, y = data
    except (TypeError, ValueError):
        raise TypeError(f"corpus {name!r} must be an (X, y) pair") from None
    if not isinstance(y, pd.DataFrame) or "emotion" not in y:
        raise ValueError(
            f"the labels of corpus {name!r} must be a DataFrame with an 'emotion' "
            "column (and activation, valence where known)"
        )
    if len(X) != len(y):
        raise ValueError(f"corpus {name!r}: X has {len(X)} rows, y has {len(y)}")
    try:
        label_column(y, "emotion")
    except ValueError as exc:
        raise ValueError(f"corpus {name!r}: {exc}") from None
    X = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
    return X.reset_index(drop=True), y.reset_index(drop=True)


def _inliers(X, threshold):
    # Outliers are defined on features: inputs that are not (a frame of audio
    # paths for a model that reads files) keep every row.
    numeric = all(pd.api.types.is_numeric_dtype(dtype) for dtype in X.dtypes)
    if threshold is None or len(X) == 0 or not numeric:
        return np.ones(len(X), dtype=bool)
    return zscore_inliers(X, threshold)


def _prepare_corpora(source, targets, source_name, train_classes, threshold):
    """Check and select the corpora; return (source, targets, source row counts)."""
    X, y = _check_corpus("source", source)
    name = _corpus_name(y) if source_name is None else source_name
    if train_classes is not None:
        train_classes = tuple(train_classes)
        if not train_classes:
            raise ValueError("train_classes is empty; pass classes or None")
    selected = in_classes(y, train_classes)
    counts = {"n_source_rows": len(y), "n_source_selected": int(selected.sum())}
    X, y = X[selected].reset_index(drop=True), y[selected].reset_index(drop=True)
    source = _Corpus(name, X, y, _inliers(X, threshold), duplicate_ids(X))
    checked = {}
    for target_name, data in targets.items():
        if target_name == name:
            raise ValueError(
                f"transfer corpus {target_name!r} has the source's name: its results "
                "would overwrite the source's; give the corpora different names"
            )
        X_target, y_target = _check_corpus(target_name, data)
        X_target = match_columns(X_target, list(X.columns), f"corpus {target_name!r}")
        checked[target_name] = _Corpus(
            target_name, X_target, y_target, _inliers(X_target, threshold),
            duplicate_ids(X_target),
        )  # fmt: skip
    return source, checked, counts


def _report_duplicates(corpora):
    """Count, and warn about, the recordings each corpus holds more than once.

    Returns ``{corpus: rows that repeat a recording}`` (0 for none).
    """
    counts, found = {}, []
    for corpus in corpora:
        n_recordings, n_rows = count_duplicates(corpus.duplicates)
        counts[corpus.name] = n_rows - n_recordings
        if n_recordings:
            found.append(f"{corpus.name}: {n_recordings} recording(s) in {n_rows} rows")
    if found:
        warnings.warn(
            f"recordings held more than once (identical rows): {'; '.join(found)}; "
            "each is kept inside one fold and on one side of the adaptation split "
            "(skser.datasets.find_duplicates lists the files)",
            UserWarning,
            stacklevel=3,
        )
    return counts


def _check_sizes(source, targets, n_splits, adapt_fraction):
    """Refuse, before any training, corpora too small for the protocol."""
    needed = max(n_splits, 2)
    if len(source.X) < needed:
        raise ValueError(
            f"source corpus {source.name!r} has {len(source.X)} row(s) in the "
            f"training classes; {n_splits} folds need at least {needed}"
        )
    for corpus in targets.values():
        n_adapt, n_scored = (
            len(rows) for rows in corpus.adaptation_split(adapt_fraction, 0)
        )
        if (adapt_fraction > 0 and n_adapt < 2) or n_scored < 1:
            minimum = next(
                n
                for n in range(2, 1000)
                if (adapt_fraction == 0 or math.ceil(adapt_fraction * n) >= 2)
                and n - math.ceil(adapt_fraction * n) >= 1
            )
            raise ValueError(
                f"transfer corpus {corpus.name!r} has {len(corpus.X)} row(s) "
                f"({int((~corpus.inliers).sum())} outlying); with adapt_fraction="
                f"{adapt_fraction} it needs at least {minimum}: 2 to standardise it "
                "and 1 to score"
            )


# -- scoring ---------------------------------------------------------------------


def _fit_classifiers(classifier, z_train, y_train, class_sets):
    """Fit the classifier on the codes of each class set's training rows.

    It learns the ``emotion`` column through :class:`~skser.compose.TargetColumn`;
    a class set with fewer than two classes among the rows is left out.
    """
    fitted = {}
    for set_name, classes in class_sets.items():
        emotion = label_column(y_train, "emotion")
        known = emotion.isin(classes).to_numpy()
        if emotion[known].nunique() >= 2:
            fitted[set_name] = (
                classes,
                TargetColumn(clone(classifier), "emotion").fit(
                    z_train[known], y_train[known]
                ),
            )
    return fitted


def _adapt_classifiers(classifiers, z_unlabelled):
    """Adapt each class set's classifier to a transfer corpus's unlabelled codes.

    Only classifiers with an ``adapt`` method change (e.g.
    :class:`~skser.preprocessing.BalancedSelfTraining`); the others are kept as
    fitted on the source.
    """
    return {
        set_name: (classes, adapt_classifier(classifier, z_unlabelled))
        for set_name, (classes, classifier) in classifiers.items()
    }


def _balanced_accuracy(true, predicted):
    with warnings.catch_warnings():
        # A corpus may lack a class that the classifier predicts.
        warnings.simplefilter("ignore", (UserWarning, UndefinedMetricWarning))
        return balanced_accuracy_score(true, predicted)


def _embedding_metrics(z, y, z_source):
    """Yield (metric, value) of how well the code ``z`` explains the labels.

    ``bhattacharyya_to_source`` compares ``z`` with the source's training codes.
    """
    for label in _LABELS:
        if label not in y or y[label].notna().sum() < z.shape[1] + 3:
            continue
        values = y[label].to_numpy(dtype=float)
        r2, p = adjusted_r2(z, values)
        yield f"adjusted_r2_{label}", r2
        yield f"p_{label}", p
        yield f"ccc_{label}", readout_concordance(z, values)
        yield f"pairwise_r2_{label}", pairwise_adjusted_r2(z, values)[0]
        yield f"spearman_pairs_{label}", spearman(z, values, on="pairs")[0]
        yield f"spearman_projection_{label}", spearman(z, values, on="projection")[0]
    yield "bhattacharyya_to_source", bhattacharyya_distance(z_source, z)


@dataclass
class _Settings:
    adapt_fraction: float
    classifier: object
    class_sets: dict
    predictions: bool
    train_on_adaptation: bool = False


def _score(model, trained, scored, settings, labels):
    """Tidy rows and predictions of one fitted model on one corpus.

    ``trained`` is (codes of the source rows the model trained on, the fitted
    classifiers by class set); ``scored`` is (corpus, role, features, labels,
    rows left out as outliers).
    """
    seed, fold, name = labels
    z_train, classifiers = trained
    corpus, role, X, y, n_outliers = scored
    z = model.transform(X)
    rows, predictions = [], []
    for set_name, (classes, classifier) in classifiers.items():
        emotion = label_column(y, "emotion")
        chosen = emotion.isin(classes).to_numpy()
        if not chosen.any():
            continue
        true, predicted = emotion[chosen].to_numpy(), classifier.predict(z[chosen])
        rows.append((f"balanced_accuracy_{set_name}",
                     _balanced_accuracy(true, predicted)))  # fmt: skip
        if settings.predictions:
            predictions.append(pd.DataFrame({
                "seed": seed, "fold": fold, "model": name, "corpus": corpus,
                "class_set": set_name, "true": true, "predicted": predicted,
            }))  # fmt: skip
    if z_train.shape[1] < X.shape[1]:  # an embedding, not the raw features
        rows.extend(_embedding_metrics(z, y, z_train))
    rows += [("n_scored", len(X)), ("n_outliers", n_outliers)]
    frame = [
        {"seed": seed, "fold": fold, "model": name, "corpus": corpus, "role": role,
         "metric": metric, "value": float(value)}
        for metric, value in rows
    ]  # fmt: skip
    return frame, predictions


def _evaluate_fold(task, source, targets, settings):
    """Fit one model on one fold; return its tidy rows and predictions.

    With ``task.supervised_target`` the model also learns from that corpus's
    adaptation rows with their activation/valence labels (not their emotions),
    and is scored on that corpus only: the papers' "supervised" upper bound.
    """
    train, test = task.train, task.test
    X_fit, y_fit = source.X.iloc[train], source.y.iloc[train]
    supervised = targets.get(task.supervised_target)
    if supervised is not None:
        adapt_rows, _ = supervised.adaptation_split(settings.adapt_fraction, task.seed)
        extra_y = supervised.y.iloc[adapt_rows].assign(emotion=np.nan)
        X_fit = pd.concat([X_fit, supervised.X.iloc[adapt_rows]], ignore_index=True)
        y_fit = pd.concat([y_fit, extra_y], ignore_index=True)
    if settings.train_on_adaptation and supervised is None:
        # (the supervised reference already trains on them, with their labels)
        X_fit, y_fit = _with_adaptation_rows(X_fit, y_fit, targets, settings, task.seed)
    fitted = _seeded(task.model, task.seed).fit(X_fit, y_fit)
    # The latent classifier and the source's cloud use the source rows the model
    # trained on: not the rows its OutlierFilter dropped, not the target's rows.
    kept = _kept_rows(fitted, len(X_fit))
    kept = kept[kept < len(train)]
    z_train, y_train = fitted.transform(X_fit.iloc[kept]), y_fit.iloc[kept]
    classifiers = _fit_classifiers(settings.classifier, z_train, y_train,
                                   settings.class_sets)  # fmt: skip

    scored = []  # (model, classifiers, (corpus, role, X, y, n_outliers))
    if supervised is None:
        held_out = test[source.inliers[test]]
        data = (source.name, "source", source.X.iloc[held_out],
                source.y.iloc[held_out], len(test) - len(held_out))  # fmt: skip
        scored.append((fitted, classifiers, data))
    for corpus in targets.values() if supervised is None else [supervised]:
        adapt_rows, eval_rows = corpus.adaptation_split(
            settings.adapt_fraction, task.seed
        )
        model, adapted = fitted, classifiers
        if settings.adapt_fraction > 0:
            model = adapt(fitted, corpus.X.iloc[adapt_rows])
            adapted = _adapt_classifiers(
                classifiers, model.transform(corpus.X.iloc[adapt_rows])
            )
        data = (corpus.name, "target", corpus.X.iloc[eval_rows],
                corpus.y.iloc[eval_rows], int((~corpus.inliers).sum()))  # fmt: skip
        scored.append((model, adapted, data))
    rows, predictions = [], []
    for model, classifiers, data in scored:
        new_rows, new_predictions = _score(
            model, (z_train, classifiers), data, settings,
            (task.seed, task.fold, task.name),
        )  # fmt: skip
        rows += new_rows
        predictions += new_predictions
    rows.append(
        {
            "seed": task.seed,
            "fold": task.fold,
            "model": task.name,
            "corpus": source.name,
            "role": "source",
            "metric": "n_trained",
            "value": float(len(kept)),
        }
    )
    return rows, predictions


def _with_adaptation_rows(X_fit, y_fit, targets, settings, seed):
    """Append every transfer corpus's adaptation rows, labels removed.

    The rows keep their metadata (``corpus``, ``speaker``) but lose ``emotion``,
    ``activation`` and ``valence``. Their features are moved to the mean and
    standard deviation of the source rows, per feature: at scoring,
    :func:`~skser.preprocessing.adapt` standardises a transfer corpus with its own
    statistics, and so the rows enter training as the model will later see them.
    """
    source_mean = X_fit.mean()
    source_std = X_fit.std(ddof=0).replace(0, 1)
    X_parts, y_parts = [X_fit], [y_fit]
    for corpus in targets.values():
        rows, _ = corpus.adaptation_split(settings.adapt_fraction, seed)
        X_adapt = corpus.X.iloc[rows]
        std = X_adapt.std(ddof=0).replace(0, 1)
        X_parts.append((X_adapt - X_adapt.mean()) / std * source_std + source_mean)
        unlabelled = dict.fromkeys(("emotion", *_LABELS), np.nan)
        y_parts.append(corpus.y.iloc[rows].assign(**unlabelled))
    return (
        pd.concat(X_parts, ignore_index=True),
        pd.concat(y_parts, ignore_index=True),
    )


@dataclass
class _Task:
    seed: int
    fold: int
    name: str
    model: object
    train: np.ndarray
    test: np.ndarray
    supervised_target: str = None


def _raw_features():
    return make_pipeline(OutlierFilter(), StandardScaler())


def _supervised_reference(corpus, folds, seed, settings, train_classes):
    """Within-corpus cross-validation on raw eGeMAPS: the upper bound.

    ``folds`` are those :func:`plan_references` made, before any training.
    """
    rows, predictions = [], []
    selected = np.flatnonzero(in_classes(corpus.y, train_classes))
    X, y = corpus.X.iloc[selected], corpus.y.iloc[selected]
    inliers = corpus.inliers[selected]
    name = REFERENCE_MODELS["supervised"]
    for fold, (train, test) in enumerate(folds):
        features = _raw_features().fit(X.iloc[train], y.iloc[train])
        kept = _kept_rows(features, len(train))
        z_train = features.transform(X.iloc[train[kept]])
        trained = (z_train, _fit_classifiers(settings.classifier, z_train,
                                             y.iloc[train[kept]],
                                             settings.class_sets))  # fmt: skip
        held_out = test[inliers[test]]
        scored = (corpus.name, "target", X.iloc[held_out], y.iloc[held_out],
                  len(test) - len(held_out))  # fmt: skip
        new_rows, new_predictions = _score(
            features, trained, scored, settings, (seed, fold, name)
        )
        rows += new_rows
        predictions += new_predictions
    return rows, predictions


def _references(references):
    if references is True:
        return tuple(REFERENCE_MODELS)
    if not references:
        return ()
    references = (references,) if isinstance(references, str) else tuple(references)
    unknown = set(references) - set(REFERENCE_MODELS)
    if unknown:
        raise ValueError(
            f"unknown reference(s) {', '.join(sorted(unknown))}; use any of "
            f"{', '.join(REFERENCE_MODELS)}"
        )
    return references


def _seeds(random_state):
    if isinstance(random_state, Iterable) and not isinstance(random_state, str):
        seeds = [int(seed) for seed in random_state]
        if not seeds or len(set(seeds)) != len(seeds):
            raise ValueError(
                f"random_state must be an int or distinct ints, got {random_state!r}"
            )
        return seeds
    return [random_state]


def _metric_models(models):
    """Map each model whose latent step is a MetricDAE to the labels it learns."""
    found = {}
    for name, model in models.items():
        latent = getattr(model, "steps", [[None, model]])[-1][1]
        if isinstance(latent, MetricDAE):
            target = latent.target
            found[name] = [target] if isinstance(target, str) else list(target)
    return found


def cross_corpus_validate(
    models,
    source,
    targets,
    *,
    cv=5,
    adapt_fraction=0.2,
    class_sets=None,
    classifier=None,
    references=True,
    source_name=None,
    random_state=0,
    n_jobs=None,
    progress=True,
    train_classes=TRAIN_CLASSES,
    outlier_threshold=10.0,
    groups=None,
    return_predictions=False,
    train_on_adaptation=False,
):
    """Run the cross-corpus protocol and return its results as a tidy frame.

    Parameters
    ----------
    models : dict of str to Pipeline
        Unfitted pipelines from features to a latent code, e.g.
        ``make_pipeline(OutlierFilter(), StandardScaler(), MetricDAE(...))``.
        Each must have one ``StandardScaler`` step (see
        :func:`~skser.preprocessing.adapt`).
    source : (X, y)
        The source corpus: features and a label frame with ``emotion`` and, where
        known, ``activation`` and ``valence``.
    targets : dict of str to (X, y)
        Transfer corpora, test-only. Their feature columns are matched to the
        source's by name.
    cv : int or splitter, default=5
        Folds of the source: an int gives stratified folds on ``emotion``
        (grouped by ``groups`` when given), shuffled with each seed.
    adapt_fraction : float, default=0.2
        Fraction of each transfer corpus whose (unlabelled) statistics standardise
        it; the rest is scored. 0 keeps the source's statistics.
    class_sets : dict of str to list, default=None
        Class sets for balanced accuracy; by default the papers' ``4class``
        (neutral, sad, happy, angry) and ``3class`` (neutral, sad, angry).
    classifier : estimator, default=None
        Classifier trained on the latent code of the source's training rows of each
        class set (through :class:`~skser.compose.TargetColumn` on ``emotion``);
        ``LinearSVC(max_iter=10_000)`` by default. A classifier with an ``adapt``
        method (:class:`~skser.preprocessing.BalancedSelfTraining`,
        :class:`~skser.preprocessing.LabelShiftAdapter`) is also adapted to each
        transfer corpus's unlabelled adaptation rows (their codes) before it
        scores that corpus.
    references : bool or collection of str, default=True
        References to add (True: all): ``"zero-shot"`` (raw eGeMAPS trained on the
        source, scored everywhere), ``"supervised"`` (raw eGeMAPS cross-validated
        within each transfer corpus) and ``"supervised-metric"`` (every MetricDAE
        of ``models`` trained again with each transfer corpus's adaptation rows
        and their activation/valence labels added, scored on the rest: the upper
        bound of the papers' Table 3).
    source_name : str, default=None
        Name of the source in the results; by default its ``corpus`` label.
    random_state : int or sequence of int, default=0
        Seed(s): the whole protocol runs once per seed, which sets the folds, the
        adaptation split and every ``random_state`` of each model.
    n_jobs : int, default=None
        Parallel (seed, fold, model) fits, with joblib.
    progress : bool, default=True
        Show a progress bar over seeds x folds x models.
    train_classes : collection of str or None, default=("neutral", "sad", \
"happy", "angry")
        Emotions of the source rows every model and reference is fitted on, and of
        the held-out rows it is scored on ("trained with data from the emotional
        categories neutral, sad, happy, angry"); rows with no emotion stay in as
        unlabelled rows. None: every row.
    outlier_threshold : float or None, default=10.0
        Rows with any feature's ``|z|`` above it, z from their own corpus's
        statistics, are left out of every scored set and of the adaptation rows
        (training rows are filtered by the pipelines' own
        :class:`~skser.preprocessing.OutlierFilter`). None keeps every row, as
        does an input that is not numeric (audio paths for a model that reads
        files).
    groups : str, default=None
        A label column (e.g. ``"speaker"``) whose groups never straddle a fold:
        speaker-independent folds, for the source and the supervised reference.
        By default the papers' stratified folds.
    return_predictions : bool, default=False
        Also return every scored row's true and predicted emotion.
    train_on_adaptation : bool, default=False
        Also train every model on each transfer corpus's adaptation rows, with
        ``emotion``, ``activation`` and ``valence`` removed (NaN) and ``corpus``
        and ``speaker`` kept, their features moved to the source's mean and scale:
        the unlabelled target rows of domain-adversarial training (e.g.
        ``DAE(domain_weight=1.0)``, which reads ``corpus``). The source's
        classifier and codes still use source rows only. False: the models never
        see a transfer corpus in training, as in the papers.

    Returns
    -------
    results : DataFrame
        One row per seed, fold, model, corpus and metric: columns ``seed``,
        ``fold``, ``model``, ``corpus``, ``role`` (source or target), ``metric``,
        ``value``. Metrics: ``balanced_accuracy_<class set>``; for embeddings,
        per label, ``adjusted_r2_<label>`` and its F-test ``p_<label>``,
        ``ccc_<label>`` (Lin's concordance correlation of the label and the same
        OLS read-out, :func:`~skser.metrics.readout_concordance`),
        ``pairwise_r2_<label>``, ``spearman_pairs_<label>``,
        ``spearman_projection_<label>``, and ``bhattacharyya_to_source``: between
        Gaussian fits of the corpus's codes and of the source's training codes
        (the rows the pipeline's samplers kept); on the held-out source fold it
        shows the distance that sampling alone gives. Row counts: ``n_scored``
        (rows scored) and ``n_outliers`` (rows left out as outlying) per corpus,
        and ``n_trained`` (source rows the model trained on). ``results.attrs
        ["protocol"]`` describes the run, for :func:`summarize`'s caption.
    predictions : DataFrame
        Only with ``return_predictions``: columns ``seed``, ``fold``, ``model``,
        ``corpus``, ``class_set``, ``true``, ``predicted``.

    See Also
    --------
    summarize : Mean +- std tables of the results.
    skser.preprocessing.adapt : The standardisation of a transfer corpus.

    References
    ----------
    .. [1] S. Das, N. N. Lund, N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen,
       "Continuous Metric Learning For Transferable Speech Emotion Recognition and
       Embedding Across Low-resource Languages", NLDL 2022, Sec. 4 and Table 3.
    """
    if not 0 <= adapt_fraction < 1:
        raise ValueError(f"adapt_fraction must be in [0, 1), got {adapt_fraction}")
    source, targets, counts = _prepare_corpora(
        source, targets, source_name, train_classes, outlier_threshold
    )
    references = _references(references)
    seeds = _seeds(random_state)
    class_sets = dict(CLASS_SETS if class_sets is None else class_sets)
    # Raw eGeMAPS (88 dimensions) needs more iterations than liblinear's 1000.
    classifier = LinearSVC(max_iter=10_000) if classifier is None else classifier
    n_splits = cv if isinstance(cv, int) else cv.get_n_splits()
    _check_sizes(source, targets, n_splits, adapt_fraction)
    if groups is not None:
        for corpus in [source, *targets.values()]:
            try:
                label_column(corpus.y, groups)
            except ValueError as exc:
                raise ValueError(f"groups: corpus {corpus.name!r}: {exc}") from None
    # Every check that can fail on a corpus, before the first model is fitted.
    check_source(source, class_sets)
    source_folds = {
        seed: make_folds(cv, groups, seed, source.X, source.y, source.duplicates,
                         source.name)
        for seed in seeds
    }  # fmt: skip
    models = dict(models)
    metric_models = _metric_models(models) if "supervised-metric" in references else {}
    supervised_folds, metric_pairs, notes = plan_references(
        source, targets, cv=cv, groups=groups, seeds=seeds,
        adapt_fraction=adapt_fraction, class_sets=class_sets,
        train_classes=train_classes, supervised="supervised" in references,
        metric_targets=metric_models,
    )  # fmt: skip
    duplicates = _report_duplicates([source, *targets.values()])
    if notes:
        warnings.warn(
            "left out of the results (see results.attrs['protocol']['notes']): "
            + "; ".join(notes),
            UserWarning,
            stacklevel=2,
        )
    if "zero-shot" in references:
        models[REFERENCE_MODELS["zero-shot"]] = _raw_features()
    settings = _Settings(
        adapt_fraction, classifier, class_sets, return_predictions, train_on_adaptation
    )

    tasks = []
    for seed in seeds:
        for fold, (train, test) in enumerate(source_folds[seed]):
            tasks += [_Task(seed, fold, name, model, train, test)
                      for name, model in models.items()]  # fmt: skip
            tasks += [
                _Task(seed, fold, REFERENCE_MODELS["supervised-metric"].format(
                    model=name), models[name], train, test, target)
                for name in metric_models
                for target in targets
                if (name, target) in metric_pairs
            ]  # fmt: skip
    outputs = joblib.Parallel(n_jobs=n_jobs, return_as="generator")(
        joblib.delayed(_evaluate_fold)(task, source, targets, settings)
        for task in tasks
    )
    rows, predictions = [], []
    for new_rows, new_predictions in tqdm(
        outputs, total=len(tasks), desc="seeds x folds x models",
        disable=not progress,
    ):  # fmt: skip
        rows += new_rows
        predictions += new_predictions
    for (seed, name), folds in supervised_folds.items():
        new_rows, new_predictions = _supervised_reference(
            targets[name], folds, seed, settings, train_classes
        )
        rows += new_rows
        predictions += new_predictions
    results = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    results.attrs["protocol"] = {
        "source": source.name,
        "targets": list(targets),
        "train_classes": None if train_classes is None else list(train_classes),
        "n_splits": n_splits,
        "seeds": seeds,
        "groups": groups,
        "adapt_fraction": adapt_fraction,
        "train_on_adaptation": train_on_adaptation,
        "outlier_threshold": outlier_threshold,
        "n_outliers": {
            corpus.name: int((~corpus.inliers).sum())
            for corpus in [source, *targets.values()]
        },
        "n_duplicates": duplicates,
        "notes": notes,
        **counts,
    }
    if not return_predictions:
        return results
    predictions = (
        pd.concat(predictions, ignore_index=True)
        if predictions
        else pd.DataFrame(columns=PREDICTION_COLUMNS)
    )
    return results, predictions[PREDICTION_COLUMNS]


def latent_codes(
    pipeline,
    source,
    targets,
    adapt_fraction=0.2,
    random_state=0,
    *,
    train_classes=TRAIN_CLASSES,
    outlier_threshold=10.0,
):
    """Fit a pipeline on the whole source and return every corpus's latent code.

    Parameters
    ----------
    pipeline : Pipeline
        Unfitted pipeline from features to a latent code.
    source : (X, y)
        The source corpus.
    targets : dict of str to (X, y)
        Transfer corpora, adapted as in :func:`cross_corpus_validate`.
    adapt_fraction : float, default=0.2
        Fraction of each transfer corpus used to standardise it.
    random_state : int, default=0
        Seed of the adaptation split (the same as the protocol's).
    train_classes : collection of str or None, default=("neutral", "sad", \
"happy", "angry")
        Source rows to fit on and show, as in :func:`cross_corpus_validate`.
    outlier_threshold : float or None, default=10.0
        Rows with any ``|z|`` above it (z within their corpus) are left out of the
        adaptation rows and of the codes returned.

    Returns
    -------
    codes : dict of str to DataFrame
        Per corpus (the source under its ``corpus`` label, or ``"source"``): the
        latent dimensions and the label columns, for the source's rows and each
        target's evaluation rows.
    """
    source, targets, _ = _prepare_corpora(
        source, targets, None, train_classes, outlier_threshold
    )
    fitted = clone(pipeline).fit(source.X, source.y)

    def frame(model, X_rows, y_rows):
        z = model.transform(X_rows)
        columns = [f"latent{i}" for i in range(z.shape[1])]
        z = pd.DataFrame(z, index=y_rows.index, columns=columns)
        return pd.concat([z, y_rows], axis=1)

    rows = np.flatnonzero(source.inliers)
    codes = {source.name: frame(fitted, source.X.iloc[rows], source.y.iloc[rows])}
    for corpus in targets.values():
        adapt_rows, eval_rows = corpus.adaptation_split(adapt_fraction, random_state)
        model = fitted
        if adapt_fraction > 0:
            model = adapt(fitted, corpus.X.iloc[adapt_rows])
        codes[corpus.name] = frame(
            model, corpus.X.iloc[eval_rows], corpus.y.iloc[eval_rows]
        )
    return codes
