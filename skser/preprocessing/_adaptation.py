"""Adapting to a new corpus with its unlabelled rows: the code and the classifier.

:func:`skser.preprocessing.adapt` standardises a fitted pipeline for a new corpus
and calls the ``adapt(X_unlabelled)`` method of every step that has one; the
cross-corpus protocol (:func:`skser.evaluation.cross_corpus_validate`) does the
same for its classifier on the latent code. This module holds such steps:

- :class:`AdaptiveScaler`: the latent code standardised with each corpus's own
  statistics (the idea of adaptive batch normalisation, Li et al. 2016);
- :class:`ShiftRobustSelector`: the features whose distributions differ least
  between corpora, ranked on unlabelled rows only;
- :class:`BalancedSelfTraining`: a classifier refitted on confident, class-balanced
  pseudo-labels of the new corpus's rows;
- :class:`LabelShiftAdapter`: a probabilistic classifier whose posteriors are
  corrected for the new corpus's class priors, estimated without labels by EM
  (Saerens et al. 2002) or black-box shift estimation (Lipton et al. 2018);

and the maths they use as pure functions (:func:`em_class_priors`,
:func:`bbse_class_priors`, :func:`adjust_posteriors`, :func:`distribution_shift`).
No step reads a label of the new corpus.
"""

import copy
import math
import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    OneToOneFeatureMixin,
    TransformerMixin,
    clone,
)
from sklearn.feature_selection import SelectorMixin
from sklearn.model_selection import cross_val_predict
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

