"""openSMILE's feature sets as scikit-learn transformers; eGeMAPS as the default preset.

openSMILE is free for research use only (audEERING's licence); check its terms before
any commercial use of features extracted with it.
"""

import functools
import warnings
from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from skser.io import (
    Checked,
    FileTransformer,
    UnusableFileError,
    check_signal,
    file_paths,
    read_checked,
    read_files,
    report_failures,
)

__all__ = [
    "EGEMAPS_GROUPS",
    "EGeMAPSExtractor",
    "OpenSmileExtractor",
    "egemaps_feature_names",
]

# Feature sets of the ``opensmile`` package, by their ``opensmile.FeatureSet`` name.
FEATURE_SETS = (
    "eGeMAPSv02", "eGeMAPSv01b", "eGeMAPSv01a", "eGeMAPS", "GeMAPSv01b", "GeMAPSv01a",
    "GeMAPS", "ComParE_2016", "emobase", "IS09", "IS10", "IS11", "IS12", "IS13",
)  # fmt: skip
# Levels: one row of functionals per file, or frame-wise low-level descriptors
# (with or without their deltas).
FEATURE_LEVELS = {
    "functionals": "Functionals",
    "lld": "LowLevelDescriptors",
    "lld_deltas": "LowLevelDescriptors_Deltas",
}


@functools.lru_cache(maxsize=None)
def _smile(feature_set, feature_level):
    """Return one openSMILE extractor per setting, built once per process.

    It resamples nothing: skser's reader gives it mono audio at the analysis rate.
    """
    import opensmile  # imported here: `import skser` and workers pay only when used

    return opensmile.Smile(
        feature_set=opensmile.FeatureSet[feature_set],
        feature_level=opensmile.FeatureLevel[FEATURE_LEVELS[feature_level]],
    )


def _extract_file(path, feature_set, feature_level, sampling_rate):
    """Return one file's features (a row of functionals or a frames x LLD table).

    The file is read by skser's reader (checked, mono, resampled with soxr and
    clipped to 16-bit range), so openSMILE's cast to int16 cannot wrap; float32 is
    what openSMILE's own file reader gives it.
    """
    signal, notes = read_checked(path, sampling_rate)
    check_signal(signal)
    signal = signal.astype(np.float32)  # the float64 copy goes before openSMILE
    try:
        frame = _smile(feature_set, feature_level).process_signal(signal, sampling_rate)
    except Exception as exc:  # openSMILE raises many types
        raise UnusableFileError(
            f"openSMILE failed ({type(exc).__name__}: {exc})"
        ) from exc
    values = frame.to_numpy(dtype=np.float64)
    if len(values) == 0 or np.isnan(values).all(axis=1).any():
        raise UnusableFileError(
            "too short for any analysis frame (openSMILE returned NaN)"
        )
    return Checked(values[0] if feature_level == "functionals" else values, notes)


