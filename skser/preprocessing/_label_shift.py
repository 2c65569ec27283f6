"""Label shift: a classifier's posteriors corrected for a new corpus's class priors.

The priors of the new corpus are estimated without its labels, by EM (Saerens et
al. 2002) or black-box shift estimation (Lipton et al. 2018), as pure functions
(:func:`em_class_priors`, :func:`bbse_class_priors`, :func:`adjust_posteriors`);
:class:`LabelShiftAdapter` applies them, and :func:`adapt_classifier` adapts any
classifier with an ``adapt`` method.
"""

import copy
from numbers import Integral

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    clone,
)
from sklearn.model_selection import cross_val_predict
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = [
    "LabelShiftAdapter",
    "adapt_classifier",
    "adjust_posteriors",
    "bbse_class_priors",
    "em_class_priors",
]


# -- the maths ------------------------------------------------------------------


def _priors(priors, n_classes, name):
    priors = np.asarray(priors, dtype=float)
    if priors.shape != (n_classes,) or np.any(priors < 0) or priors.sum() <= 0:
        raise ValueError(
            f"{name} must be {n_classes} non-negative class priors, got {priors}"
        )
    return priors / priors.sum()


def adjust_posteriors(probabilities, source_priors, target_priors):
    """Correct class posteriors for a change of class priors.

    p_t(k | x) is proportional to p_s(k | x) * pi_t(k) / pi_s(k) (Saerens et al.
    2002, Eq. 2.4), renormalised over the classes.

    Parameters
    ----------
    probabilities : array-like of shape (n_samples, n_classes)
        Posteriors under the source priors (rows sum to 1).
    source_priors, target_priors : array-like of shape (n_classes,)
        Class priors of the training data and of the new data (normalised here).

    Returns
    -------
    adjusted : ndarray of shape (n_samples, n_classes)
        Posteriors under the target priors. A row whose every reweighted
        posterior is 0 keeps its source posteriors.

    Raises
    ------
    ValueError
        If a prior vector does not match the number of classes or is negative.

    Examples
    --------
    >>> from skser.preprocessing import adjust_posteriors
    >>> adjust_posteriors([[0.5, 0.5]], [0.5, 0.5], [0.2, 0.8])
    array([[0.2, 0.8]])
    """
    probabilities = np.asarray(probabilities, dtype=float)
    n_classes = probabilities.shape[1]
    weights = _priors(target_priors, n_classes, "target_priors") / np.maximum(
        _priors(source_priors, n_classes, "source_priors"), 1e-12
    )
    adjusted = probabilities * weights
    total = adjusted.sum(axis=1, keepdims=True)
    empty = total[:, 0] <= 0
    adjusted[empty], total[empty] = probabilities[empty], 1.0
    return adjusted / total


def em_class_priors(probabilities, source_priors, *, max_iter=1000, tol=1e-8):
    """Estimate the class priors of unlabelled data by EM (Saerens et al. 2002).

    Alternates the E-step (posteriors corrected for the current priors, see
    :func:`adjust_posteriors`) and the M-step (priors = mean corrected posterior),
    starting from the source priors, until the priors move less than ``tol``.

    Parameters
    ----------
    probabilities : array-like of shape (n_samples, n_classes)
        Posteriors of a classifier trained under ``source_priors``, on the new
        data's rows.
    source_priors : array-like of shape (n_classes,)
        Class priors of the classifier's training data.
    max_iter : int, default=1000
        Most EM steps.
    tol : float, default=1e-8
        Stop when no prior moves by more than this.

    Returns
    -------
    priors : ndarray of shape (n_classes,)
        The estimated class priors of the new data (sum to 1).

    Raises
    ------
    ValueError
        If there are no rows, or the priors do not match the classes.

    References
    ----------
    .. [1] M. Saerens, P. Latinne, C. Decaestecker, "Adjusting the outputs of a
       classifier to new a priori probabilities: a simple procedure", Neural
       Computation 14(1), 2002, Eqs. 2.9-2.10.

    Examples
    --------
    >>> from skser.preprocessing import em_class_priors
    >>> em_class_priors([[0.9, 0.1], [0.9, 0.1], [0.1, 0.9]], [0.5, 0.5]).round(3)
    array([0.708, 0.292])
    """
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 2 or len(probabilities) == 0:
        raise ValueError(
            f"em_class_priors needs posteriors of shape (n_samples, n_classes) "
            f"with at least one row, got shape {probabilities.shape}"
        )
    source = _priors(source_priors, probabilities.shape[1], "source_priors")
    priors = source
    for _ in range(max_iter):
        updated = adjust_posteriors(probabilities, source, priors).mean(axis=0)
        if np.max(np.abs(updated - priors)) < tol:
            return updated
        priors = updated
    return priors