__all__ = [
    "AdaptiveScaler",
    "BalancedSelfTraining",
    "LabelShiftAdapter",
    "ShiftRobustSelector",
    "adjust_posteriors",
    "adapt_classifier",
    "bbse_class_priors",
    "distribution_shift",
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


def distribution_shift(X_reference, X_other):
    """Per feature, how much two corpora's distributions differ.

    The two-sample Kolmogorov-Smirnov statistic (the largest distance between the
    two empirical distribution functions, in [0, 1]) of each column. Standardise
    each corpus with its own statistics first to measure the change of shape that
    standardisation leaves.

    Parameters
    ----------
    X_reference, X_other : array-like of shape (n_samples_*, n_features)
        Rows of the two corpora (at least one each), the same columns.

    Returns
    -------
    shift : ndarray of shape (n_features,)
        The KS statistic of each feature.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import distribution_shift
    >>> distribution_shift(np.c_[[0, 1, 2, 3], [0, 1, 2, 3]],
    ...                    np.c_[[0, 1, 2, 3], [2, 3, 4, 5]])
    array([0. , 0.5])
    """
    X_reference = np.asarray(X_reference, dtype=float)
    X_other = np.asarray(X_other, dtype=float)
    if X_reference.shape[1:] != X_other.shape[1:] or 0 in (
        len(X_reference),
        len(X_other),
    ):
        raise ValueError(
            f"distribution_shift needs two non-empty sets of rows with the same "
            f"columns, got shapes {X_reference.shape} and {X_other.shape}"
        )
    return np.atleast_1d(stats.ks_2samp(X_reference, X_other, axis=0).statistic)


# -- the code -------------------------------------------------------------------


class AdaptiveScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Standardise with the statistics of the corpus at hand (adaptive scaling).

    ``fit`` learns the mean and standard deviation of the training rows;
    :meth:`adapt` replaces them by those of a new corpus's unlabelled rows, so each
    corpus's rows leave this step with zero mean and unit variance per column. Put
    after a latent model, it standardises the latent code per corpus before the
    classifier: the idea of adaptive batch normalisation (Li et al. 2016) on a
    model without batch normalisation. :func:`skser.preprocessing.adapt` and the
    cross-corpus protocol call :meth:`adapt` on the transfer corpus's adaptation
    rows.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
        Mean of the rows last fitted or adapted to.
    scale_ : ndarray of shape (n_features,)
        Their standard deviation (1 where a column is constant).
    n_features_in_ : int
        Number of columns.

    See Also
    --------
    skser.preprocessing.adapt : Adapts every such step of a fitted pipeline.

    References
    ----------
    .. [1] Y. Li, N. Wang, J. Shi, J. Liu, X. Hou, "Revisiting batch normalization
       for practical domain adaptation", arXiv:1603.04779, 2016.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import AdaptiveScaler
    >>> scaler = AdaptiveScaler().fit([[0.0], [2.0]])
    >>> scaler.adapt([[10.0], [14.0]]).transform([[12.0], [14.0]])
    array([[0.],
           [1.]])
    """

    def _moments(self, X):
        self.mean_ = X.mean(axis=0)
        scale = X.std(axis=0)
        self.scale_ = np.where(scale > 1e-12 * np.maximum(1, np.abs(self.mean_)),
                               scale, 1.0)  # fmt: skip
        return self

    def fit(self, X, y=None):
        """Learn the mean and standard deviation of the training rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training rows.
        y : ignored
            Accepted for pipelines.

        Returns
        -------
        self : AdaptiveScaler
            The fitted step.
        """
        return self._moments(validate_data(self, X, dtype=np.float64))

    def adapt(self, X):
        """Learn the mean and standard deviation of a new corpus's rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Unlabelled rows of the new corpus (at least 2).

        Returns
        -------
        self : AdaptiveScaler
            This step, now standardising that corpus.

        Raises
        ------
        ValueError
            With fewer than 2 rows.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        if len(X) < 2:
            raise ValueError(
                f"AdaptiveScaler.adapt needs at least 2 rows of the new corpus, "
                f"got {len(X)}"
            )
        return self._moments(X)

    def transform(self, X):
        """Standardise rows with the statistics fitted or adapted to.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows to standardise.

        Returns
        -------
        X_scaled : ndarray of shape (n_samples, n_features)
            ``(X - mean_) / scale_``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return (X - self.mean_) / self.scale_


class ShiftRobustSelector(SelectorMixin, BaseEstimator):
    """Drop the features whose distributions differ most between corpora.

    Each feature is scored by :func:`distribution_shift` (the KS statistic) between
    the reference corpus's rows and each other corpus's rows, each corpus
    standardised with its own statistics first (so the score measures what the
    papers' per-corpus standardisation leaves); a feature's score is its largest
    over the other corpora, and the ``n_drop`` features with the highest scores
    are dropped. Labels are never read: only which corpus a row comes from, so
    the other corpus's rows can be unlabelled (in the cross-corpus protocol, with
    ``train_on_adaptation=True``).

    Parameters
    ----------
    n_drop : int, default=10
        Features to drop (fewer than the features there are).
    domain_column : str, default="corpus"
        Column of a label frame ``y`` naming each row's corpus. A ``y`` that is
        not a DataFrame is read as the corpus of each row.
    reference : str or None, default=None
        The corpus the others are compared with; by default the one with the most
        rows.

    Attributes
    ----------
    shift_scores_ : ndarray of shape (n_features,)
        Each feature's largest KS statistic against the reference (0 for every
        feature when ``y`` holds one corpus only).
    support_ : ndarray of bool, shape (n_features,)
        The kept features.
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of str
        Names of the input features, when given as a DataFrame.

    Warns
    -----
    UserWarning
        When ``y`` holds one corpus only: nothing to compare, every feature kept.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser.preprocessing import ShiftRobustSelector
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=(200, 2)), rng.normal(size=(200, 2))
    >>> b[:, 1] = rng.exponential(size=200)  # feature 1 changes shape
    >>> y = pd.DataFrame({"corpus": ["a"] * 200 + ["b"] * 200})
    >>> ShiftRobustSelector(n_drop=1).fit(np.r_[a, b], y).get_support()
    array([ True, False])
    """

    _parameter_constraints = {
        "n_drop": [Interval(Integral, 0, None, closed="left")],
        "domain_column": [str],
        "reference": [str, None],
    }

    def __init__(self, n_drop=10, domain_column="corpus", reference=None):
        self.n_drop = n_drop
        self.domain_column = domain_column
        self.reference = reference

    def _domains(self, y, n_samples):
        if y is None:
            return np.zeros(n_samples)
        if isinstance(y, pd.DataFrame):
            if self.domain_column not in y:
                raise ValueError(
                    f"ShiftRobustSelector: y has no column {self.domain_column!r} "
                    f"naming each row's corpus (columns: {', '.join(map(str, y))})"
                )
            y = y[self.domain_column]
        domains = np.asarray(y, dtype=object)
        if domains.shape != (n_samples,):
            raise ValueError(
                f"ShiftRobustSelector: y must give one corpus per row "
                f"({n_samples}), got shape {domains.shape}"
            )
        return domains

    def fit(self, X, y=None):
        """Score each feature's shift between corpora and choose the kept ones.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows of every corpus.
        y : DataFrame or array-like of shape (n_samples,)
            Label frame with ``domain_column``, or the corpus of each row.

        Returns
        -------
        self : ShiftRobustSelector
            The fitted selector.

        Raises
        ------
        ValueError
            If ``n_drop`` is not below the number of features, the corpus column is
            missing, or ``reference`` names no corpus of ``y``.
        """
        self._validate_params()
        X = validate_data(self, X, dtype=np.float64)
        if self.n_drop >= X.shape[1]:
            raise ValueError(
                f"ShiftRobustSelector: n_drop={self.n_drop} would drop every one "
                f"of the {X.shape[1]} feature(s); use fewer"
            )
        domains = self._domains(y, len(X))
        names, counts = np.unique(domains.astype(str), return_counts=True)
        names = [str(name) for name in names]
        reference = names[np.argmax(counts)] if self.reference is None else (
            self.reference)  # fmt: skip
        if reference not in names:
            raise ValueError(
                f"ShiftRobustSelector: reference corpus {reference!r} not in y "
                f"(corpora: {', '.join(names)})"
            )
        self.shift_scores_ = np.zeros(X.shape[1])
        others = [name for name in names if name != reference]
        if not others:
            warnings.warn(
                f"ShiftRobustSelector: every row is from corpus {reference!r}: no "
                f"shift to measure, every feature kept (give it the other "
                f"corpus's unlabelled rows, e.g. train_on_adaptation=True)",
                UserWarning,
                stacklevel=2,
            )
        keys = domains.astype(str)

        def own_scale(rows):
            std = rows.std(axis=0)
            return (rows - rows.mean(axis=0)) / np.where(std > 0, std, 1.0)

        reference_rows = own_scale(X[keys == reference])
        for name in others:
            shift = distribution_shift(reference_rows, own_scale(X[keys == name]))
            self.shift_scores_ = np.maximum(self.shift_scores_, shift)
        self.support_ = np.ones(X.shape[1], dtype=bool)
        if others and self.n_drop:
            # a stable order: ties dropped in column order
            worst = np.argsort(-self.shift_scores_, kind="stable")[: self.n_drop]
            self.support_[worst] = False
        return self

    def _get_support_mask(self):
        check_is_fitted(self)
        return self.support_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        return tags


# -- the classifier -------------------------------------------------------------


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


__all__ += ["balanced_pseudo_labels"]


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
