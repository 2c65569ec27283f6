"""The waveform steps of the end-to-end models: waveforms and log-Mel spectrograms.

A waveform step reads audio files into mono 16 kHz float32 arrays of one fixed
length; a log-Mel step turns waveforms into log-Mel spectrograms in torch
(:class:`skser.nn.LogMel`), so the same computation runs inside a model (on any
device) and as a scikit-learn transformer. torch is imported when a log-Mel step is
first used, not with :mod:`skser.features`.
"""

import functools
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from skser.io import FileTransformer, fixed_length_waveform, waveform_length

__all__ = ["LogMelSpectrogram", "WaveformLoader"]


class WaveformLoader(FileTransformer):
    """Read audio files into mono float32 waveforms of one fixed length.

    Each file is read by skser's one reader (:mod:`skser.io`: checked, mixed down
    to mono, resampled to ``sampling_rate`` with soxr, clipped to 16-bit range),
    and cut to its first ``duration`` seconds or zero-padded at the end. Reading is
    parallel, cached and shown with a progress bar like every skser step that reads
    files, and bad files (missing, not audio, empty, NaN samples, no usable
    signal) raise :class:`~skser.features.ExtractionError` naming them all, or give
    NaN rows and a warning under ``on_error="nan"``.

    Padding is not masked. Zeros are silence: the log-Mel step maps them to its
    floor, the raw-waveform convolutions see no signal, and the models learn that
    silence carries no emotion; Latif et al. also cut and pad to a fixed length.
    The copy of EmoDB used in skser's tests is zero-padded to 2 s as distributed.

    Parameters
    ----------
    path_column : str, default="path"
        Column holding the file paths when ``X`` is a DataFrame.
    sampling_rate : int, default=16000
        Output rate in Hz.
    duration : float, default=4.0
        Output length in seconds.
    n_jobs : int, default=None
        Files read at once (joblib); ``None`` means 1.
    cache : str or os.PathLike, default=None
        Directory of a persistent on-disk cache (joblib.Memory); None disables it.
    cache_key : {"content", "stat"}, default="content"
        Key of a cached file: its bytes' SHA-256, or its path, size and mtime.
    progress : bool, default=False
        Show a progress bar (tqdm).
    on_error : {"raise", "nan"}, default="raise"
        Raise an ExtractionError for bad files, or return NaN rows and warn.

    See Also
    --------
    LogMelSpectrogram : Log-Mel spectrograms of the waveforms.
    skser.RawCNNLSTMClassifier : Reads the same files itself, a batch at a time.

    Examples
    --------
    >>> import numpy as np, soundfile as sf, tempfile, os
    >>> from skser.features import WaveformLoader
    >>> path = os.path.join(tempfile.mkdtemp(), "tone.wav")
    >>> sf.write(path, 0.3 * np.sin(np.arange(22050) / 10), 22050)
    >>> WaveformLoader(duration=0.5).fit_transform([path]).shape
    (1, 8000)
    """

    _desc = "waveforms"

    _parameter_constraints = {
        **FileTransformer._parameter_constraints,
        "sampling_rate": [Interval(Integral, 1, None, closed="left")],
        "duration": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(
        self,
        path_column="path",
        sampling_rate=16000,
        duration=4.0,
        n_jobs=None,
        cache=None,
        cache_key="content",
        progress=False,
        on_error="raise",
    ):
        self.path_column = path_column
        self.sampling_rate = sampling_rate
        self.duration = duration
        self.n_jobs = n_jobs
        self.cache = cache
        self.cache_key = cache_key
        self.progress = progress
        self.on_error = on_error

    def _reader(self):
        per_file = functools.partial(
            fixed_length_waveform,
            sampling_rate=self.sampling_rate,
            n_samples=self._n_features_out(),
        )
        return per_file, None, 1

    def _n_features_out(self):
        return waveform_length(self.sampling_rate, self.duration)

    def transform(self, X):
        """Return one waveform per file, in the order given.

        Parameters
        ----------
        X : sequence of path-like or DataFrame
            Audio file paths, or a DataFrame with a ``path_column`` column.

        Returns
        -------
        waveforms : ndarray of shape (n_files, duration * sampling_rate), float32
            One row per file; NaN rows for bad files under ``on_error="nan"``.
        """
        return super().transform(X).astype(np.float32)

    def get_feature_names_out(self, input_features=None):
        """Return ``sample0``, ``sample1``, ... for the output columns.

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str
            One name per sample.
        """
        return np.asarray(
            [f"sample{i}" for i in range(self._n_features_out())], dtype=object
        )


class LogMelSpectrogram(TransformerMixin, BaseEstimator):
    """Log-Mel spectrograms of fixed-length waveforms, flattened to rows.

    The computation is :func:`log_mel_spectrogram` in torch (25 ms Hann windows,
    10 ms hop by default); each row of the output holds one spectrogram, frame
    after frame: column ``t * n_mels + m`` is band ``m`` of frame ``t``.

    Parameters
    ----------
    sampling_rate : int, default=16000
        Rate of the input waveforms in Hz.
    n_mels : int, default=64
        Number of Mel bands (64 to 128 are usual for emotion recognition).
    window : float, default=0.025
        Window length in seconds.
    hop : float, default=0.010
        Hop in seconds.
    floor : float, default=1e-6
        Floor of the Mel power before the log.

    Attributes
    ----------
    n_features_in_ : int
        Samples per input waveform.
    n_frames_ : int
        Frames per spectrogram.

    See Also
    --------
    skser.nn.LogMel : The same computation as a torch module, for use inside a model.
    WaveformLoader : Reads audio files into the waveforms this step takes.

    References
    ----------
    .. [1] S. Latif et al., "Deep architecture enhancing robustness to noise,
       adversarial attacks, and cross-corpus setting for speech emotion
       recognition", Interspeech 2020 (log-Mel input of the DenseNet).

    Examples
    --------
    >>> import numpy as np
    >>> from skser.features import LogMelSpectrogram
    >>> step = LogMelSpectrogram(n_mels=64).fit(np.zeros((2, 16000)))
    >>> step.n_frames_, step.transform(np.zeros((2, 16000))).shape
    (97, (2, 6208))
    """

    _parameter_constraints = {
        "sampling_rate": [Interval(Integral, 1, None, closed="left")],
        "n_mels": [Interval(Integral, 1, None, closed="left")],
        "window": [Interval(Real, 0, None, closed="neither")],
        "hop": [Interval(Real, 0, None, closed="neither")],
        "floor": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(self, sampling_rate=16000, n_mels=64, window=0.025, hop=0.010,
                 floor=1e-6):  # fmt: skip
        self.sampling_rate = sampling_rate
        self.n_mels = n_mels
        self.window = window
        self.hop = hop
        self.floor = floor

    def _module(self):
        from skser.nn import LogMel  # torch: loaded on first use

        return LogMel(self.sampling_rate, self.n_mels, self.window, self.hop,
                      self.floor)  # fmt: skip

    def fit(self, X, y=None):
        """Record the waveform length and the number of frames.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_audio_samples)
            Waveforms at ``sampling_rate``.
        y : None
            Ignored.

        Returns
        -------
        self : LogMelSpectrogram
            The fitted step.
        """
        self._validate_params()
        X = validate_data(self, X, dtype=np.float32)
        module = self._module()
        self.n_frames_ = 1 + (max(X.shape[1], module.n_fft) - module.n_fft) // (
            module.hop_length
        )
        return self

    def transform(self, X):
        """Return the flattened log-Mel spectrogram of each waveform.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_audio_samples)
            Waveforms at ``sampling_rate``, as long as those seen in ``fit``.

        Returns
        -------
        log_mel : ndarray of shape ``(n_samples, n_frames_ * n_mels)``, float32
            Frame-major: column ``t * n_mels + m`` is band ``m`` of frame ``t``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float32, reset=False)
        import torch

        with torch.no_grad():
            spectra = self._module()(torch.from_numpy(X))
        return spectra.transpose(1, 2).reshape(len(X), -1).numpy()

    def get_feature_names_out(self, input_features=None):
        """Return ``frame{t}_mel{m}`` for every output column.

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str
            One name per column, frame-major.
        """
        check_is_fitted(self)
        return np.asarray(
            [
                f"frame{t}_mel{m}"
                for t in range(self.n_frames_)
                for m in range(self.n_mels)
            ],
            dtype=object,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float32"]
        return tags