def bbse_class_priors(confusion, prediction_rates, source_priors):
    """Estimate class priors by black-box shift estimation (Lipton et al. 2018).

    With C[i, j] = P_source(predicted i, true j) and mu[i] = P_target(predicted i),
    the importance weights w = pi_target / pi_source solve C w = mu; they are found
    by least squares, clipped at 0, and turned into priors.

    Parameters
    ----------
    confusion : array-like of shape (n_classes, n_classes)
        Joint frequencies of (prediction, truth) on held-out source rows (rows:
        predicted class, columns: true class; normalised here to sum to 1).
    prediction_rates : array-like of shape (n_classes,)
        Share of the new data's rows predicted as each class.
    source_priors : array-like of shape (n_classes,)
        Class priors of the source data.

    Returns
    -------
    priors : ndarray of shape (n_classes,)
        The estimated class priors of the new data (sum to 1); the source priors
        when every weight is clipped to 0.

    References
    ----------
    .. [1] Z. C. Lipton, Y.-X. Wang, A. J. Smola, "Detecting and correcting for
       label shift with black box predictors", ICML 2018, Eq. 3.

    Examples
    --------
    >>> from skser.preprocessing import bbse_class_priors
    >>> confusion = [[0.4, 0.1], [0.1, 0.4]]  # 80 % right on balanced data
    >>> bbse_class_priors(confusion, [0.7, 0.3], [0.5, 0.5]).round(3)
    array([0.833, 0.167])
    """
    confusion = np.asarray(confusion, dtype=float)
    n_classes = confusion.shape[0]
    if confusion.shape != (n_classes, n_classes) or confusion.sum() <= 0:
        raise ValueError(
            f"confusion must be a square matrix of joint frequencies, got shape "
            f"{confusion.shape}"
        )
    source = _priors(source_priors, n_classes, "source_priors")
    rates = _priors(prediction_rates, n_classes, "prediction_rates")
    weights = np.linalg.lstsq(confusion / confusion.sum(), rates, rcond=None)[0]
    priors = np.clip(weights, 0, None) * source
    return source if priors.sum() <= 0 else priors / priors.sum()


