"""The figures of a protocol run, each with the caption the report shows."""

import joblib
import numpy as np
import pandas as pd
from sklearn.base import clone

from skser.evaluation import MODEL_NAMES, TRAIN_CLASSES, corpus_label, corpus_name

#: The model whose codes ``latent.png`` and ``density.png`` show.
FIGURE_MODEL = MODEL_NAMES["metric_activation"]


def _fit(model, X, y):
    return clone(model).fit(X, y)


def trained_models(models, source, train_classes=TRAIN_CLASSES, n_jobs=None):
    """Fit each model that trains with torch once on the source's training rows.

    For the figures of what training did
    (:func:`skser.plotting.plot_training_history`): the protocol's own fits
    happen in its folds and are not kept.

    Parameters
    ----------
    models : dict of str to estimator
        Unfitted models or pipelines (cloned, not changed).
    source : (X, y)
        The source corpus; rows of ``train_classes`` (and unlabelled rows) train.
    train_classes : collection of str or None, default=TRAIN_CLASSES
        As for :func:`cross_corpus_validate`.
    n_jobs : int, default=None
        Parallel fits, with joblib (as the protocol's: its workers run torch on
        one thread each).

    Returns
    -------
    fitted : dict of str to estimator
        The fitted models that record a training history (``history_``).
    """
    X, y = source
    rows = np.ones(len(y), dtype=bool)
    if train_classes is not None:
        rows = (y["emotion"].isin(list(train_classes)) | y["emotion"].isna()).to_numpy()
    chosen = {
        name: model
        for name, model in models.items()
        if hasattr(type(model.steps[-1][1] if hasattr(model, "steps") else model),
                   "history_")
    }  # fmt: skip
    fitted = joblib.Parallel(n_jobs=n_jobs)(
        joblib.delayed(_fit)(model, X[rows], y[rows]) for model in chosen.values()
    )
    return dict(zip(chosen, fitted, strict=True))


def _protocol_figures(
    models, source, targets, predictions, results, codes, seed, n_jobs=None
):
    """Draw the protocol's figures; return {file name: (figure, caption)}."""
    from skser.plotting import (
        plot_confusion_matrices,
        plot_corpus_overview,
        plot_latent,
        plot_latent_density,
        plot_results,
        plot_training_history,
    )

    spread = "folds × seeds"
    figures = {
        "results.png": (
            plot_results(results),
            "Balanced accuracy on 4 classes per model and corpus scored: bars are "
            f"means, error bars ±1 standard deviation over {spread}; the raw-eGeMAPS "
            "references are hatched outlines; the dashed line is chance (0.25).",
        ),
        "confusion.png": (
            plot_confusion_matrices(predictions, class_set="4class"),
            "Confusion matrices on 4 classes, each row normalised (the diagonal is "
            f"each class's recall), predictions pooled over {spread}.",
        ),
    }
    if codes is not None:
        figures["latent.png"] = (
            plot_latent(codes, model=FIGURE_MODEL),
            f"Latent code of {FIGURE_MODEL} fitted on the whole source (seed "
            f"{seed}), each corpus's scored rows coloured by activation.",
        )
        figures["density.png"] = (
            plot_latent_density(codes, next(iter(codes)), model=FIGURE_MODEL),
            "Kernel density of each transfer corpus's code (dashed) over the "
            "source's (grey): where they overlap, the code transfers.",
        )
    trained = trained_models(models, source, n_jobs=n_jobs)
    if trained:
        figures["training.png"] = (
            plot_training_history(trained),
            "Training history of each latent model fitted once on the source's "
            f"training rows (seed {seed}): each weighted loss term per epoch and "
            "their total. A curve still falling at the end had not converged.",
        )
    corpora = {corpus_name(corpus_label(source[1])): source}
    corpora.update({corpus_name(name): data for name, data in targets.items()})
    if all(
        all(pd.api.types.is_numeric_dtype(t) for t in pd.DataFrame(X).dtypes)
        for X, _ in corpora.values()
    ):
        figures["corpora.png"] = (
            plot_corpus_overview(corpora),
            "Every eGeMAPS row of each corpus (all classes), standardised together "
            "and projected to two dimensions, coloured by corpus (left) and by "
            "emotion (right): how far the corpora lie apart before any model.",
        )
    return figures
