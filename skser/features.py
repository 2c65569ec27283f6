"""The 88 eGeMAPS functionals of openSMILE, as a scikit-learn transformer.

openSMILE is free for research use only (audEERING's licence); check its terms before
any commercial use of features extracted with it.
"""

import functools
import os
import warnings
from numbers import Integral

import joblib
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import Interval, StrOptions
from tqdm.auto import tqdm

__all__ = [
    "EGEMAPS_GROUPS",
    "EGeMAPSExtractor",
    "ExtractionError",
    "egemaps_feature_names",
]

EGEMAPS_N_FEATURES = 88


@functools.lru_cache(maxsize=None)
def _smile(sampling_rate):
    """Return one openSMILE eGeMAPSv02 extractor per rate, built once per process."""
    import opensmile  # imported here: worker processes pay for it only when used

    return opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02,
        feature_level=opensmile.FeatureLevel.Functionals,
        sampling_rate=sampling_rate,
        resample=True,
        mixdown=True,
    )


def egemaps_feature_names():
    """Return the names of the 88 eGeMAPSv02 functionals, in openSMILE's order.

    Returns
    -------
    names : list of str
        openSMILE's feature names, e.g. ``"F0semitoneFrom27.5Hz_sma3nz_amean"``.

    Examples
    --------
    >>> from skser.features import egemaps_feature_names
    >>> names = egemaps_feature_names()
    >>> len(names), names[-1]
    (88, 'equivalentSoundLevel_dBp')
    """
    return list(_smile(16000).feature_names)


# Feature groups of Eyben et al. (2016), Table 1, in the order a name is tested
# against them: the first prefix that matches decides ("loudnessPeaksPerSec" is a
# temporal feature, not a loudness one).
_GROUP_PREFIXES = (
    ("temporal", ("loudnessPeaksPerSec", "VoicedSegments", "MeanVoiced",
                  "StddevVoiced", "MeanUnvoiced", "StddevUnvoiced")),
    ("pitch", ("F0semitone",)),
    ("loudness", ("loudness_",)),
    ("spectral flux", ("spectralFlux",)),
    ("MFCC", ("mfcc",)),
    ("formants", ("F1", "F2", "F3")),
    ("voice quality", ("jitter", "shimmer", "HNR", "logRelF0-H1-H2",
                       "logRelF0-H1-A3")),
    ("spectral balance", ("alphaRatio", "hammarberg", "slope")),
    ("sound level", ("equivalentSoundLevel",)),
)  # fmt: skip


def _feature_group(name):
    for group, prefixes in _GROUP_PREFIXES:
        if name.startswith(prefixes):
            return group
    raise ValueError(f"eGeMAPS feature {name!r} belongs to no known group")


#: Maps each of the 88 eGeMAPS feature names to its feature group: pitch, loudness,
#: spectral flux, MFCC, formants, voice quality (jitter, shimmer, HNR, H1-H2, H1-A3),
#: spectral balance (alpha ratio, Hammarberg index, spectral slopes), temporal
#: (rates and segment lengths) or sound level (equivalent sound level).
EGEMAPS_GROUPS = {name: _feature_group(name) for name in egemaps_feature_names()}


class ExtractionError(ValueError):
    """Raised when features cannot be extracted from some audio files.

    Parameters
    ----------
    failures : dict of str to str
        Maps each file that failed to what went wrong.
    """

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(
            f"could not extract eGeMAPS features from {len(self.failures)} "
            f"file(s):\n{_describe_failures(self.failures)}\nFix or remove these "
            "files, or pass on_error='nan' to get NaN rows and a warning instead."
        )


def _describe_failures(failures, limit=20):
    lines = [f"  {path}: {reason}" for path, reason in list(failures.items())[:limit]]
    if len(failures) > limit:
        lines.append(f"  ... and {len(failures) - limit} more")
    return "\n".join(lines)


def _extract_file(path, sampling_rate):
    """Extract one file's features; return ``(values, None)`` or ``(None, reason)``."""
    try:
        frame = _smile(sampling_rate).process_file(path)
    except Exception as exc:  # openSMILE and its readers raise many types
        return None, f"not readable as audio ({type(exc).__name__}: {exc})"
    values = frame.to_numpy(dtype=np.float64)[0]
    if np.isnan(values).any():
        return None, "too short for any analysis frame (openSMILE returned NaN)"
    return values, None


