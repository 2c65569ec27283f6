"""Moved to :mod:`skser.io`; kept so that old imports of this private module work."""

from skser.io._files import (  # noqa: F401
    ON_ERROR,
    ExtractionError,
    FileTransformer,
    UnusableFileError,
    file_paths,
    read_files,
    report_failures,
)
