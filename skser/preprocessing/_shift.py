"""Covariate shift without labels: the code per corpus, the features that shift least.

- :class:`AdaptiveScaler`: the latent code standardised with each corpus's own
  statistics (the idea of adaptive batch normalisation, Li et al. 2016);
- :class:`ShiftRobustSelector`: the features whose distributions differ least
  between corpora (:func:`distribution_shift`), ranked on unlabelled rows only.
"""

import warnings
from numbers import Integral

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import (
    BaseEstimator,
    OneToOneFeatureMixin,
    TransformerMixin,
)
from sklearn.feature_selection import SelectorMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["AdaptiveScaler", "ShiftRobustSelector", "distribution_shift"]


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
