"""Self-training on a new corpus: a classifier refitted on its confident rows.

:class:`BalancedSelfTraining` refits a classifier on confident, class-balanced
pseudo-labels (:func:`balanced_pseudo_labels`) of the new corpus's unlabelled rows.
"""

import math
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
)
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

__all__ = ["BalancedSelfTraining", "balanced_pseudo_labels"]


def _labelled(y):
    """Which labels are present: NaN and None mark an unlabelled row."""
    if y.dtype.kind == "f":
        return ~np.isnan(y)
    if y.dtype != object:
        return np.ones(len(y), dtype=bool)
    return ~pd.isna(pd.Series(y, dtype=object)).to_numpy()


def _confidence(estimator, X):
    """Predicted class and its confidence: the top probability, else margin."""
    if hasattr(estimator, "predict_proba"):
        scores = estimator.predict_proba(X)
    else:
        scores = np.asarray(estimator.decision_function(X), dtype=float)
        if scores.ndim == 1:  # binary: the sign picks the class
            scores = np.c_[-scores, scores]
    return estimator.classes_[scores.argmax(axis=1)], scores.max(axis=1)


def balanced_pseudo_labels(predicted, confidence, classes, per_class):
    """Choose the ``per_class`` most confident rows predicted as each class.

    Parameters
    ----------
    predicted : array-like of shape (n_samples,)
        Predicted class of each unlabelled row.
    confidence : array-like of shape (n_samples,)
        The prediction's confidence (higher: surer).
    classes : sequence
        The classes to choose rows of.
    per_class : int
        Rows chosen for each class (fewer where fewer are predicted as it).

    Returns
    -------
    chosen : ndarray of bool, shape (n_samples,)
        The rows kept as pseudo-labelled.

    Examples
    --------
    >>> from skser.preprocessing import balanced_pseudo_labels
    >>> balanced_pseudo_labels(["a", "a", "a", "b"], [0.9, 0.5, 0.8, 0.1],
    ...                        ["a", "b"], per_class=2)
    array([ True, False,  True,  True])
    """
    predicted = np.asarray(predicted, dtype=object)
    confidence = np.asarray(confidence, dtype=float)
    chosen = np.zeros(len(predicted), dtype=bool)
    for label in classes:
        rows = np.flatnonzero(predicted == label)
        best = rows[np.argsort(-confidence[rows], kind="stable")[:per_class]]
        chosen[best] = True
    return chosen


