"""Fixed-length waveforms from audio files, and telling paths from waveforms.

The waveform path of the end-to-end models reads each file through the one reader
(:func:`read_checked`) and cuts it to a fixed length or pads it with zeros.
"""

import os

import numpy as np
import pandas as pd
from scipy.sparse import issparse

from skser.io._files import Checked
from skser.io._reader import check_signal, read_checked, report_notes

__all__ = [
    "fixed_length_waveform",
    "is_path_input",
    "read_waveform",
    "waveform_length",
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
    >>> from skser.io import read_waveform
    >>> path = os.path.join(tempfile.mkdtemp(), "stereo.wav")
    >>> sf.write(path, np.array([[0.5, 0.1], [-0.5, -0.1]] * 400), 8000)
    >>> waveform = read_waveform(path, sampling_rate=8000, n_samples=1000)
    >>> waveform[:2].round(4), waveform[-2:]  # channels averaged, then padding
    (array([ 0.3, -0.3], dtype=float32), array([0., 0.], dtype=float32))
    """
    waveform, notes = fixed_length_waveform(path, sampling_rate, n_samples)
    report_notes({os.fspath(path): notes})
    return waveform


def fixed_length_waveform(path, sampling_rate, n_samples):
    """Return a file's fixed-length waveform and the reader's notes."""
    signal, notes = read_checked(path, sampling_rate, max_samples=n_samples)
    check_signal(signal)
    waveform = np.zeros(n_samples, dtype=np.float32)
    waveform[: len(signal)] = signal
    return Checked(waveform, notes)


def waveform_length(sampling_rate, duration):
    return max(1, round(duration * sampling_rate))


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
    >>> from skser.io import is_path_input
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
