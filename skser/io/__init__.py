"""Audio in: the one reader of skser, and the machinery that reads many files.

Every consumer of audio (openSMILE extractors, pretrained embedders, the waveform
steps, ``skser predict``) reads through :func:`read_checked`: read -> float64 ->
checks of the file -> mono -> soxr to the consumer's rate -> clip to
[-1, 32767/32768] -> a check that what the consumer receives holds a signal. What it
refuses and why is the docstring of :mod:`skser.io._reader` (and the README's
"What skser refuses, and why"). :func:`read_files` reads a set of files in
parallel, cached, with a progress bar, and :data:`ON_ERROR` is the one policy for
files that cannot be used; a step that gives one vector per file
(:class:`FileTransformer`) returns the rows and the failed files of a set with
``transform_with_failures``, for callers that apply the policy themselves;
:func:`extract_in_chunks` writes the features of a large corpus chunk by chunk,
resumably; :func:`read_waveform` reads one file as a
fixed-length waveform for the end-to-end models.
"""

from skser.io._chunked import extract_in_chunks
from skser.io._files import (
    ON_ERROR,
    ExtractionError,
    FileTransformer,
    check_on_error,
    content_hash,
    file_paths,
    read_files,
    report_failures,
)
from skser.io._reader import (
    FULL_SCALE,
    GROSS_PEAK,
    SILENCE_RMS,
    AudioWarning,
    Checked,
    UnusableFileError,
    check_signal,
    read_audio,
    read_checked,
    report_notes,
)
from skser.io._waveform import (
    fixed_length_waveform,
    is_path_input,
    read_waveform,
    waveform_length,
)

__all__ = [
    "FULL_SCALE",
    "GROSS_PEAK",
    "ON_ERROR",
    "SILENCE_RMS",
    "AudioWarning",
    "Checked",
    "ExtractionError",
    "FileTransformer",
    "UnusableFileError",
    "check_on_error",
    "check_signal",
    "content_hash",
    "extract_in_chunks",
    "file_paths",
    "fixed_length_waveform",
    "is_path_input",
    "read_audio",
    "read_checked",
    "read_files",
    "read_waveform",
    "report_failures",
    "report_notes",
    "waveform_length",
]
