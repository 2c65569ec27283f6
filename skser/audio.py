"""The audio path of the end-to-end models: waveforms and log-Mel spectrograms.

A waveform step reads audio files into mono 16 kHz float32 arrays of one fixed
length; a log-Mel step turns waveforms into log-Mel spectrograms in torch, so the
same computation runs inside a model (on any device) and as a scikit-learn
transformer.
"""

import functools
import os
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from scipy.sparse import issparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data
from torch import nn
from torch.utils.data import Dataset

from skser.io import (
    Checked,
    FileTransformer,
    check_signal,
    file_paths,
    read_checked,
    read_files,
    report_failures,
    report_notes,
)

__all__ = [
    "LogMel",
    "LogMelSpectrogram",
    "WaveformFiles",
    "WaveformLoader",
    "is_path_input",
    "log_mel_spectrogram",
    "mel_filter_bank",
    "read_waveform",
]


def read_waveform(path, sampling_rate=16000, n_samples=64000):
    """Read one audio file as mono float32 at ``sampling_rate``, of fixed length.

    The file is read by skser's one reader (:func:`skser.io.read_audio`: checked,
    channels averaged, resampled with soxr, clipped to 16-bit range), cut to its
    first ``n_samples`` (only what they need is read) or zero-padded at the end.

    Parameters
    ----------
    path : str or os.PathLike
        Audio file (any format libsndfile reads: WAV, FLAC, OGG, ...).
    sampling_rate : int, default=16000
        Output rate in Hz.
    n_samples : int, default=64000
        Output length (4 s at 16 kHz).

    Returns
    -------
    waveform : ndarray of shape (n_samples,), float32

    Raises
    ------
    UnusableFileError
        With the reason, when the file is not audio, holds no samples, holds NaN
        or infinite samples, peaks grossly beyond full scale, or its kept part
        holds no usable signal (see :mod:`skser.io`).

    Warns
    -----
    AudioWarning
        Clipped samples, a rate below ``sampling_rate``, a wrong WAV header.

    Examples
    --------
    >>> import numpy as np, soundfile as sf, tempfile, os
    >>> from skser.audio import read_waveform
    >>> path = os.path.join(tempfile.mkdtemp(), "stereo.wav")
    >>> sf.write(path, np.array([[0.5, 0.1], [-0.5, -0.1]] * 400), 8000)
    >>> waveform = read_waveform(path, sampling_rate=8000, n_samples=1000)
    >>> waveform[:2].round(4), waveform[-2:]  # channels averaged, then padding
    (array([ 0.3, -0.3], dtype=float32), array([0., 0.], dtype=float32))
    """
    waveform, notes = _waveform_file(path, sampling_rate, n_samples)
    report_notes({os.fspath(path): notes})
    return waveform


def _waveform_file(path, sampling_rate, n_samples):
    """Return a file's fixed-length waveform and the reader's notes."""
    signal, notes = read_checked(path, sampling_rate, max_samples=n_samples)
    check_signal(signal)
    waveform = np.zeros(n_samples, dtype=np.float32)
    waveform[: len(signal)] = signal
    return Checked(waveform, notes)


def _n_samples(sampling_rate, duration):
    return max(1, round(duration * sampling_rate))


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
    >>> from skser.audio import WaveformLoader
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
            _waveform_file,
            sampling_rate=self.sampling_rate,
            n_samples=self._n_features_out(),
        )
        return per_file, None, 1

    def _n_features_out(self):
        return _n_samples(self.sampling_rate, self.duration)

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


