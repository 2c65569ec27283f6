"""CORAL: the covariance of one corpus mapped onto that of another (Sun et al. 2016).

A second-order alignment on top of the per-feature standardisation, using only
features, never emotion labels; the maths are pure functions (:func:`matrix_power`,
:func:`coral_matrix`).
"""

from numbers import Real

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["CORAL", "coral_matrix", "matrix_power"]


def matrix_power(C, power):
    """Return ``C ** power`` of a symmetric positive semi-definite matrix.

    Computed from the eigendecomposition ``C = V diag(w) V'`` as
    ``V diag(w ** power) V'``; eigenvalues below ``1e-12`` times the largest are
    treated as that floor, so a negative power of a singular matrix stays finite.

    Parameters
    ----------
    C : array-like of shape (n, n)
        Symmetric positive semi-definite matrix (e.g. a covariance).
    power : float
        Exponent, e.g. ``0.5`` or ``-0.5``.

    Returns
    -------
    C_power : ndarray of shape (n, n)
        The symmetric matrix power.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import matrix_power
    >>> matrix_power(np.diag([4.0, 9.0]), 0.5)
    array([[2., 0.],
           [0., 3.]])
    """
    C = np.asarray(C, dtype=np.float64)
    C = (C + C.T) / 2  # symmetric up to rounding
    eigenvalues, eigenvectors = np.linalg.eigh(C)
    floor = 1e-12 * max(eigenvalues.max(), np.finfo(float).tiny)
    eigenvalues = np.maximum(eigenvalues, floor)
    return (eigenvectors * eigenvalues**power) @ eigenvectors.T


def coral_matrix(source_covariance, target_covariance):
    """Return the CORAL map ``A = C_s^(-1/2) C_t^(1/2)`` (Sun et al. 2016, Alg. 1).

    Rows ``x`` of the source (centred, as row vectors) map to ``x A``: the source
    is whitened by ``C_s^(-1/2)`` and recoloured by ``C_t^(1/2)``, so the
    covariance of the mapped rows, ``A' C_s A``, equals ``C_t`` (Eq. 1 of the paper
    minimised to zero with this ``A``, the closed form of their Sec. 3.2).

    Parameters
    ----------
    source_covariance : array-like of shape (n_features, n_features)
        Covariance ``C_s`` of the rows to map (regularised, e.g. ``+ I``).
    target_covariance : array-like of shape (n_features, n_features)
        Covariance ``C_t`` to reach.

    Returns
    -------
    A : ndarray of shape (n_features, n_features)
        The linear map, applied as ``X @ A``.

    References
    ----------
    .. [1] B. Sun, J. Feng, K. Saenko, "Return of Frustratingly Easy Domain
       Adaptation", AAAI 2016, Algorithm 1.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import coral_matrix
    >>> coral_matrix(np.diag([4.0, 1.0]), np.diag([1.0, 9.0]))
    array([[0.5, 0. ],
           [0. , 3. ]])
    """
    return matrix_power(source_covariance, -0.5) @ matrix_power(target_covariance, 0.5)


_CONDITION_LIMIT = 1e-10


