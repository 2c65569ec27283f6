"""The one audio reader of skser, and the policy of what it refuses.

Every consumer of audio (the openSMILE extractors, the pretrained embedders, the
waveform steps, ``skser predict``) reads a file through :func:`read_checked`:

1. **read** with soundfile (libsndfile: WAV, FLAC, OGG, ...) as float64, in blocks,
   so a long recording never sits in memory at its own rate;
2. **check the file**:

   - NaN or infinite samples: an error (no feature of such a file means anything);
   - samples beyond full scale (|x| > 1, only float files can hold them): clipped,
     with one :class:`AudioWarning` listing the files and their counts;
   - samples grossly beyond full scale (peak above ``GROSS_PEAK`` = 2, i.e. more
     than 6 dB over): an error that suggests the scaling (a float file written at
     integer scale peaks near 128, 32768, 2^23 or 2^31);
   - a WAV header that says it holds no audio while sample data follow (recorders
     that never finish the header): the data that follow are read, as ffmpeg and
     players do, with one warning listing the files;
   - a file whose own rate is below the target rate: upsampled (nothing is
     invented above its Nyquist frequency, but features of the empty band move),
     with one warning listing the files and rates;
3. **mix down** to mono (the mean of all channels);
4. **resample** with soxr (high quality) to the consumer's rate;
5. **clip** to [-1, 32767/32768], the range of 16-bit audio. A resampler's
   overshoot of a peak-normalised or clipped recording is an artefact of the
   resampling, not the file's fault: it is clipped without a warning. Without this,
   openSMILE's conversion to 16-bit integers wraps 1.0 to -32768, a full-scale
   click of the opposite sign;
6. **check what the consumer receives** (:func:`check_signal`): a signal whose
   RMS about its mean is below one step of 16-bit audio (2^-15, -90 dBFS) holds no
   usable signal (digital silence, a DC offset, dither alone) and is an error:
   openSMILE sees 16-bit samples, so it has nothing to measure, and a model would
   answer anyway.

Every error is an :class:`UnusableFileError` whose text names what is wrong and
what to do; the file-set machinery (:func:`skser.io.read_files`) puts the file's
name in front and applies the consumer's ``on_error`` policy.
"""

import struct
import warnings
from typing import NamedTuple

import numpy as np

__all__ = [
    "AudioWarning",
    "Checked",
    "UnusableFileError",
    "check_signal",
    "read_audio",
    "read_checked",
    "report_notes",
]

#: Range of 16-bit audio as floats: what openSMILE's int16 conversion can hold.
FULL_SCALE = (-1.0, 32767 / 32768)
#: Peak above which a file is refused rather than clipped (6 dB over full scale).
GROSS_PEAK = 2.0
#: RMS about the mean below which a signal holds nothing: one 16-bit step.
SILENCE_RMS = 2.0**-15
# Frames read at a time: a long file costs one block at its own rate.
_BLOCK = 1 << 18
# Bytes per sample of the WAV encodings read past a wrong header.
_RAW_WAV = {
    "PCM_U8": ("u1", 128.0, 128.0),
    "PCM_16": ("<i2", 0.0, 32768.0),
    "PCM_32": ("<i4", 0.0, 2147483648.0),
    "FLOAT": ("<f4", 0.0, 1.0),
    "DOUBLE": ("<f8", 0.0, 1.0),
}


class UnusableFileError(Exception):
    """Raised with the reason a file cannot be used, and what to do about it."""


class AudioWarning(UserWarning):
    """Warns about files that were read by a documented policy (clipped, upsampled)."""


class Checked(NamedTuple):
    """A consumer's values for one file and the reader's notes about it."""

    values: object
    notes: dict


def _integer_scale_hint(peak):
    for bits, scale in ((8, 128), (16, 32768), (24, 2**23), (32, 2**31)):
        if peak <= scale:
            return (
                f"a float file written at {bits}-bit integer scale? Divide its "
                f"samples by {scale} (or by its peak, {peak:.6g}) and write it again"
            )
    return f"divide its samples by its peak ({peak:.6g}) and write it again"


def _check_block(block, offset, rate, state):
    """Check one block of samples; record the count beyond full scale in ``state``."""
    finite = np.isfinite(block)
    if not finite.all():
        bad = np.flatnonzero(~finite.all(axis=1))
        raise UnusableFileError(
            f"holds NaN or infinite samples (first at {(offset + bad[0]) / rate:.3f} "
            "s): no feature of it would mean anything; repair or remove the file"
        )
    peak = float(np.abs(block).max(initial=0.0))
    if peak > GROSS_PEAK:
        raise UnusableFileError(
            f"samples reach {peak:.6g}, far beyond full scale (1.0): "
            f"{_integer_scale_hint(peak)}"
        )
    if peak > 1.0:
        state["beyond_full_scale"] += int(np.count_nonzero(np.abs(block) > 1.0))


