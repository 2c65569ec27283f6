"""Deprecated old path of the waveform steps (removed in 0.6).

:class:`~skser.features.WaveformLoader` and :class:`~skser.features.LogMelSpectrogram`
are in :mod:`skser.features`, the reading of one file in :mod:`skser.io`, and the
torch side (:class:`~skser.nn.WaveformFiles`, :class:`~skser.nn.LogMel`) in
:mod:`skser.nn`.
"""

from skser.utils import moved

__getattr__, __dir__ = moved(
    __name__,
    "skser.features",
    {
        **dict.fromkeys(("is_path_input", "read_waveform"), "skser.io"),
        **dict.fromkeys(
            ("LogMel", "WaveformFiles", "log_mel_spectrogram", "mel_filter_bank"),
            "skser.nn",
        ),
    },
)