class CORAL(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Second-order alignment of a corpus to a reference corpus (CORAL).

    ``fit`` learns the mean ``m_r`` and covariance ``C_r`` of the reference corpus
    (the one a model is trained on). :meth:`adapt` learns, from unlabelled rows of
    another corpus, its mean ``m`` and covariance ``C``; from then on ``transform``
    maps a row ``x`` (a row vector) to

    ``x -> (x - m) C^(-1/2) C_r^(1/2) + m_r``

    (Sun et al. 2016, Algorithm 1: whitening and recolouring, each covariance
    regularised by ``+ regularization * I``), so the mapped corpus has the
    reference's mean and covariance. Sun et al. recolour the source to the target
    and retrain; this is the reverse map, which leaves a trained model as it is and
    needs the new corpus's statistics only. Before :meth:`adapt` the map is the
    identity. :func:`skser.preprocessing.adapt` calls :meth:`adapt` on every CORAL
    step of a pipeline, after refitting the pipeline's scaler, so the protocol
    aligns each transfer corpus from its adaptation rows.

    Parameters
    ----------
    regularization : float, default=1.0
        Added to the diagonal of both covariances (Sun et al. add the identity):
        needed when a corpus has fewer rows than features, and a shrinkage towards
        plain standardisation otherwise.

    Attributes
    ----------
    reference_mean_ : ndarray of shape (n_features,)
        Mean of the rows seen in ``fit``.
    reference_covariance_ : ndarray of shape (n_features, n_features)
        Their regularised covariance.
    mean_ : ndarray of shape (n_features,)
        Mean of the corpus being aligned (the reference's until :meth:`adapt`).
    covariance_ : ndarray of shape (n_features, n_features)
        Its regularised covariance.
    matrix_ : ndarray of shape (n_features, n_features)
        The map ``C^(-1/2) C_r^(1/2)`` (:func:`coral_matrix`).
    n_features_in_ : int
        Number of features.
    feature_names_in_ : ndarray of str
        Feature names, when ``X`` was a DataFrame.

    See Also
    --------
    coral_matrix : The map as a function.
    SpeakerScaler : First-order alignment per speaker.

    References
    ----------
    .. [1] B. Sun, J. Feng, K. Saenko, "Return of Frustratingly Easy Domain
       Adaptation", AAAI 2016, Eq. 1 and Algorithm 1.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import CORAL
    >>> rng = np.random.default_rng(0)
    >>> source = rng.standard_normal((500, 2))
    >>> target = rng.standard_normal((500, 2)) @ np.array([[3.0, 0.0], [2.0, 1.0]])
    >>> coral = CORAL(regularization=0.0).fit(source).adapt(target)
    >>> aligned = coral.transform(target)
    >>> np.allclose(np.cov(aligned.T, bias=True), np.cov(source.T, bias=True))
    True
    """

    _parameter_constraints = {
        "regularization": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, regularization=1.0):
        self.regularization = regularization

    def _moments(self, X, what):
        mean = X.mean(axis=0)
        covariance = np.atleast_2d(np.cov(X, rowvar=False, bias=True))
        regularised = covariance + self.regularization * np.eye(X.shape[1])
        self._check_conditioned(regularised, covariance, len(X), what)
        return mean, regularised

    def _check_conditioned(self, regularised, covariance, n_rows, what):
        """Refuse a covariance too close to singular to whiten by.

        Its inverse square root would scale the near-null directions by up to
        ``sqrt(largest / smallest eigenvalue)``: outputs of 1e6 from inputs of 1.
        """
        eigenvalues = np.linalg.eigvalsh(regularised)
        largest = eigenvalues.max()
        if largest > 0 and eigenvalues.min() > _CONDITION_LIMIT * largest:
            return
        variances = np.diag(covariance)
        flat = np.flatnonzero(variances <= _CONDITION_LIMIT * max(variances.max(), 0))
        names = getattr(self, "feature_names_in_", None)
        why = [f"{n_rows} rows for {len(variances)} features"]
        if len(flat):
            name = names[flat[0]] if names is not None else f"column {flat[0]}"
            why.append(
                f"{len(flat)} (near-)constant feature(s), the first {name!r} "
                f"(variance {variances[flat[0]]:.3g})"
            )
        ratio = max(eigenvalues.min(), 0) / max(largest, np.finfo(float).tiny)
        raise ValueError(
            f"CORAL(regularization={self.regularization}): the covariance of the "
            f"rows given to {what} is singular or nearly so ({'; '.join(why)}; "
            f"smallest / largest eigenvalue {ratio:.3g}): "
            "whitening by it would blow some directions up by orders of magnitude. "
            "Set regularization > 0 (Sun et al. add 1.0, the default), or give "
            "more rows than features and drop constant features"
        )

    def fit(self, X, y=None):
        """Learn the reference's mean and covariance.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows of the reference corpus.
        y : None
            Ignored.

        Returns
        -------
        self : CORAL
            The fitted step, the identity until :meth:`adapt`.
        """
        self._validate_params()
        X = validate_data(self, X, dtype=np.float64)
        self.reference_mean_, self.reference_covariance_ = self._moments(X, "fit")
        self.mean_, self.covariance_ = self.reference_mean_, self.reference_covariance_
        self.matrix_ = np.eye(X.shape[1])
        return self

    def adapt(self, X):
        """Learn the mean and covariance of the corpus to align, from its rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Unlabelled rows of the corpus to align (at least 2).

        Returns
        -------
        self : CORAL
            This step, now mapping that corpus onto the reference.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        if len(X) < 2:
            raise ValueError(
                f"CORAL.adapt needs at least 2 rows of the corpus to align, got "
                f"{len(X)}"
            )
        self.mean_, self.covariance_ = self._moments(X, "adapt")
        self.matrix_ = coral_matrix(self.covariance_, self.reference_covariance_)
        return self

    def transform(self, X):
        """Map rows onto the reference's mean and covariance.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows of the corpus given to :meth:`adapt` (or of the reference).

        Returns
        -------
        X_aligned : ndarray of shape (n_samples, n_features)
            The aligned rows.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return (X - self.mean_) @ self.matrix_ + self.reference_mean_
