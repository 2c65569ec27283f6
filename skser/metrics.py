"""How well a latent code explains emotion labels, and how far corpora lie apart.

statsmodels fits the regressions (adjusted R2 and the F-test), scipy ranks; Lin's
concordance correlation coefficient (CCC) is computed here.
"""

import numpy as np
import statsmodels.api as sm
from scipy import stats
from sklearn.utils import check_random_state

__all__ = [
    "adjusted_r2",
    "bhattacharyya_distance",
    "concordance_correlation",
    "gaussian_bhattacharyya",
    "pairwise_adjusted_r2",
    "readout_concordance",
    "spearman",
]


def _as_2d(z):
    z = np.asarray(z, dtype=np.float64)
    return z.reshape(len(z), -1)


def _labelled(z, labels):
    """Return ``z`` and ``labels`` as arrays, without rows whose label is NaN."""
    z, labels = _as_2d(z), np.asarray(labels, dtype=np.float64).ravel()
    if len(z) != len(labels):
        raise ValueError(
            f"z has {len(z)} rows but labels has {len(labels)}; pass one label per row"
        )
    known = ~np.isnan(labels)
    return z[known], labels[known]


def _ols(regressors, response):
    return sm.OLS(response, sm.add_constant(regressors, has_constant="add")).fit()


def adjusted_r2(z, labels):
    """Compute the adjusted R2 of the OLS regression of labels on a latent code.

    ``labels ~ 1 + z``, with the p-value of the F-test that every slope is 0 (Das
    et al. 2022, Table 3). Rows with a NaN label are left out.

    Parameters
    ----------
    z : array-like of shape (n_samples, n_dims)
        Latent codes.
    labels : array-like of shape (n_samples,)
        Continuous labels, e.g. activation.

    Returns
    -------
    r2 : float
        Adjusted R2.
    p_value : float
        p-value of the F-test.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.metrics import adjusted_r2
    >>> z = np.arange(10.0)
    >>> r2, p = adjusted_r2(z, 2 * z + 1)
    >>> round(r2, 6)
    1.0
    """
    z, labels = _labelled(z, labels)
    fit = _ols(z, labels)
    return float(fit.rsquared_adj), float(fit.f_pvalue)


def concordance_correlation(y_true, y_pred):
    """Lin's concordance correlation coefficient (CCC) of two series.

    ``2 cov(x, y) / (var(x) + var(y) + (mean(x) - mean(y))^2)`` with population
    (1/n) moments (Lin 1989, Eq. 2a): Pearson's correlation, less for every
    difference in location and scale. 1 only when ``y_pred`` equals ``y_true``;
    symmetric in its arguments. Pairs where either value is NaN are left out.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, e.g. activation on the 1-5 scale.
    y_pred : array-like of shape (n_samples,)
        Predictions in the same unit.

    Returns
    -------
    ccc : float
        In [-1, 1]. Two identical constant series give 1 (perfect agreement,
        though the formula reads 0 / 0).

    Raises
    ------
    ValueError
        If the lengths differ, or fewer than two pairs have both values.

    References
    ----------
    .. [1] L. I.-K. Lin, "A concordance correlation coefficient to evaluate
       reproducibility", Biometrics 45(1), 255-268, 1989.

    Examples
    --------
    >>> from skser.metrics import concordance_correlation
    >>> round(concordance_correlation([1, 2, 3], [2, 2, 5]), 6)  # 2 / (2/3 + 2 + 1)
    0.545455
    """
    x = np.asarray(y_true, dtype=np.float64).ravel()
    y = np.asarray(y_pred, dtype=np.float64).ravel()
    if len(x) != len(y):
        raise ValueError(
            f"y_true has {len(x)} values but y_pred has {len(y)}; pass one "
            "prediction per label"
        )
    known = ~(np.isnan(x) | np.isnan(y))
    x, y = x[known], y[known]
    if len(x) < 2:
        raise ValueError(
            f"the CCC needs at least 2 pairs with both values, got {len(x)}"
        )
    dx, dy = x - x.mean(), y - y.mean()
    denominator = np.mean(dx**2) + np.mean(dy**2) + (x.mean() - y.mean()) ** 2
    if denominator == 0:  # both constant and equal
        return 1.0
    return float(2 * np.mean(dx * dy) / denominator)


