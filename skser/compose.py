"""Pipelines that can drop training rows (imbalanced-learn's), re-exported."""

from imblearn.pipeline import Pipeline, make_pipeline

__all__ = ["Pipeline", "make_pipeline"]
