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
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone
from sklearn.metrics import get_scorer
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "ColumnStratifiedKFold",
    "Pipeline",
    "TargetColumn",
    "column_scorer",
    "make_pipeline",
]


def _column(y, column):
    """Return ``y[column]`` for a DataFrame ``y``; any other ``y`` as it is."""
    if isinstance(y, pd.DataFrame):
        if column not in y.columns:
            raise ValueError(
                f"target column {column!r} not in y (columns: "
                f"{', '.join(map(str, y.columns))})"
            )
        return y[column]
    return y


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

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.svm import LinearSVC
    >>> from skser.compose import TargetColumn
    >>> X = np.r_[np.zeros((5, 2)), np.ones((5, 2))]
    >>> y = pd.DataFrame({"emotion": ["sad"] * 5 + ["angry"] * 5,
    ...                   "activation": np.linspace(1, 5, 10)})
    >>> TargetColumn(LinearSVC(), "emotion").fit(X, y).predict([[1, 1]])
    array(['angry'], dtype=object)
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
            Ignored.

        Yields
        ------
        train, test : ndarray
            Indices of each fold.
        """
        labels = pd.Series(np.asarray(_column(y, self.column), dtype=object))
        # Unlabelled rows (missing values) form one more stratum of their own.
        labels = labels.where(labels.notna(), "<unlabelled>").astype(str)
        return super().split(X, labels.to_numpy(), groups)