def readout_concordance(z, labels):
    """CCC between labels and their linear read-out from a latent code.

    The read-out is the OLS fit ``labels ~ 1 + z`` of :func:`adjusted_r2` (the
    same regression, on the same rows), and the CCC is
    :func:`concordance_correlation` of the labels and its fitted values. Rows
    with a NaN label are left out.

    An in-sample least-squares fit keeps the mean and makes the covariance equal
    the fitted variance, so this CCC is ``2 R2 / (1 + R2)`` of the fit's plain
    R2: it states the read-out's quality on the CCC scale the field reports,
    not a second, independent score.

    Parameters
    ----------
    z : array-like of shape (n_samples, n_dims)
        Latent codes.
    labels : array-like of shape (n_samples,)
        Continuous labels, e.g. activation.

    Returns
    -------
    ccc : float
        In [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> from skser.metrics import readout_concordance
    >>> z = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    >>> round(readout_concordance(z, [0.0, 2.0, 1.0, 3.0, 5.0]), 6)  # 242 / 269
    0.899628
    """
    z, labels = _labelled(z, labels)
    return concordance_correlation(labels, _ols(z, labels).fittedvalues)


def _pairs(n, max_pairs, random_state):
    """Return index arrays of pairs i < j: all of them, or ``max_pairs`` drawn."""
    total = n * (n - 1) // 2
    if total <= max_pairs:
        return np.triu_indices(n, k=1)
    rng = check_random_state(random_state)
    first = rng.randint(0, n, size=max_pairs)
    offset = rng.randint(1, n, size=max_pairs)  # j != i
    second = (first + offset) % n
    return np.minimum(first, second), np.maximum(first, second)


def _pair_distances(z, labels, max_pairs, random_state):
    first, second = _pairs(len(z), max_pairs, random_state)
    return np.abs(z[first] - z[second]), np.abs(labels[first] - labels[second])


def pairwise_adjusted_r2(z, labels, max_pairs=20000, random_state=0):
    """Compute the adjusted R2 of label distances on per-dimension latent distances.

    Over pairs of rows, ``|l_i - l_j| ~ 1 + |z_i1 - z_j1| + ... + |z_ik - z_jk|``
    (Das et al. 2022, Table 1): how well the code's geometry keeps the label
    distances.

    Parameters
    ----------
    z : array-like of shape (n_samples, n_dims)
        Latent codes.
    labels : array-like of shape (n_samples,)
        Continuous labels; rows with NaN are left out.
    max_pairs : int, default=20000
        Above this many pairs, this many are drawn at random (with replacement).
    random_state : int, RandomState or None, default=0
        Seed of the draw: the same seed gives the same pairs.

    Returns
    -------
    r2 : float
        Adjusted R2.
    p_value : float
        p-value of the F-test.
    """
    z, labels = _labelled(z, labels)
    z_d, l_d = _pair_distances(z, labels, max_pairs, random_state)
    fit = _ols(z_d, l_d)
    return float(fit.rsquared_adj), float(fit.f_pvalue)