def _wav_data_after_empty_header(file, path):
    """Return ``(offset, frames)`` of the data that follow a WAV header saying 0 bytes.

    Returns None when the file is not such a WAV.
    """
    if file.format != "WAV":
        return None
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
        size = handle.seek(0, 2)
    position = 12
    while position + 8 <= len(head):
        chunk, length = struct.unpack("<4sI", head[position : position + 8])
        if chunk == b"data":
            offset = position + 8
            frame_bytes = np.dtype(_RAW_WAV[file.subtype][0]).itemsize * file.channels
            return offset, (size - offset) // frame_bytes
        position += 8 + length + (length & 1)
    return None


def _blocks_past_header(path, file, offset, frames, limit):
    """Yield the blocks of a WAV read past its header, as float64 (n, channels)."""
    kind, zero, scale = _RAW_WAV[file.subtype]
    data = np.memmap(path, dtype=kind, mode="r", offset=offset,
                     shape=(frames, file.channels))  # fmt: skip
    for start in range(0, min(frames, limit), _BLOCK):
        block = data[start : min(start + _BLOCK, limit)]
        yield (np.asarray(block, dtype=np.float64) - zero) / scale


def _open(path, notes):
    """Return ``(rate, n_frames, blocks)``; ``blocks(limit)`` yields float64 (n, ch)."""
    import soundfile

    try:
        file = soundfile.SoundFile(path)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as exc:
        raise UnusableFileError(f"not readable as audio ({exc})") from None
    rate, frames = file.samplerate, file.frames
    if frames == 0 and file.subtype in _RAW_WAV:
        found = _wav_data_after_empty_header(file, path)
        if found is not None and found[1] > 0:
            file.close()
            offset, frames = found
            notes["header"] = (
                f"header says 0 bytes of audio; read the {frames / rate:.2f} s "
                "that follow"
            )
            return (
                rate,
                frames,
                lambda limit: _blocks_past_header(path, file, offset, frames, limit),
            )

    def blocks(limit):
        with file:
            yield from file.blocks(_BLOCK, dtype="float64", always_2d=True,
                                   frames=min(frames, limit))  # fmt: skip

    return rate, frames, blocks


def _append(signal, filled, values):
    """Write ``values`` after the first ``filled`` samples, growing if needed."""
    if filled + len(values) > len(signal):
        grown = np.empty(filled + len(values) + 1024)
        grown[:filled] = signal[:filled]
        signal = grown
    signal[filled : filled + len(values)] = values
    return signal, filled + len(values)


