"""Per-speaker standardisation: each speaker's features with that speaker's statistics.

:class:`SpeakerScaler` removes the offsets and scales that a voice, a microphone or a
session adds to every utterance, using only speaker ids, never emotion labels; the
maths are pure functions (:func:`speaker_ids`, :func:`speaker_zscores`).
"""

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

__all__ = ["SpeakerScaler", "speaker_ids", "speaker_zscores"]


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