# The 88 eGeMAPSv02 functionals in openSMILE's order, fixed by its configuration and
# written out so that `import skser` need not start openSMILE (a test compares them
# with openSMILE's own list).
_EGEMAPS_NAMES = (
    "F0semitoneFrom27.5Hz_sma3nz_amean",
    "F0semitoneFrom27.5Hz_sma3nz_stddevNorm",
    "F0semitoneFrom27.5Hz_sma3nz_percentile20.0",
    "F0semitoneFrom27.5Hz_sma3nz_percentile50.0",
    "F0semitoneFrom27.5Hz_sma3nz_percentile80.0",
    "F0semitoneFrom27.5Hz_sma3nz_pctlrange0-2",
    "F0semitoneFrom27.5Hz_sma3nz_meanRisingSlope",
    "F0semitoneFrom27.5Hz_sma3nz_stddevRisingSlope",
    "F0semitoneFrom27.5Hz_sma3nz_meanFallingSlope",
    "F0semitoneFrom27.5Hz_sma3nz_stddevFallingSlope",
    "loudness_sma3_amean",
    "loudness_sma3_stddevNorm",
    "loudness_sma3_percentile20.0",
    "loudness_sma3_percentile50.0",
    "loudness_sma3_percentile80.0",
    "loudness_sma3_pctlrange0-2",
    "loudness_sma3_meanRisingSlope",
    "loudness_sma3_stddevRisingSlope",
    "loudness_sma3_meanFallingSlope",
    "loudness_sma3_stddevFallingSlope",
    "spectralFlux_sma3_amean",
    "spectralFlux_sma3_stddevNorm",
    "mfcc1_sma3_amean",
    "mfcc1_sma3_stddevNorm",
    "mfcc2_sma3_amean",
    "mfcc2_sma3_stddevNorm",
    "mfcc3_sma3_amean",
    "mfcc3_sma3_stddevNorm",
    "mfcc4_sma3_amean",
    "mfcc4_sma3_stddevNorm",
    "jitterLocal_sma3nz_amean",
    "jitterLocal_sma3nz_stddevNorm",
    "shimmerLocaldB_sma3nz_amean",
    "shimmerLocaldB_sma3nz_stddevNorm",
    "HNRdBACF_sma3nz_amean",
    "HNRdBACF_sma3nz_stddevNorm",
    "logRelF0-H1-H2_sma3nz_amean",
    "logRelF0-H1-H2_sma3nz_stddevNorm",
    "logRelF0-H1-A3_sma3nz_amean",
    "logRelF0-H1-A3_sma3nz_stddevNorm",
    "F1frequency_sma3nz_amean",
    "F1frequency_sma3nz_stddevNorm",
    "F1bandwidth_sma3nz_amean",
    "F1bandwidth_sma3nz_stddevNorm",
    "F1amplitudeLogRelF0_sma3nz_amean",
    "F1amplitudeLogRelF0_sma3nz_stddevNorm",
    "F2frequency_sma3nz_amean",
    "F2frequency_sma3nz_stddevNorm",
    "F2bandwidth_sma3nz_amean",
    "F2bandwidth_sma3nz_stddevNorm",
    "F2amplitudeLogRelF0_sma3nz_amean",
    "F2amplitudeLogRelF0_sma3nz_stddevNorm",
    "F3frequency_sma3nz_amean",
    "F3frequency_sma3nz_stddevNorm",
    "F3bandwidth_sma3nz_amean",
    "F3bandwidth_sma3nz_stddevNorm",
    "F3amplitudeLogRelF0_sma3nz_amean",
    "F3amplitudeLogRelF0_sma3nz_stddevNorm",
    "alphaRatioV_sma3nz_amean",
    "alphaRatioV_sma3nz_stddevNorm",
    "hammarbergIndexV_sma3nz_amean",
    "hammarbergIndexV_sma3nz_stddevNorm",
    "slopeV0-500_sma3nz_amean",
    "slopeV0-500_sma3nz_stddevNorm",
    "slopeV500-1500_sma3nz_amean",
    "slopeV500-1500_sma3nz_stddevNorm",
    "spectralFluxV_sma3nz_amean",
    "spectralFluxV_sma3nz_stddevNorm",
    "mfcc1V_sma3nz_amean",
    "mfcc1V_sma3nz_stddevNorm",
    "mfcc2V_sma3nz_amean",
    "mfcc2V_sma3nz_stddevNorm",
    "mfcc3V_sma3nz_amean",
    "mfcc3V_sma3nz_stddevNorm",
    "mfcc4V_sma3nz_amean",
    "mfcc4V_sma3nz_stddevNorm",
    "alphaRatioUV_sma3nz_amean",
    "hammarbergIndexUV_sma3nz_amean",
    "slopeUV0-500_sma3nz_amean",
    "slopeUV500-1500_sma3nz_amean",
    "spectralFluxUV_sma3nz_amean",
    "loudnessPeaksPerSec",
    "VoicedSegmentsPerSec",
    "MeanVoicedSegmentLengthSec",
    "StddevVoicedSegmentLengthSec",
    "MeanUnvoicedSegmentLength",
    "StddevUnvoicedSegmentLength",
    "equivalentSoundLevel_dBp",
)