def spearman(z, labels, on="pairs", max_pairs=20000, random_state=0):
    """Spearman rank correlation between labels and the latent code.

    Parameters
    ----------
    z : array-like of shape (n_samples, n_dims)
        Latent codes.
    labels : array-like of shape (n_samples,)
        Continuous labels; rows with NaN are left out.
    on : {"pairs", "projection"}, default="pairs"
        ``"pairs"``: between label distances ``|l_i - l_j|`` and Euclidean latent
        distances ``||z_i - z_j||`` over pairs of rows (does the code keep the
        order of label distances?). ``"projection"``: between the labels and the
        OLS projection of ``z`` onto them, i.e. the fitted values of
        ``labels ~ 1 + z`` (does the code order the rows by label?).
    max_pairs : int, default=20000
        For ``on="pairs"``: above this many pairs, this many are drawn.
    random_state : int, RandomState or None, default=0
        Seed of the draw of pairs.

    Returns
    -------
    rho : float
        Spearman's rank correlation.
    p_value : float
        Its p-value (pairs are not independent: read it as descriptive).
    """
    z, labels = _labelled(z, labels)
    if on == "pairs":
        z_d, l_d = _pair_distances(z, labels, max_pairs, random_state)
        result = stats.spearmanr(np.linalg.norm(z_d, axis=1), l_d)
    elif on == "projection":
        result = stats.spearmanr(_ols(z, labels).fittedvalues, labels)
    else:
        raise ValueError(f"on must be 'pairs' or 'projection', got {on!r}")
    return float(result.statistic), float(result.pvalue)


def gaussian_bhattacharyya(mean_a, cov_a, mean_b, cov_b):
    """Bhattacharyya distance between two multivariate Gaussians.

    ``1/8 d' S^-1 d + 1/2 ln(det S / sqrt(det S_a det S_b))`` with
    ``d = mean_a - mean_b`` and ``S = (S_a + S_b) / 2``.

    Parameters
    ----------
    mean_a, mean_b : array-like of shape (n_dims,)
        Means.
    cov_a, cov_b : array-like of shape (n_dims, n_dims)
        Covariances (positive definite).

    Returns
    -------
    distance : float
        Non-negative; 0 for identical Gaussians.

    Examples
    --------
    >>> from skser.metrics import gaussian_bhattacharyya
    >>> gaussian_bhattacharyya([0.0], [[1.0]], [2.0], [[1.0]])  # (2^2) / 8
    0.5
    """
    mean_a, mean_b = np.atleast_1d(mean_a), np.atleast_1d(mean_b)
    cov_a, cov_b = np.atleast_2d(cov_a), np.atleast_2d(cov_b)
    cov = (cov_a + cov_b) / 2
    difference = mean_a - mean_b
    mahalanobis = difference @ np.linalg.solve(cov, difference) / 8
    logdet = np.linalg.slogdet(cov)[1]
    logdet_a, logdet_b = np.linalg.slogdet(cov_a)[1], np.linalg.slogdet(cov_b)[1]
    return float(mahalanobis + 0.5 * (logdet - 0.5 * (logdet_a + logdet_b)))


def bhattacharyya_distance(z_a, z_b, ridge=1e-6):
    """Bhattacharyya distance between Gaussian fits of two latent clouds.

    Measures how far a transfer corpus lies from the source in latent space: 0 for
    identical distributions.

    Parameters
    ----------
    z_a, z_b : array-like of shape (n_samples, n_dims)
        Latent codes of two corpora (the same dimensions).
    ridge : float, default=1e-6
        Added to the covariance diagonals, relative to their mean variance, so a
        collapsed dimension does not make them singular.

    Returns
    -------
    distance : float
        The distance between the Gaussian fits.
    """
    z_a, z_b = _as_2d(z_a), _as_2d(z_b)
    if z_a.shape[1] != z_b.shape[1]:
        raise ValueError(
            f"the codes differ in width: {z_a.shape[1]} and {z_b.shape[1]} dimensions"
        )

    def fit(z):
        cov = np.atleast_2d(np.cov(z, rowvar=False))
        scale = max(float(np.mean(np.diag(cov))), np.finfo(float).tiny)
        return z.mean(axis=0), cov + ridge * scale * np.eye(len(cov))

    return gaussian_bhattacharyya(*fit(z_a), *fit(z_b))