def _extract_file_keyed(path, size, mtime_ns, sampling_rate):
    # size and mtime_ns are only cache keys: a changed file gets a new entry.
    return _extract_file(path, sampling_rate)


class EGeMAPSExtractor(TransformerMixin, BaseEstimator):
    """Extract the 88 eGeMAPS functionals from audio files with openSMILE.

    Every file is mixed down to mono and resampled to ``sampling_rate`` before
    extraction, so corpora recorded at different rates give comparable features
    (openSMILE does not resample by itself). The transformer is stateless: ``fit``
    only checks its input.

    openSMILE is free for research use only; see audEERING's licence terms.

    Parameters
    ----------
    path_column : str, default="path"
        Column holding the file paths when ``X`` is a DataFrame.
    sampling_rate : int, default=16000
        Rate in Hz that every file is resampled to before extraction.
    n_jobs : int, default=None
        Number of files extracted at once (joblib, threads by default since
        openSMILE releases the GIL; ``joblib.parallel_config`` can choose
        processes). ``None`` means 1, ``-1`` one per core.
    cache : str or os.PathLike, default=None
        Directory of a persistent on-disk cache (joblib.Memory). Entries are keyed
        by path, size, modification time and ``sampling_rate``, so a changed file is
        extracted again. ``None`` disables caching.
    progress : bool, default=False
        Show a progress bar (tqdm) over the files being extracted.
    on_error : {"raise", "nan"}, default="raise"
        What to do with files that cannot be extracted (missing, not audio, too
        short for one analysis frame): raise an :class:`ExtractionError` naming
        them all, or return a row of NaN for each and warn with the list.

    See Also
    --------
    skser.preprocessing.OutlierFilter : Drops training rows with extreme features.
    EGEMAPS_GROUPS : Feature group of each output column.

    References
    ----------
    .. [1] F. Eyben et al., "The Geneva Minimalistic Acoustic Parameter Set (GeMAPS)
       for Voice Research and Affective Computing", IEEE Transactions on Affective
       Computing 7(2), 2016.
    .. [2] F. Eyben, M. Woellmer, B. Schuller, "openSMILE: the Munich versatile and
       fast open-source audio feature extractor", ACM Multimedia, 2010.

    Examples
    --------
    >>> import numpy as np, soundfile as sf, tempfile, os
    >>> from skser import EGeMAPSExtractor
    >>> folder = tempfile.mkdtemp()
    >>> t = np.arange(22050) / 22050
    >>> path = os.path.join(folder, "tone.wav")
    >>> sf.write(path, 0.3 * np.sin(2 * np.pi * 220 * t), 22050)
    >>> X = EGeMAPSExtractor().fit_transform([path])
    >>> X.shape
    (1, 88)
    """

    _parameter_constraints = {
        "path_column": [str],
        "sampling_rate": [Interval(Integral, 1, None, closed="left")],
        "n_jobs": [Integral, None],
        "cache": [str, os.PathLike, None],
        "progress": ["boolean"],
        "on_error": [StrOptions({"raise", "nan"})],
    }

    def __init__(
        self,
        path_column="path",
        sampling_rate=16000,
        n_jobs=None,
        cache=None,
        progress=False,
        on_error="raise",
    ):
        self.path_column = path_column
        self.sampling_rate = sampling_rate
        self.n_jobs = n_jobs
        self.cache = cache
        self.progress = progress
        self.on_error = on_error

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.transformer_tags.preserves_dtype = []
        return tags

    def fit(self, X, y=None):
        """Check the input; the extractor learns nothing.

        Parameters
        ----------
        X : sequence of path-like or DataFrame
            Audio file paths, or a DataFrame with a ``path_column`` column.
        y : None
            Ignored.

        Returns
        -------
        self : EGeMAPSExtractor
            The extractor.
        """
        self._validate_params()
        self._paths(X)
        return self

    def transform(self, X):
        """Extract the 88 eGeMAPS functionals of each file.

        Parameters
        ----------
        X : sequence of path-like or DataFrame
            Audio file paths, or a DataFrame with a ``path_column`` column.

        Returns
        -------
        features : ndarray of shape (n_files, 88)
            One row per file, in the order given; a DataFrame with openSMILE's
            feature names under ``set_output(transform="pandas")``.
        """
        self._validate_params()
        paths = self._paths(X)
        features = np.full((len(paths), EGEMAPS_N_FEATURES), np.nan)
        failures = {}
        todo = []  # (row, path, size, mtime_ns) of files that need openSMILE
        for row, path in enumerate(paths):
            try:
                stat = os.stat(path)
            except FileNotFoundError:
                failures[path] = "file not found"
                continue
            except OSError as exc:
                failures[path] = f"cannot be opened ({exc.strerror})"
                continue
            if not os.path.isfile(path):
                failures[path] = "not a file"
                continue
            todo.append((row, path, stat.st_size, stat.st_mtime_ns))

        for (row, path, *_), (values, reason) in zip(
            todo, self._extract(todo), strict=True
        ):
            if reason is None:
                features[row] = values
            else:
                failures[path] = reason

        if failures:
            if self.on_error == "raise":
                raise ExtractionError(failures)
            warnings.warn(
                f"eGeMAPS extraction failed for {len(failures)} file(s); their rows "
                f"are NaN:\n{_describe_failures(failures)}",
                UserWarning,
                stacklevel=2,
            )
        return features

    def _extract(self, todo):
        """Return ``(values, reason)`` for each ``(row, path, size, mtime_ns)``."""
        if self.cache is None:
            extract = functools.partial(_extract_file, sampling_rate=self.sampling_rate)
            calls = [(path,) for _, path, _, _ in todo]
            results = [None] * len(calls)
        else:
            extract = joblib.Memory(os.fspath(self.cache), verbose=0).cache(
                _extract_file_keyed
            )
            calls = [
                (path, size, mtime, self.sampling_rate) for _, path, size, mtime in todo
            ]
            # Cache hits load in this process: cheaper than shipping them to workers.
            results = [
                extract(*c) if extract.check_call_in_cache(*c) else None for c in calls
            ]
        missing = [i for i, result in enumerate(results) if result is None]
        # openSMILE runs in native code that releases the GIL: threads scale without
        # the start-up cost of processes. joblib.parallel_config can still choose
        # another backend.
        parallel = joblib.Parallel(
            n_jobs=self.n_jobs, prefer="threads", return_as="generator"
        )
        with warnings.catch_warnings():
            # openSMILE warns and fills NaN for a short file; _extract_file says so.
            warnings.filterwarnings("ignore", "Segment too short", UserWarning)
            computed = parallel(joblib.delayed(extract)(*calls[i]) for i in missing)
            progress = tqdm(
                computed,
                total=len(missing),
                desc="eGeMAPS",
                unit="file",
                disable=not self.progress or not missing,
            )
            for i, result in zip(missing, progress, strict=True):
                results[i] = result
        return results

    def _paths(self, X):
        """Return the file paths in ``X`` as a list of str, or raise a clear error."""
        if isinstance(X, pd.DataFrame):
            if self.path_column not in X.columns:
                raise ValueError(
                    f"path column {self.path_column!r} not in X (columns: "
                    f"{', '.join(map(str, X.columns))}); set path_column= to the "
                    "column that holds the audio file paths"
                )
            X = X[self.path_column]
        if isinstance(X, (str, bytes, os.PathLike)):
            raise TypeError(
                f"expected a sequence of audio file paths, got the single path {X!r}; "
                "wrap it in a list"
            )
        values = np.asarray(X, dtype=object)
        if values.ndim == 2 and values.shape[1] == 1:
            values = values[:, 0]
        if values.ndim != 1:
            raise ValueError(
                "expected a sequence of audio file paths or a DataFrame with a "
                f"{self.path_column!r} column, got an array of shape {values.shape}"
            )
        if len(values) == 0:
            raise ValueError("no audio files given: X is empty")
        paths = []
        for i, value in enumerate(values):
            if not isinstance(value, (str, os.PathLike)):
                raise TypeError(
                    f"X[{i}] is {value!r} ({type(value).__name__}), not a file path"
                )
            paths.append(os.fspath(value))
        return paths

    def get_feature_names_out(self, input_features=None):
        """Return the 88 eGeMAPS feature names.

        Parameters
        ----------
        input_features : None
            Ignored: the output names do not depend on the input.

        Returns
        -------
        feature_names_out : ndarray of str
            openSMILE's names of the eGeMAPSv02 functionals.
        """
        return np.asarray(egemaps_feature_names(), dtype=object)