@functools.lru_cache(maxsize=None)
def _feature_names(feature_set, feature_level):
    if (feature_set, feature_level) == ("eGeMAPSv02", "functionals"):
        return _EGEMAPS_NAMES
    return tuple(_smile(feature_set, feature_level).feature_names)


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
    return list(_EGEMAPS_NAMES)


class OpenSmileExtractor(FileTransformer):
    """Extract any openSMILE feature set from audio files.

    Every file is read by skser's one reader (:mod:`skser.io`): checked (NaN
    samples, samples beyond full scale, silence: see the README's "What skser
    refuses, and why"), mixed down to mono (all channels averaged), resampled to
    ``sampling_rate`` with soxr and clipped to 16-bit range, then given to
    openSMILE's ``process_signal``; corpora recorded at different rates or channel
    layouts give comparable features, and openSMILE's int16 conversion cannot
    wrap. The transformer is stateless: ``fit`` only checks its input.

    openSMILE is free for research use only; see audEERING's licence terms.

    Parameters
    ----------
    feature_set : str, default="eGeMAPSv02"
        One of the sets of the ``opensmile`` package: ``"eGeMAPSv02"`` (88
        functionals), ``"eGeMAPSv01b"``, ``"GeMAPSv01b"`` (62), ``"ComParE_2016"``
        (6373) or ``"emobase"`` (988).
    feature_level : {"functionals", "lld", "lld_deltas"}, default="functionals"
        ``"functionals"`` gives one row per file. The low-level descriptor levels
        give one frame-level table per file through :meth:`transform_frames`;
        ``transform`` then returns a ragged object array of shape (n_files,), one
        (n_frames_i, n_features) array per file, never padded.
    path_column : str, default="path"
        Column holding the file paths when ``X`` is a DataFrame.
    sampling_rate : int, default=16000
        Rate in Hz that every file is resampled to before extraction.
    n_jobs : int, default=None
        Number of files extracted at once (joblib, threads by default since
        openSMILE releases the GIL; ``joblib.parallel_config`` can choose
        processes). ``None`` means 1, ``-1`` one per core.
    cache : str or os.PathLike, default=None
        Directory of a persistent on-disk cache (joblib.Memory); ``None`` disables
        caching. Entries are keyed by ``cache_key`` and the extraction settings.
    cache_key : {"content", "stat"}, default="content"
        How a file is recognised in the cache. ``"content"``: the SHA-256 of its
        bytes, so changed audio is always extracted again (hashing costs about a
        millisecond per second of audio, little next to openSMILE). ``"stat"``: its
        path, size and modification time, which skips reading the file on a hit
        but serves stale features when a file is replaced by one of the same size
        and time (``cp -p``, ``rsync -a``, unzipping an archive).
    progress : bool, default=False
        Show a progress bar (tqdm) over the files being extracted.
    on_error : {"raise", "nan"}, default="raise"
        What to do with files that cannot be extracted (missing, not audio, too
        short for one analysis frame): raise an :class:`ExtractionError` naming
        them all, or return a row of NaN for each and warn with the list.

    See Also
    --------
    EGeMAPSExtractor : The eGeMAPSv02 functionals preset.
    skser.preprocessing.OutlierFilter : Drops training rows with extreme features.

    References
    ----------
    .. [1] F. Eyben, M. Woellmer, B. Schuller, "openSMILE: the Munich versatile and
       fast open-source audio feature extractor", ACM Multimedia, 2010.
    .. [2] B. Schuller et al., "The INTERSPEECH 2016 Computational Paralinguistics
       Challenge: Deception, Sincerity & Native Language", Interspeech 2016
       (ComParE_2016).

    Examples
    --------
    >>> import numpy as np, soundfile as sf, tempfile, os
    >>> from skser.features import OpenSmileExtractor
    >>> path = os.path.join(tempfile.mkdtemp(), "tone.wav")
    >>> t = np.arange(16000) / 16000
    >>> sf.write(path, 0.3 * np.sin(2 * np.pi * 220 * t), 16000)
    >>> OpenSmileExtractor(feature_set="GeMAPSv01b").fit_transform([path]).shape
    (1, 62)
    >>> lld = OpenSmileExtractor(feature_level="lld")
    >>> frames = lld.transform_frames([path])
    >>> frames[0].shape[1], frames[0].columns[0]
    (25, 'Loudness_sma3')
    """

    _desc = "openSMILE"

    _parameter_constraints = {
        **FileTransformer._parameter_constraints,
        "feature_set": [StrOptions(set(FEATURE_SETS))],
        "feature_level": [StrOptions(set(FEATURE_LEVELS))],
        "sampling_rate": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        feature_set="eGeMAPSv02",
        feature_level="functionals",
        path_column="path",
        sampling_rate=16000,
        n_jobs=None,
        cache=None,
        cache_key="content",
        progress=False,
        on_error="raise",
    ):
        self.feature_set = feature_set
        self.feature_level = feature_level
        self.path_column = path_column
        self.sampling_rate = sampling_rate
        self.n_jobs = n_jobs
        self.cache = cache
        self.cache_key = cache_key
        self.progress = progress
        self.on_error = on_error

    def _settings(self):
        return self.feature_set, self.feature_level

    def _check_settings(self):
        try:
            _feature_names(*self._settings())
        except ValueError as exc:  # e.g. no deltas in the GeMAPS configurations
            raise ValueError(
                f"{str(exc).rstrip('.')}; choose another feature_level for "
                f"{self.feature_set!r}"
            ) from exc

    def _reader(self):
        feature_set, feature_level = self._settings()
        per_file = functools.partial(
            _extract_file,
            feature_set=feature_set,
            feature_level=feature_level,
            sampling_rate=self.sampling_rate,
        )
        return per_file, None, 1

    def _n_features_out(self):
        return len(_feature_names(*self._settings()))

    def _read(self, paths):
        with _QuietShortSegments():
            return super()._read(paths)

    def transform(self, X):
        """Extract the features of each file.

        Parameters
        ----------
        X : sequence of path-like or DataFrame
            Audio file paths, or a DataFrame with a ``path_column`` column.

        Returns
        -------
        features : ndarray of shape (n_files, n_features) or (n_files,) of object
            Functionals: one row per file, in the order given (a DataFrame with
            openSMILE's feature names under ``set_output(transform="pandas")``).
            Low-level descriptors: a ragged array, entry ``i`` the float64 array
            of shape (n_frames_i, n_features) of file ``i`` (empty for a file that
            failed under ``on_error="nan"``). Nothing is padded to the longest
            file: one long recording among short ones would multiply the memory.
        """
        if self._settings()[1] == "functionals":
            return super().transform(X)
        frames = self.transform_frames(X)
        ragged = np.empty(len(frames), dtype=object)
        for row, frame in enumerate(frames):
            ragged[row] = frame.to_numpy()
        return ragged

    def transform_frames(self, X):
        """Return one frame-level table per file (low-level descriptor levels).

        Parameters
        ----------
        X : sequence of path-like or DataFrame
            Audio file paths, or a DataFrame with a ``path_column`` column.

        Returns
        -------
        frames : list of DataFrame
            For each file, one row per analysis frame (10 ms hop in the eGeMAPS and
            ComParE configurations) and one column per descriptor; an empty table
            for a file that failed under ``on_error="nan"``.
        """
        import pandas as pd

        self._validate_params()
        self._check_settings()
        if self._settings()[1] == "functionals":
            raise ValueError(
                "transform_frames needs feature_level='lld' or 'lld_deltas'; "
                "feature_level='functionals' gives one row per file (use transform)"
            )
        paths = file_paths(X, self.path_column)
        per_file, _, _ = self._reader()
        with _QuietShortSegments():
            results, failures = read_files(
                paths,
                per_file,
                n_jobs=self.n_jobs,
                cache=self.cache,
                cache_key=self.cache_key,
                progress=self.progress,
                desc=self._desc,
            )
        report_failures(failures, self.on_error, self._desc)
        names = list(self.get_feature_names_out())
        return [
            pd.DataFrame(np.empty((0, len(names))) if r is None else r, columns=names)
            for r in results
        ]

    def get_feature_names_out(self, input_features=None):
        """Return openSMILE's names of the extracted features.

        Parameters
        ----------
        input_features : None
            Ignored: the output names do not depend on the input.

        Returns
        -------
        feature_names_out : ndarray of str
            openSMILE's feature names, in its order.
        """
        return np.asarray(_feature_names(*self._settings()), dtype=object)


