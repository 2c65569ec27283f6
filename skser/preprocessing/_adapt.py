"""A fitted pipeline made ready for a new corpus: its scaler refitted, steps adapted.

:func:`adapt` refits a pipeline's standardisation on a new corpus's unlabelled rows
and calls the ``adapt`` method of every step that has one; :func:`match_columns`
puts a new corpus's feature columns in the order a fitted step saw.
"""

from sklearn.preprocessing import StandardScaler

from skser.utils import transform_before

__all__ = ["adapt", "match_columns"]


def adapt(pipeline, X_unlabelled):
    """Return a copy of a fitted pipeline standardised for a new corpus.

    The pipeline's :class:`~sklearn.preprocessing.StandardScaler` step is refitted
    on ``X_unlabelled`` (passed through the steps before it, samplers skipped), and
    every step with an ``adapt`` method (e.g. :class:`~skser.preprocessing.CORAL`) is
    adapted to the rows as they reach it, in pipeline order; every other step stays
    as fitted, and ``pipeline`` itself is left untouched.
    Labels are not needed: this is how a model trained on one corpus meets another
    (Das et al. standardise each corpus with its own statistics). Columns of a
    DataFrame are matched to the pipeline's by name, in any order.

    Parameters
    ----------
    pipeline : Pipeline
        A fitted pipeline with exactly one ``StandardScaler`` step.
    X_unlabelled : array-like of shape (n_samples, n_features)
        Unlabelled rows of the new corpus. Drop outlying rows first (e.g. with
        :func:`zscore_inliers` on the whole corpus): one extreme row inflates a
        feature's scale.

    Returns
    -------
    adapted : Pipeline
        The adapted copy.

    See Also
    --------
    skser.evaluation.cross_corpus_validate : The protocol that adapts every
        transfer corpus this way.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skser import make_pipeline
    >>> from skser.preprocessing import adapt
    >>> source = np.array([[0.0, 1.0], [2.0, 3.0]])
    >>> pipe = make_pipeline(StandardScaler()).fit(source)
    >>> adapted = adapt(pipe, source * 3 + 10)
    >>> adapted[-1].mean_, pipe[-1].mean_
    (array([13., 16.]), array([1., 2.]))
    """
    import copy

    positions = [
        i
        for i, (_, step) in enumerate(pipeline.steps)
        if isinstance(step, StandardScaler)
    ]
    if len(positions) != 1:
        raise ValueError(
            f"adapt needs a pipeline with exactly one StandardScaler step, found "
            f"{len(positions)} (steps: {', '.join(name for name, _ in pipeline.steps)})"
        )
    X = match_columns(X_unlabelled, getattr(pipeline, "feature_names_in_", None))
    adapted = copy.deepcopy(pipeline)
    for position, (_, step) in enumerate(adapted.steps):
        if position == positions[0]:
            step.fit(transform_before(adapted, position, X))
        elif callable(getattr(step, "adapt", None)):
            step.adapt(transform_before(adapted, position, X))
    return adapted


def match_columns(X, names, corpus="X"):
    """Return ``X`` with its columns in the order ``names``, matched by name.

    Parameters
    ----------
    X : array-like or DataFrame
        Features; an array is returned as it is.
    names : sequence of str or None
        The feature names a model was fitted on; None returns ``X`` as it is.
    corpus : str, default="X"
        Name of ``X`` in the error message.

    Returns
    -------
    X : array-like or DataFrame
        ``X`` with the columns ``names``, in that order.

    Examples
    --------
    >>> import pandas as pd
    >>> from skser.preprocessing import match_columns
    >>> list(match_columns(pd.DataFrame({"b": [1], "a": [2]}), ["a", "b"]).columns)
    ['a', 'b']
    """
    if names is None or not hasattr(X, "columns"):
        return X
    missing = [name for name in names if name not in X.columns]
    if missing:
        shown = ", ".join(map(str, missing[:5]))
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise ValueError(
            f"{corpus} lacks {len(missing)} feature column(s) the model was fitted "
            f"on: {shown}{more}; give it the same features (e.g. the 88 eGeMAPS)"
        )
    return X[list(names)]
