"""The audio side of the end-to-end models in torch: a Dataset of files, log-Mel.

:class:`WaveformFiles` reads audio files one batch at a time for a DataLoader;
:class:`LogMel` computes log-Mel spectrograms (:func:`log_mel_spectrogram` with
:func:`mel_filter_bank`) inside a model, on any device.
"""

import functools
import os

import numpy as np
import torch
from torch import nn
from torch.utils.data import Dataset

from skser.io import (
    file_paths,
    fixed_length_waveform,
    read_files,
    report_failures,
    waveform_length,
)

__all__ = [
    "LogMel",
    "WaveformFiles",
    "frame_sizes",
    "log_mel_spectrogram",
    "mel_filter_bank",
]


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
        self.n_samples = waveform_length(sampling_rate, duration)
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
                fixed_length_waveform, sampling_rate=self.sampling_rate,
                n_samples=self.n_samples
            ),
        )  # fmt: skip
        report_failures(failures, "raise", self._desc)
        waveform = torch.from_numpy(waveform)
        if self.y is None:
            return (waveform,)
        return waveform, torch.as_tensor(self.y[index])


def frame_sizes(sampling_rate, window, hop):
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
    >>> from skser.nn import mel_filter_bank
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
    >>> from skser.nn import log_mel_spectrogram, mel_filter_bank
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
    skser.features.LogMelSpectrogram : The same as a scikit-learn transformer.

    Examples
    --------
    >>> import torch
    >>> from skser.nn import LogMel
    >>> LogMel(n_mels=40)(torch.zeros(3, 8000)).shape
    torch.Size([3, 40, 47])
    """

    def __init__(self, sampling_rate=16000, n_mels=64, window=0.025, hop=0.010,
                 floor=1e-6):  # fmt: skip
        super().__init__()
        self.win_length, self.hop_length, n_fft = frame_sizes(
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