def read_checked(path, sampling_rate, *, max_samples=None):
    """Read, check, mix down, resample and clip one file (see the module's policy).

    Parameters
    ----------
    path : str or os.PathLike
        Audio file.
    sampling_rate : int
        Output rate in Hz.
    max_samples : int, default=None
        Read only what gives the first ``max_samples`` output samples (plus a
        margin for the resampler's filter); None reads the whole file.

    Returns
    -------
    signal : ndarray of shape (n_samples,), float64
        Mono, at ``sampling_rate``, within [-1, 32767/32768].
    notes : dict
        What the policy did to the file without refusing it (keys
        ``beyond_full_scale``: samples clipped; ``rate``: the file's own rate when
        it is below ``sampling_rate``; ``header``: a wrong header read past).

    Raises
    ------
    UnusableFileError
        When the file is not audio, holds no samples, holds NaN or infinite
        samples, or peaks grossly beyond full scale.
    """
    import soxr

    notes = {}
    rate, frames, open_blocks = _open(path, notes)
    if max_samples is not None:
        # The input that the kept output needs, and 50 ms for the filter.
        frames = min(frames, -(-max_samples * rate // sampling_rate) + rate // 20)
    if rate < sampling_rate:
        notes["rate"] = (rate, sampling_rate)
    state = {"beyond_full_scale": 0}
    resampler = None
    if rate != sampling_rate:
        resampler = soxr.ResampleStream(rate, sampling_rate, 1, dtype="float64",
                                        quality="HQ")  # fmt: skip
    expected = -(-frames * sampling_rate // rate) + 64
    signal = np.empty(expected)
    filled = offset = 0
    blocks = open_blocks(frames)
    try:
        for block in blocks:
            _check_block(block, offset, rate, state)
            offset += len(block)
            mono = block.mean(axis=1)
            if resampler is not None:
                mono = resampler.resample_chunk(mono, last=offset >= frames)
            signal, filled = _append(signal, filled, mono)
    finally:
        blocks.close()
    if resampler is not None and offset < frames:  # fewer frames than the header said
        signal, filled = _append(signal, filled, resampler.resample_chunk(
            np.empty(0), last=True))  # fmt: skip
    if offset == 0:
        raise UnusableFileError("holds no audio samples")
    signal = signal[:filled]
    if max_samples is not None:
        signal = signal[:max_samples]
    np.clip(signal, *FULL_SCALE, out=signal)
    if state["beyond_full_scale"]:
        notes["beyond_full_scale"] = state["beyond_full_scale"]
    return signal, notes


def check_signal(signal):
    """Raise :class:`UnusableFileError` when ``signal`` holds no usable signal.

    The threshold: an RMS about the mean below one step of 16-bit audio
    (``SILENCE_RMS`` = 2^-15, -90 dBFS). openSMILE sees 16-bit samples, so such a
    signal gives it nothing to measure (digital silence, a DC offset, dither
    alone), and any model would still answer.

    Parameters
    ----------
    signal : ndarray of shape (n_samples,)
        What the consumer receives.
    """
    rms = float(np.std(signal)) if len(signal) else 0.0
    if rms < SILENCE_RMS:
        level = "-inf" if rms == 0 else f"{20 * np.log10(rms):.1f}"
        raise UnusableFileError(
            f"holds no usable signal (RMS about its mean {level} dBFS, below one "
            "16-bit step, -90.3 dBFS: digital silence or a constant offset); check "
            "the recording (a muted input, the wrong channel) or remove the file"
        )


_NOTE_TEXT = {
    "beyond_full_scale": (
        "{n} file(s) hold samples beyond full scale (|x| > 1); they were clipped to "
        "[-1, 1] (a float file normalised above full scale? normalise it to peak "
        "at 1 to keep its waveform):\n{files}",
        lambda value: f"{value} samples clipped",
    ),
    "rate": (
        "{n} file(s) are recorded below the rate they are analysed at and were "
        "upsampled: the band above their Nyquist frequency is empty, which moves "
        "spectral features (MFCCs, spectral slopes); compare such files only with "
        "files of the same rate, or choose a sampling_rate at or below theirs:\n"
        "{files}",
        lambda value: f"recorded at {value[0]} Hz, analysed at {value[1]} Hz",
    ),
    "header": (
        "{n} file(s) have a WAV header that says they hold no audio, while "
        "sample data follow; the data were read, as players do (rewrite the "
        "header, e.g. `sox in.wav out.wav`, to silence this):\n{files}",
        lambda value: value,
    ),
}


def report_notes(notes, stacklevel=3, limit=20):
    """Warn once per kind of note, listing the files (``path -> notes``)."""
    for kind, (text, describe) in _NOTE_TEXT.items():
        files = [(path, note[kind]) for path, note in notes.items() if kind in note]
        if not files:
            continue
        lines = [f"  {path}: {describe(value)}" for path, value in files[:limit]]
        if len(files) > limit:
            lines.append(f"  ... and {len(files) - limit} more")
        warnings.warn(
            text.format(n=len(files), files="\n".join(lines)),
            AudioWarning,
            stacklevel=stacklevel,
        )


def read_audio(path, sampling_rate=16000, *, max_samples=None):
    """Read one audio file as skser's extractors receive it: checked, mono, resampled.

    Parameters
    ----------
    path : str or os.PathLike
        Audio file (any format libsndfile reads: WAV, FLAC, OGG, ...).
    sampling_rate : int, default=16000
        Output rate in Hz.
    max_samples : int, default=None
        Keep only the first ``max_samples`` output samples (reading only what they
        need); None keeps the whole file.

    Returns
    -------
    signal : ndarray of shape (n_samples,), float64
        Mono, resampled with soxr, within [-1, 32767/32768].

    Raises
    ------
    UnusableFileError
        Not audio, no samples, NaN or infinite samples, samples grossly beyond full
        scale, or no usable signal; the message says what to do.

    Warns
    -----
    AudioWarning
        Samples beyond full scale were clipped, the file's rate is below
        ``sampling_rate``, or its WAV header was wrong.

    See Also
    --------
    skser.io : The policy, step by step.

    Examples
    --------
    >>> import numpy as np, soundfile as sf, tempfile, os
    >>> from skser.io import read_audio
    >>> path = os.path.join(tempfile.mkdtemp(), "stereo.wav")
    >>> t = np.arange(8000) / 8000
    >>> sf.write(path, np.column_stack([np.sin(2 * np.pi * 50 * t), 0 * t]), 8000)
    >>> signal = read_audio(path, sampling_rate=8000)
    >>> signal.shape, float(signal.max().round(3))  # channels averaged
    ((8000,), 0.5)
    """
    signal, notes = read_checked(path, sampling_rate, max_samples=max_samples)
    check_signal(signal)
    report_notes({str(path): notes})
    return signal
