"""Alignment of corpora without emotion labels: per-speaker scaling and CORAL.

Two steps that shrink the shift between corpora before a latent model sees them,
using only features and metadata (speaker ids), never emotion labels:

- :class:`SpeakerScaler` standardises the features of each speaker with that
  speaker's own statistics (speaker normalisation), which removes the offsets and
  scales that a voice, a microphone or a session adds to every utterance.
- :class:`CORAL` maps the covariance of one corpus onto that of another (Sun et
  al. 2016), a second-order alignment on top of the per-feature standardisation.

The maths are pure functions (:func:`speaker_zscores`, :func:`matrix_power`,
:func:`coral_matrix`); the estimators only store and apply their statistics.
"""

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

__all__ = [
    "CORAL",
    "SpeakerScaler",
    "coral_matrix",
    "matrix_power",
    "speaker_ids",
    "speaker_zscores",
]


# -- maths -----------------------------------------------------------------------


def _moments(X):
    """Mean and population standard deviation per column; 1 where it is 0."""
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    # A constant column (or a single row) is centred, not divided by zero; the
    # threshold recognises constant columns despite rounding (cf. StandardScaler).
    scale = np.where(scale <= 10 * np.finfo(float).eps * (1 + np.abs(mean)), 1.0, scale)
    return mean, scale