class BalancedSelfTraining(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Self-training on unlabelled rows with class-balanced pseudo-labels.

    The estimator is fitted on the labelled rows, then for ``n_rounds`` rounds it
    predicts the unlabelled rows; in round r the ``ceil(r * share * n_unlabelled /
    n_classes)`` most confident rows predicted as each class are kept with that
    pseudo-label (a fixed share per predicted class, so a classifier biased
    towards one class cannot flood the training set with it), and the estimator is
    refitted on the labelled and pseudo-labelled rows. Unlabelled rows are those
    whose label is missing (NaN or None) in ``fit``, or the rows given to
    :meth:`adapt`: the cross-corpus protocol passes a transfer corpus's
    adaptation rows there, so the classifier adapts to the new corpus without
    its labels. scikit-learn's :class:`~sklearn.semi_supervised.SelfTrainingClassifier`
    has the mechanics; the class balance and the per-round growth are what
    cross-corpus work adds.

    Parameters
    ----------
    estimator : classifier
        With ``predict_proba`` or ``decision_function`` (the confidence), e.g.
        ``LinearSVC()``.
    share : float, default=0.2
        Share of the unlabelled rows added per round, split equally among the
        classes, in (0, 1].
    n_rounds : int, default=3
        Rounds of pseudo-labelling (0: the estimator on the labelled rows only).

    Attributes
    ----------
    estimator_ : classifier
        The estimator fitted on the labelled and the last round's pseudo-labelled
        rows.
    classes_ : ndarray of shape (n_classes,)
        The classes of the labelled rows.
    pseudo_labels_ : ndarray of object, shape (n_unlabelled,)
        The pseudo-label of each unlabelled row of the last fit or adaptation
        (None where none was kept).
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] D. Yarowsky, "Unsupervised word sense disambiguation rivaling supervised
       methods", ACL 1995 (self-training).
    .. [2] Y. Zou, Z. Yu, B. V. K. V. Kumar, J. Wang, "Unsupervised domain
       adaptation for semantic segmentation via class-balanced self-training",
       ECCV 2018.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.svm import LinearSVC
    >>> from skser.preprocessing import BalancedSelfTraining
    >>> X = np.r_[[[0.0], [1.0], [10.0], [11.0]]]
    >>> model = BalancedSelfTraining(LinearSVC(), share=0.5)
    >>> model = model.fit(X, ["a", "a", "b", "b"])
    >>> model.adapt([[2.0], [3.0], [8.0], [9.0]]).pseudo_labels_
    array(['a', 'a', 'b', 'b'], dtype=object)
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit", "predict"])],
        "share": [Interval(Real, 0, 1, closed="right")],
        "n_rounds": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, estimator, share=0.2, n_rounds=3):
        self.estimator = estimator
        self.share = share
        self.n_rounds = n_rounds

    def fit(self, X, y):
        """Fit on the labelled rows, then self-train on the unlabelled ones.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training rows.
        y : array-like of shape (n_samples,)
            Their classes; NaN or None marks an unlabelled row.

        Returns
        -------
        self : BalancedSelfTraining
            The fitted classifier.

        Raises
        ------
        ValueError
            If fewer than two classes are labelled.
        """
        self._validate_params()
        if y is None:
            raise ValueError(
                "BalancedSelfTraining requires y to be passed, but the target y is "
                "None (give NaN labels for the unlabelled rows)"
            )
        X = validate_data(self, X, dtype=np.float64)
        y = column_or_1d(y, warn=True)
        if len(y) != len(X):
            raise ValueError(
                f"BalancedSelfTraining: X has {len(X)} rows but y has {len(y)}"
            )
        known = _labelled(y)
        labels = y[known]
        check_classification_targets(labels)
        if len(np.unique(labels)) < 2:
            raise ValueError(
                f"BalancedSelfTraining needs at least two labelled classes, got "
                f"{len(np.unique(labels))} class(es): {list(np.unique(labels))}"
            )
        self.X_labelled_, self.y_labelled_ = X[known], labels
        return self._self_train(X[~known])

    def _self_train(self, X_unlabelled):
        self.estimator_ = clone(self.estimator).fit(self.X_labelled_, self.y_labelled_)
        self.classes_ = self.estimator_.classes_
        self.pseudo_labels_ = np.full(len(X_unlabelled), None, dtype=object)
        if len(X_unlabelled) == 0:
            return self
        for round_number in range(1, self.n_rounds + 1):
            predicted, confidence = _confidence(self.estimator_, X_unlabelled)
            # (rounded first: 3 * 0.2 * 400 / 2 is 120.00000000000001 in floats)
            per_class = round_number * self.share * len(X_unlabelled)
            per_class = math.ceil(round(per_class / len(self.classes_), 9))
            chosen = balanced_pseudo_labels(
                predicted, confidence, self.classes_, per_class
            )
            self.pseudo_labels_ = np.where(chosen, predicted, None).astype(object)
            X_fit = np.r_[self.X_labelled_, X_unlabelled[chosen]]
            y_fit = np.r_[self.y_labelled_, predicted[chosen]]
            self.estimator_ = clone(self.estimator).fit(X_fit, y_fit)
        return self

    def adapt(self, X):
        """Self-train again on a new corpus's unlabelled rows.

        The estimator is refitted from the labelled rows of ``fit`` and
        pseudo-labels of ``X`` (those of ``fit``'s unlabelled rows are dropped).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Unlabelled rows of the new corpus.

        Returns
        -------
        self : BalancedSelfTraining
            This classifier, adapted.
        """
        check_is_fitted(self)
        return self._self_train(validate_data(self, X, dtype=np.float64, reset=False))

    def predict(self, X):
        """Predict classes with the self-trained estimator.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows to classify.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted classes.
        """
        check_is_fitted(self)
        return self.estimator_.predict(
            validate_data(self, X, dtype=np.float64, reset=False)
        )

    def decision_function(self, X):
        """Return the self-trained estimator's confidence scores.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows to score.

        Returns
        -------
        scores : ndarray
            As the estimator's ``decision_function``, else ``predict_proba``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        if hasattr(self.estimator_, "decision_function"):
            return self.estimator_.decision_function(X)
        return self.estimator_.predict_proba(X)
