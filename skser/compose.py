"""Pipelines over labels with several columns.

skser's pipelines carry one label frame ``y`` (emotion, activation, valence) through
every step: :class:`~skser.preprocessing.OutlierFilter` drops rows of X and y
together, a latent model learns from its ``target`` column(s), and
:class:`TargetColumn` lets the final estimator use another column. scikit-learn's
scoring strings and stratified folds do not know which column to use:
:func:`~skser.model_selection.column_scorer` and
:class:`~skser.model_selection.ColumnStratifiedKFold` say it.

``Pipeline`` and ``make_pipeline`` are imbalanced-learn's, which run samplers during
fit only, with one check more: an imbalanced-learn sampler resamples by a 1-D label,
so a bare one given the label frame is refused with a pointer to
:class:`ColumnSampler`, which resamples by one column and carries the others.
"""

import numpy as np
import pandas as pd
from imblearn import pipeline as _imblearn_pipeline
from scipy import sparse
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone
from sklearn.utils import _safe_indexing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from skser.utils import label_column, moved

__all__ = [
    "ColumnSampler",
    "Pipeline",
    "TargetColumn",
    "make_pipeline",
]

# The column splitters and column_scorer live in skser.model_selection now.
__getattr__ = moved(
    __name__,
    "skser.model_selection",
    dict.fromkeys(
        ("ColumnStratifiedGroupKFold", "ColumnStratifiedKFold", "column_scorer"),
        "skser.model_selection",
    ),
    rest=False,
)[0]


def _estimator_has(method):
    def check(self):
        return hasattr(self.estimator, method)

    return check


