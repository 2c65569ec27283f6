"""Moved to :mod:`skser.io`; kept so that old imports of this private module work."""

from skser.io._chunked import extract_in_chunks  # noqa: F401
