"""What a fitted pipeline did to its rows, and its steps before a given one."""

import numpy as np


def transform_before(pipeline, stop, X):
    """Pass ``X`` through ``pipeline.steps[:stop]`` as at prediction time.

    Samplers (steps with ``fit_resample``) act only during fit, so they are
    skipped, as imbalanced-learn's pipeline does in ``transform``.

    Parameters
    ----------
    pipeline : Pipeline
        A fitted scikit-learn or imbalanced-learn pipeline.
    stop : int
        Position of the first step not applied.
    X : array-like of shape (n_samples, n_features)
        Input of the pipeline.

    Returns
    -------
    X_transformed : array-like
        What the step at ``stop`` receives.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> from skser.utils import transform_before
    >>> double = FunctionTransformer(lambda X: 2 * X)
    >>> pipe = make_pipeline(double, FunctionTransformer(lambda X: X + 1)).fit([[1]])
    >>> transform_before(pipe, 1, np.array([[3]]))
    array([[6]])
    """
    for _, step in pipeline.steps[:stop]:
        if step is not None and step != "passthrough":
            if not hasattr(step, "fit_resample"):
                X = step.transform(X)
    return X


def kept_rows(pipeline, n_rows):
    """Return the positions of the training rows that a pipeline's samplers kept.

    Parameters
    ----------
    pipeline : Pipeline or estimator
        A fitted pipeline; each sampler with ``sample_indices_`` (e.g.
        :class:`~skser.preprocessing.OutlierFilter`) selects rows of what the
        samplers before it kept. An estimator without ``steps`` keeps every row.
    n_rows : int
        Number of rows the pipeline was fitted on.

    Returns
    -------
    positions : ndarray of shape (n_kept,), int
        Positions in the training rows, in their order.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from skser.utils import kept_rows
    >>> drops_first = SimpleNamespace(sample_indices_=[1, 2, 3])
    >>> drops_last = SimpleNamespace(sample_indices_=[0, 1])
    >>> pipe = SimpleNamespace(steps=[("a", drops_first), ("b", drops_last)])
    >>> kept_rows(pipe, 4).tolist()
    [1, 2]
    """
    kept = np.arange(n_rows)
    for _, step in getattr(pipeline, "steps", []):
        if hasattr(step, "sample_indices_"):
            kept = kept[step.sample_indices_]
    return kept