class WaveformFiles(Dataset):
    """A torch Dataset of audio files, read one item at a time.

    Holds only the paths (and labels): a DataLoader's workers read each batch when
    it is needed, so memory does not grow with the number of files. The paths are
    checked when the dataset is made (a missing file is named at once, not after an
    epoch of training); a file that cannot be read raises
    :class:`~skser.features.ExtractionError` naming it.

    Parameters
    ----------
    X : sequence of path-like or DataFrame
        Audio file paths, or a loader's frame.
    y : array-like of shape (n_files,), default=None
        Labels; items are ``(waveform, label)`` with labels, ``(waveform,)``
        without.
    sampling_rate : int, default=16000
        Output rate in Hz.
    duration : float, default=4.0
        Output length in seconds.
    path_column : str, default="path"
        Column of the paths when ``X`` is a DataFrame.
    """

    _desc = "waveforms"

    def __init__(self, X, y=None, sampling_rate=16000, duration=4.0,
                 path_column="path"):  # fmt: skip
        self.paths = file_paths(X, path_column)
        if y is not None and len(y) != len(self.paths):
            raise ValueError(f"X has {len(self.paths)} files but y has {len(y)} labels")
        self.y = None if y is None else np.asarray(y)
        self.sampling_rate = sampling_rate
        self.n_samples = _n_samples(sampling_rate, duration)
        missing = {
            path: "file not found" for path in self.paths if not os.path.isfile(path)
        }
        report_failures(missing, "raise", self._desc)

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, index):
        path = self.paths[index]
        # read_files gives the same reasons, checks and errors as WaveformLoader.
        (waveform,), failures = read_files(
            [path],
            functools.partial(
                _waveform_file, sampling_rate=self.sampling_rate,
                n_samples=self.n_samples
            ),
        )  # fmt: skip
        report_failures(failures, "raise", self._desc)
        waveform = torch.from_numpy(waveform)
        if self.y is None:
            return (waveform,)
        return waveform, torch.as_tensor(self.y[index])


def is_path_input(X):
    """Return whether ``X`` holds audio file paths rather than waveforms.

    Paths come as a sequence of str or path-like objects (one per file), or as a
    DataFrame with a non-numeric column (a loader's frame); waveforms as a numeric
    2-D array.

    Parameters
    ----------
    X : object
        Model input.

    Returns
    -------
    bool
        True for paths.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.audio import is_path_input
    >>> is_path_input(["a.wav", "b.wav"]), is_path_input(np.zeros((2, 16000)))
    (True, False)
    """
    if isinstance(X, (str, bytes, os.PathLike)):
        return True
    if isinstance(X, pd.DataFrame):
        return any(not pd.api.types.is_numeric_dtype(kind) for kind in X.dtypes)
    if issparse(X) or (isinstance(X, np.ndarray) and X.dtype.kind not in "OUS"):
        return False
    try:
        first = X[0]
    except (TypeError, IndexError, KeyError):
        return False
    if isinstance(first, np.ndarray) and first.shape == (1,):
        first = first[0]  # a one-column array of paths
    return isinstance(first, (str, os.PathLike))


def _frame_sizes(sampling_rate, window, hop):
    """Return ``(win_length, hop_length, n_fft)`` in samples for times in seconds."""
    win_length = max(1, round(window * sampling_rate))
    hop_length = max(1, round(hop * sampling_rate))
    n_fft = 1 << (win_length - 1).bit_length()  # the next power of two
    return win_length, hop_length, n_fft


@functools.lru_cache(maxsize=16)
def _mel_filter_bank(sampling_rate, n_fft, n_mels, fmin, fmax):
    import librosa  # imported here: importing skser stays fast

    return librosa.filters.mel(
        sr=sampling_rate, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax
    ).astype(np.float32)


def mel_filter_bank(sampling_rate, n_fft, n_mels=64, fmin=0.0, fmax=None):
    """Return librosa's Slaney-style Mel filter bank as a float32 tensor.

    Parameters
    ----------
    sampling_rate : int
        Sampling rate in Hz.
    n_fft : int
        FFT length; the bank has ``n_fft // 2 + 1`` columns.
    n_mels : int, default=64
        Number of Mel bands.
    fmin, fmax : float, default=0.0 and None
        Lowest and highest frequency in Hz; ``None`` means ``sampling_rate / 2``.

    Returns
    -------
    bank : torch.Tensor of shape (n_mels, n_fft // 2 + 1)
        Triangular filters, area-normalised (``librosa.filters.mel``).

    Examples
    --------
    >>> from skser.audio import mel_filter_bank
    >>> mel_filter_bank(16000, 512, n_mels=64).shape
    torch.Size([64, 257])
    """
    bank = _mel_filter_bank(int(sampling_rate), int(n_fft), int(n_mels), fmin, fmax)
    return torch.from_numpy(bank.copy())