class _QuietShortSegments(warnings.catch_warnings):
    """Silence openSMILE's warning for short files: the failure list says so."""

    def __enter__(self):
        result = super().__enter__()
        warnings.filterwarnings("ignore", "Segment too short", UserWarning)
        return result


class EGeMAPSExtractor(OpenSmileExtractor):
    """Extract the 88 eGeMAPS functionals from audio files with openSMILE.

    The eGeMAPSv02 functionals preset of :class:`OpenSmileExtractor`. Every file is
    read by skser's one reader (:mod:`skser.io`): checked, mixed down to mono (all
    channels averaged), resampled to ``sampling_rate`` with soxr and clipped to
    16-bit range before openSMILE sees it, so corpora recorded at different rates
    give comparable features. The transformer is stateless: ``fit`` only checks
    its input.

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
        Directory of a persistent on-disk cache (joblib.Memory); ``None`` disables
        caching.
    cache_key : {"content", "stat"}, default="content"
        ``"content"`` recognises a cached file by the SHA-256 of its bytes (safe);
        ``"stat"`` by path, size and modification time (skips reading the file, but
        serves stale features after ``cp -p``, ``rsync -a`` or unzipping). See
        :class:`OpenSmileExtractor`.
    progress : bool, default=False
        Show a progress bar (tqdm) over the files being extracted.
    on_error : {"raise", "nan"}, default="raise"
        What to do with files that cannot be extracted (missing, not audio, too
        short for one analysis frame): raise an :class:`ExtractionError` naming
        them all, or return a row of NaN for each and warn with the list.

    See Also
    --------
    OpenSmileExtractor : Any openSMILE feature set and level.
    skser.preprocessing.OutlierFilter : Drops training rows with extreme features.
    EGEMAPS_GROUPS : Feature group of each output column.
    skser.io.read_audio : The signal openSMILE receives.

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

    _desc = "eGeMAPS"

    _parameter_constraints = {
        key: value
        for key, value in OpenSmileExtractor._parameter_constraints.items()
        if key not in ("feature_set", "feature_level")
    }

    def __init__(
        self,
        path_column="path",
        sampling_rate=16000,
        n_jobs=None,
        cache=None,
        cache_key="content",
        progress=False,
        on_error="raise",
    ):
        self.path_column = path_column
        self.sampling_rate = sampling_rate
        self.n_jobs = n_jobs
        self.cache = cache
        self.cache_key = cache_key
        self.progress = progress
        self.on_error = on_error

    def _settings(self):
        return "eGeMAPSv02", "functionals"


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
EGEMAPS_GROUPS = {name: _feature_group(name) for name in _EGEMAPS_NAMES}