class LabelShiftAdapter(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """A probabilistic classifier corrected for the new corpus's class priors.

    ``fit`` trains the estimator and records the training class priors;
    :meth:`adapt` estimates the class priors of a new corpus from its unlabelled
    rows (EM on the posteriors, Saerens et al. 2002; or black-box shift
    estimation from a cross-validated confusion matrix, Lipton et al. 2018) and
    :meth:`predict_proba` then returns the posteriors corrected for them
    (:func:`adjust_posteriors`). Before :meth:`adapt`, predictions are the
    estimator's own. EmoDB's four classes are 79/62/71/127 rows, URDU's are
    balanced: a classifier trained on EmoDB favours anger on URDU without this.

    Parameters
    ----------
    estimator : classifier
        With ``predict_proba``, e.g. ``LogisticRegression()`` or
        ``CalibratedClassifierCV(LinearSVC())``.
    method : {"em", "bbse"}, default="em"
        How the new priors are estimated.
    cv : int, default=5
        Folds of the cross-validated predictions that give BBSE's confusion matrix
        (``method="bbse"`` only).

    Attributes
    ----------
    estimator_ : classifier
        The fitted estimator.
    classes_ : ndarray of shape (n_classes,)
        Its classes.
    source_priors_ : ndarray of shape (n_classes,)
        Class shares of the training rows.
    target_priors_ : ndarray of shape (n_classes,)
        The priors the posteriors are corrected to (the source's until adapted).
    confusion_ : ndarray of shape (n_classes, n_classes)
        Joint frequencies of (prediction, truth) from cross-validation
        (``method="bbse"`` only).
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] M. Saerens, P. Latinne, C. Decaestecker, Neural Computation 14(1), 2002.
    .. [2] Z. C. Lipton, Y.-X. Wang, A. J. Smola, ICML 2018.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skser.preprocessing import LabelShiftAdapter
    >>> rng = np.random.default_rng(0)
    >>> X = np.r_[rng.normal(0, 1, (300, 1)), rng.normal(2, 1, (100, 1))]
    >>> y = np.r_[[0] * 300, [1] * 100]
    >>> model = LabelShiftAdapter(LogisticRegression()).fit(X, y)
    >>> model.source_priors_
    array([0.75, 0.25])
    >>> new = np.r_[rng.normal(0, 1, (100, 1)), rng.normal(2, 1, (300, 1))]
    >>> model.adapt(new).target_priors_.round(2)  # truth: 0.25, 0.75
    array([0.24, 0.76])
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit", "predict_proba"])],
        "method": [StrOptions({"em", "bbse"})],
        "cv": [Interval(Integral, 2, None, closed="left")],
    }

    def __init__(self, estimator, method="em", cv=5):
        self.estimator = estimator
        self.method = method
        self.cv = cv

    def fit(self, X, y):
        """Fit the estimator and record the training class priors.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training rows.
        y : array-like of shape (n_samples,)
            Their classes.

        Returns
        -------
        self : LabelShiftAdapter
            The fitted classifier.
        """
        self._validate_params()
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.estimator_ = clone(self.estimator).fit(X, y)
        self.classes_ = self.estimator_.classes_
        counts = np.array([np.sum(y == label) for label in self.classes_], float)
        self.source_priors_ = counts / counts.sum()
        self.target_priors_ = self.source_priors_.copy()
        if self.method == "bbse":
            folds = min(self.cv, int(counts.min())) if counts.min() >= 2 else 0
            if folds < 2:
                raise ValueError(
                    f"LabelShiftAdapter(method='bbse') needs at least 2 rows of "
                    f"every class for its cross-validated confusion matrix, got "
                    f"{dict(zip(self.classes_, counts.astype(int), strict=True))}"
                )
            predicted = cross_val_predict(clone(self.estimator), X, y, cv=folds)
            self.confusion_ = np.array(
                [[np.mean((predicted == p) & (y == t)) for t in self.classes_]
                 for p in self.classes_]
            )  # fmt: skip
        return self

    def adapt(self, X):
        """Estimate the class priors of a new corpus from its unlabelled rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Unlabelled rows of the new corpus (at least 1).

        Returns
        -------
        self : LabelShiftAdapter
            This classifier, with ``target_priors_`` set.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        probabilities = self.estimator_.predict_proba(X)
        if self.method == "em":
            self.target_priors_ = em_class_priors(probabilities, self.source_priors_)
        else:
            predicted = self.classes_[probabilities.argmax(axis=1)]
            rates = np.array([np.mean(predicted == c) for c in self.classes_])
            self.target_priors_ = bbse_class_priors(
                self.confusion_, rates, self.source_priors_
            )
        return self

    def predict_proba(self, X):
        """Class posteriors corrected for ``target_priors_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows to classify.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Corrected posteriors.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return adjust_posteriors(
            self.estimator_.predict_proba(X), self.source_priors_, self.target_priors_
        )

    def predict(self, X):
        """Predict the class of highest corrected posterior.

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
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def adapt_classifier(classifier, X_unlabelled):
    """Return a copy of a fitted classifier adapted to a new corpus, if it can be.

    A classifier with an ``adapt`` method (:class:`BalancedSelfTraining`,
    :class:`LabelShiftAdapter`), or a :class:`~skser.compose.TargetColumn` around
    one, is deep-copied and adapted to ``X_unlabelled``; any other is returned as
    it is.

    Parameters
    ----------
    classifier : fitted classifier
        The classifier trained on the source.
    X_unlabelled : array-like of shape (n_samples, n_features)
        Unlabelled rows of the new corpus, as the classifier sees them.

    Returns
    -------
    adapted : classifier
        The adapted copy, or ``classifier`` itself.
    """
    inner = getattr(classifier, "estimator_", None)
    if callable(getattr(classifier, "adapt", None)):
        return copy.deepcopy(classifier).adapt(X_unlabelled)
    if inner is not None and callable(getattr(inner, "adapt", None)):
        adapted = copy.deepcopy(classifier)
        adapted.estimator_.adapt(X_unlabelled)
        return adapted
    return classifier