def _speaker_id(value):
    """Return one spelling of a speaker id: ``7``, ``7.0`` and ``"7"`` are ``"7"``."""
    if isinstance(value, (Integral, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (Real, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def speaker_ids(values):
    """Return speaker ids as strings, one spelling per id.

    An id read as a number (``7``, ``7.0``, from a numeric column or a float
    array) and the same id read as text (``"7"``, as :func:`~skser.datasets.
    load_manifest` gives it) are the same speaker. Other strings are kept as
    they are (``"07"`` stays ``"07"``).

    Parameters
    ----------
    values : array-like of shape (n_samples,)
        Speaker ids of any type.

    Returns
    -------
    ids : ndarray of str of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import speaker_ids
    >>> speaker_ids([7, 7.0, "7", "07", "anna"]).tolist()
    ['7', '7', '7', '07', 'anna']
    """
    values = np.asarray(values, dtype=object).ravel()
    return np.asarray([_speaker_id(value) for value in values], dtype=str)


def _speaker_moments(X, speakers, min_samples):
    """Per-speaker means and scales, and the pooled ones; speakers sorted."""
    pooled = _moments(X)
    names, codes, counts = np.unique(speakers, return_inverse=True, return_counts=True)
    means = np.tile(pooled[0], (len(names), 1))
    scales = np.tile(pooled[1], (len(names), 1))
    for i in np.flatnonzero(counts >= min_samples):
        means[i], scales[i] = _moments(X[codes == i])
    return names, means, scales, counts, pooled


def speaker_zscores(X, speakers, min_samples=5):
    """Standardise the features of each speaker with that speaker's statistics.

    Row ``i`` of speaker ``s`` becomes ``(x_i - mean_s) / std_s`` per feature
    (population standard deviation; a constant feature is only centred). Speakers
    with fewer than ``min_samples`` rows use the statistics of all rows instead.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite feature values.
    speakers : array-like of shape (n_samples,)
        Speaker id of each row.
    min_samples : int, default=5
        Fewest rows a speaker needs for statistics of its own.

    Returns
    -------
    Z : ndarray of shape (n_samples, n_features)
        The standardised features.

    See Also
    --------
    SpeakerScaler : The same as a fitted transformer.

    References
    ----------
    .. [1] B. Schuller, B. Vlasenko, F. Eyben, M. Wöllmer, A. Stuhlsatz, A.
       Wendemuth, G. Rigoll, "Cross-Corpus Acoustic Emotion Recognition:
       Variances and Strategies", IEEE Trans. Affective Computing 1(2), 2010,
       Sec. 3 (speaker normalisation).

    Examples
    --------
    >>> import numpy as np
    >>> from skser.preprocessing import speaker_zscores
    >>> X = np.array([[1.0], [3.0], [10.0], [30.0]])
    >>> speaker_zscores(X, ["a", "a", "b", "b"], min_samples=2).ravel()
    array([-1.,  1., -1.,  1.])
    """
    X = np.asarray(X, dtype=np.float64)
    speakers = speaker_ids(speakers)
    _, means, scales, _, _ = _speaker_moments(X, speakers, min_samples)
    codes = np.unique(speakers, return_inverse=True)[1]
    return (X - means[codes]) / scales[codes]


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


# -- estimators ------------------------------------------------------------------


class SpeakerScaler(TransformerMixin, BaseEstimator):
    """Standardise features per speaker; the speaker id is a column of ``X``.

    Each row is standardised with the mean and standard deviation of its speaker's
    rows seen in ``fit`` (speaker normalisation). Rows of a speaker that ``fit``
    did not see, or saw fewer than ``min_samples`` times, use the statistics of all
    rows seen in ``fit`` (corpus-level standardisation). The speaker column is
    dropped from the output.

    The speaker travels as a column of ``X`` (as a ``ColumnTransformer`` reads
    columns by name) rather than through ``y`` or metadata routing: a pipeline
    hands ``transform`` nothing but ``X``, and every row that is transformed,
    training or not, needs its speaker. Put this step first, before steps that
    take only numbers (e.g. :class:`~skser.preprocessing.OutlierFilter`). Speaker
    ids are metadata, not emotion labels: fitting on an unlabelled corpus is fair
    in transfer (see :func:`speaker_zscores` to standardise one corpus at once).

    Parameters
    ----------
    speaker_column : str or int, default="speaker"
        Column of ``X`` holding the speaker id: a name for a DataFrame, a position
        for an array.
    min_samples : int, default=5
        Fewest rows a speaker needs in ``fit`` for statistics of its own.

    Attributes
    ----------
    speakers_ : ndarray
        The speakers seen in ``fit``, sorted.
    means_ : ndarray of shape (n_speakers, n_features_out)
        Mean of each speaker's features (the pooled mean for small speakers).
    scales_ : ndarray of shape (n_speakers, n_features_out)
        Standard deviation of each speaker's features (1 where constant).
    mean_ : ndarray of shape (n_features_out,)
        Mean of all rows, for unknown and small speakers.
    scale_ : ndarray of shape (n_features_out,)
        Standard deviation of all rows.
    speaker_counts_ : ndarray of int
        Rows per speaker in ``fit``.
    n_fallback_ : int
        Number of rows seen in ``fit`` whose speaker had fewer than
        ``min_samples`` rows, and so use the pooled statistics.
    n_features_in_ : int
        Number of input columns, the speaker column included.
    feature_names_in_ : ndarray of str
        Input column names, when ``X`` was a DataFrame.

    See Also
    --------
    speaker_zscores : The rule as a function.
    CORAL : Second-order alignment of a whole corpus.

    References
    ----------
    .. [1] B. Schuller, B. Vlasenko, F. Eyben, M. Wöllmer, A. Stuhlsatz, A.
       Wendemuth, G. Rigoll, "Cross-Corpus Acoustic Emotion Recognition:
       Variances and Strategies", IEEE Trans. Affective Computing 1(2), 2010.

    Examples
    --------
    >>> import pandas as pd
    >>> from skser.preprocessing import SpeakerScaler
    >>> X = pd.DataFrame({"speaker": ["a", "a", "b", "b"],
    ...                   "pitch": [100.0, 120.0, 200.0, 260.0]})
    >>> scaler = SpeakerScaler(min_samples=2).fit(X)
    >>> scaler.transform(X).ravel()
    array([-1.,  1., -1.,  1.])
    >>> scaler.get_feature_names_out()
    array(['pitch'], dtype=object)
    """

    _parameter_constraints = {
        "speaker_column": [str, Integral],
        "min_samples": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, speaker_column="speaker", min_samples=5):
        self.speaker_column = speaker_column
        self.min_samples = min_samples

    def _split(self, X, reset):
        """Return (features as float64, speaker ids) of ``X``."""
        if isinstance(X, pd.DataFrame) and isinstance(self.speaker_column, str):
            if self.speaker_column not in X.columns:
                raise ValueError(
                    f"X has no speaker column {self.speaker_column!r} (columns: "
                    f"{', '.join(map(str, X.columns[:8]))}, ...); add the speakers "
                    "as a column, e.g. X.assign(speaker=y['speaker'])"
                )
        validated = validate_data(
            self, X, reset=reset, dtype=None, ensure_all_finite=False
        )
        if isinstance(self.speaker_column, str):
            names = getattr(self, "feature_names_in_", None)
            if names is None or self.speaker_column not in names:
                raise ValueError(
                    f"speaker_column={self.speaker_column!r} names a column, but X "
                    "has no column names; pass a DataFrame, or give the column's "
                    "position as an int"
                )
            position = int(np.flatnonzero(names == self.speaker_column)[0])
        else:
            position = self.speaker_column
            if not -validated.shape[1] <= position < validated.shape[1]:
                raise ValueError(
                    f"speaker_column={position} is out of range for X with "
                    f"{validated.shape[1]} column(s)"
                )
            position %= validated.shape[1]
        if validated.shape[1] < 2:
            raise ValueError(
                f"X has {validated.shape[1]} feature(s) with the speaker column: "
                "SpeakerScaler needs the speaker column and at least one feature"
            )
        features = np.delete(validated, position, axis=1)
        features = check_array(features, dtype=np.float64)
        # The ids as given: validated holds them as floats when every column of a
        # DataFrame is numeric (7 -> 7.0).
        column = X.iloc[:, position] if isinstance(X, pd.DataFrame) else None
        speakers = pd.Series(
            validated[:, position] if column is None else column.to_numpy(),
            dtype=object,
        )
        numeric = pd.to_numeric(speakers, errors="coerce")
        missing = speakers.isna() | np.isinf(numeric.fillna(0).astype(float))
        if missing.any():
            raise ValueError(
                f"the speaker column {self.speaker_column!r} has {int(missing.sum())} "
                f"missing or infinite id(s) (NaN, infinity), the first in row "
                f"{int(np.argmax(missing.to_numpy()))}; give every row a speaker"
            )
        return features, speaker_ids(speakers), position

    def fit(self, X, y=None):
        """Learn each speaker's statistics and the pooled ones.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features + 1)
            Features and the speaker column.
        y : None
            Ignored.

        Returns
        -------
        self : SpeakerScaler
            The fitted scaler.
        """
        self._validate_params()
        features, speakers, self._position = self._split(X, reset=True)
        (self.speakers_, self.means_, self.scales_, self.speaker_counts_,
         (self.mean_, self.scale_)) = _speaker_moments(
            features, speakers, self.min_samples
        )  # fmt: skip
        small = self.speaker_counts_ < self.min_samples
        self.n_fallback_ = int(self.speaker_counts_[small].sum())
        return self

    def transform(self, X):
        """Standardise each row with its speaker's statistics.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features + 1)
            Features and the speaker column.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_features)
            Standardised features, the speaker column dropped.
        """
        check_is_fitted(self)
        features, speakers, _ = self._split(X, reset=False)
        position = np.searchsorted(self.speakers_, speakers)
        position = np.minimum(position, len(self.speakers_) - 1)
        known = self.speakers_[position] == speakers
        own = known & (self.speaker_counts_[position] >= self.min_samples)
        means = np.where(own[:, None], self.means_[position], self.mean_)
        scales = np.where(own[:, None], self.scales_[position], self.scale_)
        return (features - means) / scales

    def get_feature_names_out(self, input_features=None):
        """Return the names of the features: the input's, speaker column dropped.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input column names; by default ``feature_names_in_`` or ``x0``, ...

        Returns
        -------
        names : ndarray of str
            Output feature names.
        """
        check_is_fitted(self)
        if input_features is None:
            input_features = getattr(
                self, "feature_names_in_", [f"x{i}" for i in range(self.n_features_in_)]
            )
        names = np.asarray(input_features, dtype=object)
        if len(names) != self.n_features_in_:
            raise ValueError(
                f"input_features has {len(names)} names, X had "
                f"{self.n_features_in_} columns"
            )
        return np.delete(names, self._position)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # the speaker column
        return tags


#: Smallest ratio of a covariance's smallest to largest eigenvalue CORAL whitens by.
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
