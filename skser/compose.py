"""Pipelines over labels with several columns.

skser's pipelines carry one label frame ``y`` (emotion, activation, valence) through
every step: :class:`~skser.preprocessing.OutlierFilter` drops rows of X and y
together, a latent model learns from its ``target`` column(s), and
:class:`TargetColumn` lets the final estimator use another column. scikit-learn's
scoring strings and stratified folds do not know which column to use:
:func:`column_scorer` and :class:`ColumnStratifiedKFold` say it.

``Pipeline`` and ``make_pipeline`` are imbalanced-learn's, which run samplers during
fit only.
"""

import numpy as np
import pandas as pd
from imblearn.pipeline import Pipeline, make_pipeline
from pandas.api.types import infer_dtype
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone
from sklearn.metrics import get_scorer
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "ColumnStratifiedGroupKFold",
    "ColumnStratifiedKFold",
    "Pipeline",
    "TargetColumn",
    "column_scorer",
    "make_pipeline",
]


def _column(y, column):
    """Return ``y[column]`` for a DataFrame ``y``; any other ``y`` as it is.

    This is skser's one way of reading a label column. Labels of one column must be
    of one kind: a column that mixes numbers and strings (``1`` and ``"sad"``) is
    refused here with the column named, rather than deep inside scikit-learn.
    """
    if isinstance(y, pd.DataFrame):
        if column not in y.columns:
            raise ValueError(
                f"target column {column!r} not in y (columns: "
                f"{', '.join(map(str, y.columns))})"
            )
        _check_one_kind(y[column], repr(column))
        return y[column]
    if isinstance(y, pd.Series) or (isinstance(y, np.ndarray) and y.ndim == 1):
        _check_one_kind(y, "of y")
    return y


def _check_one_kind(values, name):
    """Refuse a label column that mixes numbers and strings."""
    if getattr(values, "dtype", None) is None or values.dtype.kind != "O":
        return
    if infer_dtype(values, skipna=True) not in ("mixed", "mixed-integer"):
        return
    examples = {}
    for value in pd.Series(values).dropna():
        examples.setdefault(type(value).__name__, value)
    shown = ", ".join(f"{kind} ({value!r})" for kind, value in examples.items())
    raise ValueError(
        f"label column {name} mixes value types: {shown}; give every label of a "
        "column one type (e.g. all strings)"
    )


def _transform_before(pipeline, stop, X):
    """Pass ``X`` through ``pipeline.steps[:stop]`` as at prediction time.

    Samplers act only during fit, so they are skipped, as imbalanced-learn's
    pipeline does in ``transform``.
    """
    for _, step in pipeline.steps[:stop]:
        if step is not None and step != "passthrough":
            if not hasattr(step, "fit_resample"):
                X = step.transform(X)
    return X


def _kept_rows(pipeline, n_rows):
    """Positions of the training rows that a fitted pipeline's samplers kept."""
    kept = np.arange(n_rows)
    for _, step in getattr(pipeline, "steps", []):
        if hasattr(step, "sample_indices_"):
            kept = kept[step.sample_indices_]
    return kept


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
    column_scorer : A scorer for ``cross_val_score`` / ``GridSearchCV`` on a column.
    ColumnStratifiedKFold : Folds stratified on a column of the label frame.

    Notes
    -----
    With a label frame ``y``, pass ``cv=ColumnStratifiedKFold(...)`` (or
    :class:`ColumnStratifiedGroupKFold`) and ``scoring=column_scorer(...)`` to
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
    >>> from skser.compose import ColumnStratifiedKFold, TargetColumn, column_scorer
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
            X, _column(y, self.column), **fit_params
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
            X, _column(y, self.column), sample_weight=sample_weight
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = self.estimator.__sklearn_tags__()
        tags.estimator_type = inner.estimator_type
        tags.classifier_tags = inner.classifier_tags
        tags.regressor_tags = inner.regressor_tags
        tags.input_tags = inner.input_tags
        tags.target_tags = inner.target_tags
        return tags


def column_scorer(scoring, column):
    """Make a scorer that scores predictions against one column of ``y``.

    Parameters
    ----------
    scoring : str or callable
        A scikit-learn scoring name (``"balanced_accuracy"``, ``"r2"``, ...) or a
        scorer.
    column : str
        The column of a DataFrame ``y`` to score against.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y)``, usable as ``scoring=`` in
        ``cross_val_score`` and ``GridSearchCV``.

    Examples
    --------
    >>> from skser.compose import column_scorer
    >>> scorer = column_scorer("balanced_accuracy", "emotion")
    """
    scorer = get_scorer(scoring)

    def score(estimator, X, y, **kwargs):
        return scorer(estimator, X, _column(y, column), **kwargs)

    score.__name__ = f"{scoring}_on_{column}" if isinstance(scoring, str) else column
    return score


