"""Preprocessing of feature tables: removal of outlying training rows."""

import math
import warnings
from numbers import Real

import numpy as np
from imblearn.base import BaseSampler
from sklearn.preprocessing import StandardScaler
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_consistent_length, validate_data

__all__ = ["OutlierFilter", "max_abs_zscore", "zscore_inliers"]


def zscore_inliers(X, threshold=10.0):
    """Flag the rows whose every feature lies within ``threshold`` standard deviations.

    z-scores use the mean and the population standard deviation (``ddof=0``) of each
    column of ``X``. A constant column has z = 0 everywhere, not a division by zero.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite feature values.
    threshold : float, default=10.0
        Largest absolute z-score a row may have in any column and still be kept.

    Returns
    -------
    inliers : ndarray of bool, shape (n_samples,)
        True for rows with ``|z| <= threshold`` in every column.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import zscore_inliers
    >>> X = np.r_[np.zeros((20, 2)), [[100.0, 0.0]]]
    >>> zscore_inliers(X, threshold=3.0)[-3:]
    array([ True,  True, False])
    """
    # StandardScaler recognises constant columns despite rounding (a column of 0.3
    # has a standard deviation of 5e-17, not 0) and leaves them unscaled.
    z = StandardScaler().fit_transform(np.asarray(X, dtype=np.float64))
    return np.all(np.abs(z) <= threshold, axis=1)


def max_abs_zscore(n_samples):
    """Return the largest absolute z-score any value can have among ``n_samples``.

    With the population standard deviation, no value of a sample of size n lies
    more than sqrt(n - 1) standard deviations from the mean (Samuelson's
    inequality); the bound is reached when all values but one are equal. So a
    filter at threshold t can drop a row only when n > t ** 2 + 1: for the paper's
    t = 10, only from 102 rows on.

    Parameters
    ----------
    n_samples : int
        Number of rows.

    Returns
    -------
    bound : float
        ``sqrt(n_samples - 1)``.

    References
    ----------
    .. [1] P. A. Samuelson, "How Deviant Can You Be?", Journal of the American
       Statistical Association 63(324), 1968.

    Examples
    --------
    >>> from skser.preprocessing import max_abs_zscore
    >>> max_abs_zscore(101), max_abs_zscore(102) > 10
    (10.0, True)
    """
    return math.sqrt(max(n_samples - 1, 0))


