"""Deprecated old path of :mod:`skser.inspection` (removed in 0.6)."""

from skser.utils import moved

__getattr__, __dir__ = moved(__name__, "skser.inspection")