class TargetColumn(MetaEstimatorMixin, BaseEstimator):
    """Fit, predict and score an estimator on one column of a DataFrame ``y``.

    Parameters
    ----------
    estimator : estimator
        The estimator to wrap, e.g. ``LinearSVC()``.
    column : str
        The column of ``y`` it learns and is scored on. A ``y`` that is not a
        DataFrame is used as it is.

    Attributes
    ----------
    estimator_ : estimator
        The fitted clone of ``estimator``.
    classes_ : ndarray
        The classes of a fitted classifier.

    See Also
    --------
    skser.model_selection.column_scorer : A scorer for ``cross_val_score`` /
        ``GridSearchCV`` on a column.
    skser.model_selection.ColumnStratifiedKFold : Folds stratified on a column of
        the label frame.

    Notes
    -----
    With a label frame ``y``, pass ``cv=ColumnStratifiedKFold(...)`` (or
    :class:`~skser.model_selection.ColumnStratifiedGroupKFold`) and
    ``scoring=column_scorer(...)`` to
    ``cross_val_score`` and ``GridSearchCV``, as in the example. scikit-learn's
    ``cv=5`` builds stratified folds from ``y`` itself, and sorting a frame that
    holds both strings and numbers fails inside scikit-learn with ``TypeError:
    '<' not supported between instances of 'float' and 'str'``; the pipeline is
    never called before that, so skser cannot replace the message.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.svm import LinearSVC
    >>> from skser.compose import TargetColumn
    >>> from skser.model_selection import ColumnStratifiedKFold, column_scorer
    >>> X = np.r_[np.zeros((5, 2)), np.ones((5, 2))]
    >>> y = pd.DataFrame({"emotion": ["sad"] * 5 + ["angry"] * 5,
    ...                   "activation": np.linspace(1, 5, 10)})
    >>> TargetColumn(LinearSVC(), "emotion").fit(X, y).predict([[1, 1]])
    array(['angry'], dtype=object)
    >>> cross_val_score(TargetColumn(LinearSVC(), "emotion"), X, y,
    ...                 cv=ColumnStratifiedKFold(5, "emotion"),
    ...                 scoring=column_scorer("balanced_accuracy", "emotion"))
    array([1., 1., 1., 1., 1.])
    """

    def __init__(self, estimator, column):
        self.estimator = estimator
        self.column = column

    def fit(self, X, y, **fit_params):
        """Fit the estimator on ``X`` and ``y[column]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input of the estimator.
        y : DataFrame or array-like of shape (n_samples,)
            Labels; the ``column`` of a DataFrame is used.
        **fit_params : dict
            Passed to the estimator's ``fit``.

        Returns
        -------
        self : TargetColumn
            The fitted wrapper.
        """
        self.estimator_ = clone(self.estimator).fit(
            X, label_column(y, self.column, self._owner()), **fit_params
        )
        if hasattr(self.estimator_, "classes_"):
            self.classes_ = self.estimator_.classes_
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        return self

    def predict(self, X):
        """Predict with the fitted estimator.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input of the estimator.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predictions for the ``column``.
        """
        check_is_fitted(self)
        return self.estimator_.predict(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Return the fitted estimator's decision function.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input of the estimator.

        Returns
        -------
        scores : ndarray
            As the estimator's ``decision_function``.
        """
        check_is_fitted(self)
        return self.estimator_.decision_function(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Return the fitted estimator's class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input of the estimator.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            As the estimator's ``predict_proba``.
        """
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    def score(self, X, y, sample_weight=None):
        """Score the fitted estimator on ``X`` and ``y[column]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input of the estimator.
        y : DataFrame or array-like of shape (n_samples,)
            Labels; the ``column`` of a DataFrame is used.
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to the estimator's ``score``.

        Returns
        -------
        score : float
            The estimator's own score (accuracy for a classifier, R2 for a
            regressor).
        """
        check_is_fitted(self)
        return self.estimator_.score(
            X,
            label_column(y, self.column, self._owner()),
            sample_weight=sample_weight,
        )

    def _owner(self):
        return f"TargetColumn(column={self.column!r})"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = self.estimator.__sklearn_tags__()
        tags.estimator_type = inner.estimator_type
        tags.classifier_tags = inner.classifier_tags
        tags.regressor_tags = inner.regressor_tags
        tags.input_tags = inner.input_tags
        tags.target_tags = inner.target_tags
        # One column of y is learnt: an unnamed multi-column y is refused.
        tags.target_tags.multi_output = False
        return tags


# -- pipelines and samplers -------------------------------------------------------


def _refuse_bare_samplers(steps, y):
    """Refuse an imbalanced-learn sampler that would be handed the label frame.

    A sampler resamples by one 1-D label; given a frame of several columns it fails
    deep inside numpy (``'<' not supported between 'float' and 'str'``) or, worse,
    resamples by a flattened frame. Samplers that read the frame themselves say
    so with ``_reads_label_frame = True`` (OutlierFilter, MixupGANAugmenter,
    ColumnSampler).
    """
    if not isinstance(y, pd.DataFrame) or y.shape[1] < 2:
        return
    for name, step in steps:
        if not hasattr(step, "fit_resample") or isinstance(
            step, _imblearn_pipeline.Pipeline
        ):
            continue
        if getattr(step, "_reads_label_frame", False):
            continue
        kind = type(step).__name__
        raise ValueError(
            f"step {name!r} ({kind}) is an imbalanced-learn sampler, which "
            "resamples by one 1-D label, but y is a label frame (columns: "
            f"{', '.join(map(str, y.columns))}). Wrap the sampler to resample by "
            f"one column and carry the others: ColumnSampler({kind}(...), "
            "'emotion') (skser.compose.ColumnSampler)"
        )


class Pipeline(_imblearn_pipeline.Pipeline):
    """imbalanced-learn's pipeline, refusing bare samplers given a label frame.

    Samplers act during fit only, as in imbalanced-learn. A step that is an
    imbalanced-learn sampler and does not read the label frame itself (anything
    but :class:`ColumnSampler`, :class:`~skser.preprocessing.OutlierFilter` and
    :class:`~skser.augmentation.MixupGANAugmenter`) is refused when ``y`` is a
    DataFrame of several columns, with the wrapper to use instead. The
    parameters are imbalanced-learn's :class:`imblearn.pipeline.Pipeline`'s.

    See Also
    --------
    make_pipeline : Build one from steps, naming them after their classes.
    ColumnSampler : Put any imbalanced-learn sampler in a pipeline with a label frame.
    """

    def _fit(self, X, y=None, routed_params=None, raw_params=None):
        _refuse_bare_samplers(self.steps, y)
        return super()._fit(X, y, routed_params, raw_params)


def make_pipeline(*steps, memory=None, transform_input=None, verbose=False):
    """Build a :class:`Pipeline` from steps, named after their classes.

    As imbalanced-learn's :func:`imblearn.pipeline.make_pipeline`, returning
    skser's :class:`Pipeline`.

    Parameters
    ----------
    *steps : estimators
        The steps, in order.
    memory : None, str or object with the joblib.Memory interface, default=None
        Cache of fitted transformers.
    transform_input : list of str, default=None
        Fit arguments transformed by the steps (metadata routing).
    verbose : bool, default=False
        Print the time each step takes.

    Returns
    -------
    pipeline : Pipeline
        The unfitted pipeline.

    Examples
    --------
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn.svm import LinearSVC
    >>> from skser.compose import TargetColumn, make_pipeline
    >>> make_pipeline(StandardScaler(), TargetColumn(LinearSVC(), "emotion")).steps[0]
    ('standardscaler', StandardScaler())
    """
    made = _imblearn_pipeline.make_pipeline(
        *steps, memory=memory, transform_input=transform_input, verbose=verbose
    )
    return Pipeline(**made.get_params(deep=False))


def _row_keys(X, labels):
    """One hashable key per row: its feature bytes and its label."""
    values = X.toarray() if sparse.issparse(X) else X
    values = np.ascontiguousarray(np.asarray(values, dtype=np.float64))
    return [
        (row.tobytes(), repr(label))
        for row, label in zip(values, np.asarray(labels, dtype=object), strict=True)
    ]


def _source_rows(X, labels, X_resampled, labels_resampled):
    """Return the input row each resampled row copies, or -1 for a new row.

    A resampled row whose features and label equal those of an input row copies
    the first such input row; any other row was made by the sampler (SMOTE's
    interpolations, cluster centroids).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric rows given to the sampler.
    labels : array-like of shape (n_samples,)
        Their labels.
    X_resampled : array-like of shape (n_resampled, n_features)
        The sampler's rows.
    labels_resampled : array-like of shape (n_resampled,)
        Their labels.

    Returns
    -------
    rows : ndarray of int of shape (n_resampled,)
        Position in ``X`` of each resampled row, -1 for a synthetic one.

    Examples
    --------
    >>> from skser.compose import _source_rows
    >>> _source_rows([[0.0], [1.0]], ["a", "b"], [[1.0], [0.5], [0.0]], ["b", "a", "a"])
    array([ 1, -1,  0])
    """
    first = {}
    for position, key in enumerate(_row_keys(X, labels)):
        first.setdefault(key, position)
    keys = _row_keys(X_resampled, labels_resampled)
    return np.asarray([first.get(key, -1) for key in keys], dtype=np.intp)


class ColumnSampler(BaseEstimator):
    """Resample by one column of the label frame with any imbalanced-learn sampler.

    The sampler (``SMOTE()``, ``RandomOverSampler()``, ``RandomUnderSampler()``, ...)
    sees ``X`` and the labels of ``column``; the rest of the label frame follows
    the rows it returns:

    - a kept or duplicated row keeps every label of its input row (the row is
      found through the sampler's ``sample_indices_``, or else by its features
      and label);
    - a row the sampler made (SMOTE's interpolations) has the resampled ``column``
      and NaN in every other column: skser's "unlabelled", so a latent model
      trains its reconstruction on it but not its supervised terms;
    - rows whose ``column`` is missing are not resampled: they follow the
      resampled rows unchanged.

    Like every sampler it acts only while a pipeline is fitted.

    Parameters
    ----------
    sampler : imbalanced-learn sampler
        The sampler to apply, e.g. ``SMOTE(random_state=0)``; cloned in fit.
    column : str, default="emotion"
        The column of ``y`` to resample by. A ``y`` that is not a DataFrame is
        used as it is.

    Attributes
    ----------
    sampler_ : sampler
        The fitted clone of ``sampler``.
    source_rows_ : ndarray of int of shape (n_resampled,)
        For each returned row, its position in the input; -1 for a row the
        sampler made.
    sample_indices_ : ndarray of int
        ``source_rows_``, only when every returned row is an input row (as
        imbalanced-learn's selecting samplers have it).
    n_synthetic_ : int
        Number of rows the sampler made.
    n_features_in_ : int
        Number of features.
    feature_names_in_ : ndarray of str
        Feature names, when ``X`` was a DataFrame.

    See Also
    --------
    make_pipeline : A pipeline that refuses bare samplers given a label frame.
    TargetColumn : The same idea for a final estimator.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from skser.compose import ColumnSampler
    >>> X = np.arange(4.0)[:, None]
    >>> y = pd.DataFrame({"emotion": ["sad", "sad", "sad", "angry"],
    ...                   "speaker": ["a", "b", "c", "d"]})
    >>> sampler = ColumnSampler(RandomOverSampler(random_state=0), "emotion")
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> y_res["emotion"].value_counts().to_dict()
    {'sad': 3, 'angry': 3}
    >>> y_res["speaker"].iloc[3:].tolist()
    ['d', 'd', 'd']
    """

    _reads_label_frame = True

    def __init__(self, sampler, column="emotion"):
        self.sampler = sampler
        self.column = column

    def fit(self, X, y):
        """Resample ``X`` and ``y`` and keep what was learnt.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Features.
        y : DataFrame or array-like of shape (n_samples,)
            The label frame (its ``column`` is resampled by) or the labels.

        Returns
        -------
        self : ColumnSampler
            The fitted wrapper.
        """
        self.fit_resample(X, y)
        return self

    def fit_resample(self, X, y):
        """Resample by ``y[column]``; the other columns follow the rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Features.
        y : DataFrame or array-like of shape (n_samples,)
            The label frame, or the labels.

        Returns
        -------
        X_resampled : ndarray or DataFrame of shape (n_resampled, n_features)
            As the sampler returns them, then the rows whose ``column`` is missing.
        y_resampled : DataFrame, or as the sampler returns it for a 1-D ``y``
            The label frame of the returned rows, with a fresh index.
        """
        if not hasattr(self.sampler, "fit_resample"):
            raise TypeError(
                f"ColumnSampler needs an imbalanced-learn sampler (with "
                f"fit_resample), got {type(self.sampler).__name__}"
            )
        if y is None:
            raise ValueError(
                "ColumnSampler requires y to be passed, but the target y is None; "
                f"pass the label frame (with the column {self.column!r}) or labels"
            )
        labels = label_column(y, self.column, f"ColumnSampler(column={self.column!r})")
        labelled = pd.notna(np.asarray(labels, dtype=object))
        rows = np.flatnonzero(labelled)
        unlabelled = np.flatnonzero(~labelled)
        X_labelled = _safe_indexing(X, rows) if len(unlabelled) else X
        labels_labelled = np.asarray(labels)[rows]
        self.sampler_ = clone(self.sampler)
        X_res, labels_res = self.sampler_.fit_resample(X_labelled, labels_labelled)
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(self.sampler_, name):
                setattr(self, name, getattr(self.sampler_, name))
        chosen = getattr(self.sampler_, "sample_indices_", None)
        if chosen is not None and len(chosen) == len(labels_res):
            sources = np.asarray(chosen, dtype=np.intp)
        else:
            sources = _source_rows(X_labelled, labels_labelled, X_res, labels_res)
        sources = np.where(sources >= 0, rows[np.maximum(sources, 0)], -1)
        if len(unlabelled):
            X_res = _stack(X_res, _safe_indexing(X, unlabelled))
            labels_res = np.concatenate(
                [np.asarray(labels_res, dtype=object), np.asarray(labels)[unlabelled]]
            )
            sources = np.concatenate([sources, unlabelled])
        self.source_rows_ = sources
        self.n_synthetic_ = int(np.sum(sources < 0))
        if self.n_synthetic_ == 0:
            self.sample_indices_ = sources
        elif hasattr(self, "sample_indices_"):
            del self.sample_indices_
        if not isinstance(y, pd.DataFrame):
            return X_res, labels_res
        return X_res, _follow_rows(y, self.column, labels_res, sources)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = self.sampler.__sklearn_tags__()
        tags.input_tags = inner.input_tags
        tags.target_tags = inner.target_tags
        tags.target_tags.required = True
        return tags


def _stack(X, rest):
    if isinstance(X, pd.DataFrame):
        return pd.concat([X, rest.set_axis(X.columns, axis=1)], ignore_index=True)
    if sparse.issparse(X):
        return sparse.vstack([X, rest], format=X.format)
    return np.concatenate([np.asarray(X), np.asarray(rest)])


def _follow_rows(y, column, labels, sources):
    """Build the label frame of resampled rows: copies keep theirs, new rows NaN."""
    synthetic = sources < 0
    picked = y.iloc[np.maximum(sources, 0)].reset_index(drop=True)
    frame = {}
    for name in y.columns:
        if name == column:
            values = pd.Series(labels, name=name)
            frame[name] = values.astype(y[name].dtype, errors="ignore")
        else:
            frame[name] = picked[name].where(~synthetic)
    return pd.DataFrame(frame, columns=y.columns)