class OutlierFilter(BaseSampler):
    """Drop training rows with any feature beyond ``threshold`` standard deviations.

    Das et al. remove training samples whose eGeMAPS z-score exceeds 10 in any
    feature. As an imbalanced-learn sampler this acts only while a pipeline is
    fitted, and removes the rows of ``X`` and ``y`` together; prediction and
    transformation see every row. Use it inside :func:`skser.compose.make_pipeline`
    (imbalanced-learn's pipeline), not scikit-learn's.

    With n rows no z-score can exceed sqrt(n - 1) (see :func:`max_abs_zscore`), so
    on ``threshold ** 2 + 1`` rows or fewer (101 at the default threshold) the
    filter cannot drop anything; it warns when that happens.

    Rows with missing values (e.g. the NaN rows of files that failed under
    ``EGeMAPSExtractor(on_error="nan")``) are an error unless ``drop_missing=True``,
    which drops them with their labels during fit and reports how many in
    ``n_missing_``. Infinite values are always an error.

    Parameters
    ----------
    threshold : float, default=10.0
        Largest absolute z-score a kept row may have in any feature. z-scores use
        the mean and standard deviation of the rows without missing values passed
        to ``fit_resample``.
    drop_missing : bool, default=False
        Drop the rows with any NaN feature (and their labels) instead of raising.

    Attributes
    ----------
    sample_indices_ : ndarray of int
        Positions of the kept rows in the data passed to ``fit_resample``.
    n_missing_ : int
        Number of rows dropped because a feature was missing (NaN).
    n_outliers_ : int
        Number of rows dropped because a z-score exceeded ``threshold``.
    n_features_in_ : int
        Number of features seen during ``fit_resample``.
    feature_names_in_ : ndarray of str
        Names of the features, when ``X`` was a DataFrame.

    See Also
    --------
    zscore_inliers : The rule, as a function on an array.
    skser.compose.make_pipeline : A pipeline that runs samplers during fit.

    References
    ----------
    .. [1] S. Das, N. N. Lund, N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen,
       "Continuous Metric Learning For Transferable Speech Emotion Recognition and
       Embedding Across Low-resource Languages", NLDL 2022, Sec. 4.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import OutlierFilter
    >>> X = np.r_[np.zeros((20, 2)), [[100.0, 0.0]]]
    >>> y = np.arange(21)
    >>> X_kept, y_kept = OutlierFilter(threshold=3.0).fit_resample(X, y)
    >>> X_kept.shape, y_kept[-1]
    ((20, 2), np.int64(19))

    Rows left NaN by a file that failed to extract are dropped and counted:

    >>> X = np.r_[np.zeros((150, 2)), [[100.0, 0.0], [np.nan, np.nan]]]
    >>> sampler = OutlierFilter(drop_missing=True)
    >>> X_kept, _ = sampler.fit_resample(X)
    >>> len(X_kept), sampler.n_missing_, sampler.n_outliers_
    (150, 1, 1)
    """

    _sampling_type = "bypass"
    # Reads the label frame itself: skser's Pipeline lets it see a frame y.
    _reads_label_frame = True

    _parameter_constraints = {
        "threshold": [Interval(Real, 0, None, closed="neither")],
        "drop_missing": ["boolean"],
    }

    def __init__(self, threshold=10.0, drop_missing=False):
        self.threshold = threshold
        self.drop_missing = drop_missing

    def fit(self, X, y=None):
        """Find the rows to keep.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Feature values.
        y : None, array-like of shape (n_samples,) or DataFrame
            Ignored beyond a length check.

        Returns
        -------
        self : OutlierFilter
            The fitted filter.
        """
        self.fit_resample(X, y)
        return self

    def fit_resample(self, X, y=None):
        """Remove the outlying rows of ``X`` and the same rows of ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Feature values; a DataFrame stays a DataFrame with its index.
        y : None, array-like of shape (n_samples,) or DataFrame
            Labels of any kind: classes, continuous values, or a DataFrame of
            several label columns.

        Returns
        -------
        X_kept : array-like of shape (n_kept, n_features)
            The kept rows of ``X``, in their original order.
        y_kept : same type as ``y``
            The same rows of ``y`` (None when ``y`` is None).
        """
        self._validate_params()
        return self._fit_resample(X, y)

    def _fit_resample(self, X, y):
        # imbalanced-learn's own checks reject continuous and multi-column targets,
        # which skser's pipelines carry: only X is validated here.
        X_checked = validate_data(
            self, X, reset=True, dtype=np.float64, ensure_all_finite=False
        )
        if y is not None:
            check_consistent_length(X, y)
        present = self._rows_present(X_checked)
        self.n_missing_ = int(np.sum(~present))
        if not present.any():
            raise ValueError(
                f"every one of the {len(present)} rows of X has a missing (NaN) "
                "value: nothing is left to fit on"
            )
        if present.sum() <= self.threshold**2 + 1:
            warnings.warn(
                f"OutlierFilter(threshold={self.threshold}) cannot drop any of "
                f"{present.sum()} rows: no z-score can exceed sqrt(n - 1) = "
                f"{max_abs_zscore(present.sum()):.3g}. Outliers are only found "
                f"among more than {math.floor(self.threshold**2 + 1)} rows.",
                UserWarning,
                stacklevel=3,
            )
        rows = np.flatnonzero(present)
        inliers = zscore_inliers(X_checked[rows], self.threshold)
        self.n_outliers_ = int(np.sum(~inliers))
        self.sample_indices_ = rows[inliers]
        X_kept = _safe_indexing(X, self.sample_indices_)
        y_kept = None if y is None else _safe_indexing(y, self.sample_indices_)
        return X_kept, y_kept

    def _rows_present(self, X):
        """Flag rows without NaN; raise for infinities, and for NaN unless dropped."""
        for kind, bad in (("infinite", np.isinf(X)), ("missing (NaN)", np.isnan(X))):
            if not bad.any() or (kind.startswith("missing") and self.drop_missing):
                continue
            names = getattr(self, "feature_names_in_", None)
            column = int(np.argmax(bad.any(axis=0)))
            name = names[column] if names is not None else f"column {column}"
            hint = (
                "pass drop_missing=True to drop such rows (counted in n_missing_)"
                if kind.startswith("missing")
                else "remove or fix these rows before fitting"
            )
            raise ValueError(
                f"X has {bad.any(axis=1).sum()} row(s) with {kind} values, the first "
                f"in feature {name!r} (row {int(np.argmax(bad[:, column]))}); {hint}"
            )
        return ~np.isnan(X).any(axis=1)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = self.drop_missing
        tags.target_tags.required = False
        tags.input_tags.sparse = False  # z-scores need dense columns
        return tags


# -- transfer standardisation ---------------------------------------------------