class ColumnStratifiedKFold(StratifiedKFold):
    """Stratified k-fold over one column of a DataFrame ``y``.

    scikit-learn stratifies a classifier's folds on ``y``, which fails for a label
    frame with several columns; this splitter stratifies on ``column``. Rows whose
    label is missing are spread over the folds like one more class.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds.
    column : str, default="emotion"
        The column of ``y`` whose class proportions every fold keeps.
    shuffle : bool, default=False
        Shuffle each class's rows before splitting.
    random_state : int, RandomState or None, default=None
        Seed of the shuffle.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser.compose import ColumnStratifiedKFold
    >>> y = pd.DataFrame({"emotion": ["sad", "angry"] * 5, "activation": range(10)})
    >>> [len(test) for _, test in ColumnStratifiedKFold(5).split(np.zeros(10), y)]
    [2, 2, 2, 2, 2]
    """

    def __init__(
        self, n_splits=5, column="emotion", *, shuffle=False, random_state=None
    ):
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)
        self.column = column

    def split(self, X, y, groups=None):
        """Yield train and test indices stratified on ``y[column]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Only its length is used.
        y : DataFrame or array-like of shape (n_samples,)
            Labels; the ``column`` of a DataFrame is used.
        groups : None
            Must be None: these folds are not grouped. Use
            :class:`ColumnStratifiedGroupKFold` for speaker-independent folds.

        Yields
        ------
        train, test : ndarray
            Indices of each fold.
        """
        if groups is not None:
            raise ValueError(
                "ColumnStratifiedKFold does not group rows, so groups= would be "
                "ignored; use ColumnStratifiedGroupKFold for group (e.g. speaker) "
                "independent folds"
            )
        return super().split(X, _strata(y, self.column))


def _strata(y, column):
    """Class labels of ``y[column]`` as strings; unlabelled rows form one stratum."""
    labels = pd.Series(np.asarray(_column(y, column), dtype=object))
    return labels.where(labels.notna(), "<unlabelled>").astype(str).to_numpy()


class ColumnStratifiedGroupKFold(StratifiedGroupKFold):
    """Stratified k-fold over one column of ``y``, groups from another column.

    Every group (e.g. speaker) lies in one fold only, so a model is scored on
    speakers it never heard; class proportions are kept as far as the groups
    allow (scikit-learn's :class:`~sklearn.model_selection.StratifiedGroupKFold`
    does the work). The groups come from ``y[group_column]`` unless ``groups=`` is
    passed to :meth:`split`. Rows whose label is missing form one more stratum.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds; at most the number of groups.
    column : str, default="emotion"
        The column of ``y`` whose class proportions every fold keeps.
    group_column : str, default="speaker"
        The column of the label frame ``y`` that names each row's group.
    shuffle : bool, default=False
        Shuffle the groups before splitting.
    random_state : int, RandomState or None, default=None
        Seed of the shuffle.

    See Also
    --------
    ColumnStratifiedKFold : The same without groups.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser.compose import ColumnStratifiedGroupKFold
    >>> y = pd.DataFrame({"emotion": ["sad", "angry"] * 6,
    ...                   "speaker": np.repeat([1, 2, 3], 4)})
    >>> cv = ColumnStratifiedGroupKFold(3)
    >>> [sorted(set(y["speaker"].iloc[test])) for _, test in cv.split(y, y)]
    [[1], [2], [3]]
    """

    def __init__(
        self,
        n_splits=5,
        column="emotion",
        group_column="speaker",
        *,
        shuffle=False,
        random_state=None,
    ):
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)
        self.column = column
        self.group_column = group_column

    def split(self, X, y, groups=None):
        """Yield train and test indices with no group on both sides.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Only its length is used.
        y : DataFrame
            Labels with ``column`` and, unless ``groups`` is given,
            ``group_column``.
        groups : array-like of shape (n_samples,), default=None
            Group of each row; by default ``y[group_column]``.

        Yields
        ------
        train, test : ndarray
            Indices of each fold.
        """
        if groups is None:
            if not isinstance(y, pd.DataFrame):
                raise ValueError(
                    f"groups come from the column {self.group_column!r} of a label "
                    "frame y; pass y as a DataFrame or pass groups="
                )
            groups = _column(y, self.group_column)
        groups = pd.Series(np.asarray(groups, dtype=object))
        if groups.isna().any():
            raise ValueError(
                f"{int(groups.isna().sum())} row(s) have no group "
                f"({self.group_column!r} is missing); every row needs one"
            )
        n_groups = groups.nunique()
        if n_groups < self.n_splits:
            raise ValueError(
                f"{self.n_splits} group folds need at least {self.n_splits} groups "
                f"in {self.group_column!r}, found {n_groups}"
            )
        return super().split(X, _strata(y, self.column), groups.astype(str).to_numpy())
