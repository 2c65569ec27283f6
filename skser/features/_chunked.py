"""Deprecated old path of part of :mod:`skser.io` (removed in 0.6)."""

from skser.utils import moved

__getattr__, __dir__ = moved(__name__, "skser.io")
