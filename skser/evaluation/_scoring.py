"""Fit one model on one fold and score it on every corpus: the protocol's step.

:func:`evaluate_fold` fits a model on a fold of the source, fits the latent
classifier on the codes of the rows the model trained on, adapts both to each
transfer corpus, and records the tidy rows of every score.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone

from skser.compose import TargetColumn
from skser.evaluation._checks import in_classes
from skser.evaluation._models import _raw_features
from skser.metrics import (
    adjusted_r2,
    bhattacharyya_distance,
    pairwise_adjusted_r2,
    readout_concordance,
    spearman,
)
from skser.preprocessing import adapt_classifier
from skser.utils import (
    REFERENCE_MODELS,
    balanced_accuracy,
    balanced_accuracy_metric,
    label_column,
)
from skser.utils import kept_rows as _kept_rows
from skser.utils import seeded_clone as _seeded

_LABELS = ("activation", "valence")


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
        rows.append((balanced_accuracy_metric(set_name),
                     balanced_accuracy(true, predicted)))  # fmt: skip
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
        model, adapt_rows, eval_rows = corpus.adapted(
            fitted, settings.adapt_fraction, task.seed
        )
        adapted = classifiers
        if settings.adapt_fraction > 0:
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