def log_mel_spectrogram(waveforms, bank, win_length, hop_length, floor=1e-6):
    """Return ``log(max(M |STFT|^2, floor))`` of a batch of waveforms.

    Frames of ``win_length`` samples (Hann window, zero-padded to the FFT length
    ``2 * (bank.shape[1] - 1)``) every ``hop_length`` samples, with no centring:
    frame ``t`` covers samples ``[t * hop, t * hop + n_fft)``. A waveform shorter
    than one FFT is zero-padded to one frame.

    Parameters
    ----------
    waveforms : torch.Tensor of shape (n, samples)
        Audio in [-1, 1].
    bank : torch.Tensor of shape (n_mels, n_fft // 2 + 1)
        Mel filter bank, e.g. from :func:`mel_filter_bank`.
    win_length : int
        Window length in samples (400 for 25 ms at 16 kHz).
    hop_length : int
        Hop in samples (160 for 10 ms at 16 kHz).
    floor : float, default=1e-6
        Smallest Mel power before the log (-60 dB of a full-scale sine's power):
        silence and padding map to ``log(floor)``, never to ``-inf``.

    Returns
    -------
    log_mel : torch.Tensor of shape (n, n_mels, n_frames)
        ``n_frames = 1 + (max(samples, n_fft) - n_fft) // hop_length``.

    Examples
    --------
    >>> import torch
    >>> from skser.audio import log_mel_spectrogram, mel_filter_bank
    >>> bank = mel_filter_bank(16000, 512, n_mels=64)
    >>> log_mel_spectrogram(torch.zeros(2, 16000), bank, 400, 160).shape
    torch.Size([2, 64, 97])
    """
    n_fft = 2 * (bank.shape[1] - 1)
    if waveforms.shape[-1] < n_fft:
        waveforms = nn.functional.pad(waveforms, (0, n_fft - waveforms.shape[-1]))
    window = torch.hann_window(
        win_length, periodic=True, dtype=waveforms.dtype, device=waveforms.device
    )
    spectrum = torch.stft(
        waveforms,
        n_fft=n_fft,
        hop_length=hop_length,
        win_length=win_length,
        window=window,
        center=False,
        return_complex=True,
    )
    power = spectrum.real.square() + spectrum.imag.square()
    mel = torch.matmul(bank.to(power.dtype), power)
    return torch.log(torch.clamp(mel, min=floor))


class LogMel(nn.Module):
    """Log-Mel spectrogram as a torch module: waveforms in, spectrograms out.

    Holds the Mel filter bank as a buffer, so it follows the model to its device
    and dtype.

    Parameters
    ----------
    sampling_rate : int, default=16000
        Rate of the input waveforms in Hz.
    n_mels : int, default=64
        Number of Mel bands.
    window : float, default=0.025
        Window length in seconds.
    hop : float, default=0.010
        Hop in seconds.
    floor : float, default=1e-6
        Floor of the Mel power before the log.

    See Also
    --------
    log_mel_spectrogram : The computation.
    LogMelSpectrogram : The same as a scikit-learn transformer.

    Examples
    --------
    >>> import torch
    >>> from skser.audio import LogMel
    >>> LogMel(n_mels=40)(torch.zeros(3, 8000)).shape
    torch.Size([3, 40, 47])
    """

    def __init__(self, sampling_rate=16000, n_mels=64, window=0.025, hop=0.010,
                 floor=1e-6):  # fmt: skip
        super().__init__()
        self.win_length, self.hop_length, n_fft = _frame_sizes(
            sampling_rate, window, hop
        )
        self.floor = floor
        self.register_buffer("bank", mel_filter_bank(sampling_rate, n_fft, n_mels))

    @property
    def n_fft(self):
        """FFT length in samples."""
        return 2 * (self.bank.shape[1] - 1)

    def forward(self, waveforms):
        """Return the log-Mel spectrogram, shape (n, n_mels, n_frames)."""
        return log_mel_spectrogram(
            waveforms, self.bank, self.win_length, self.hop_length, self.floor
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
    LogMel : The same computation as a torch module, for use inside a model.
    WaveformLoader : Reads audio files into the waveforms this step takes.

    References
    ----------
    .. [1] S. Latif et al., "Deep architecture enhancing robustness to noise,
       adversarial attacks, and cross-corpus setting for speech emotion
       recognition", Interspeech 2020 (log-Mel input of the DenseNet).

    Examples
    --------
    >>> import numpy as np
    >>> from skser.audio import LogMelSpectrogram
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
