"""The DAE family, importable from its former home; it lives in :mod:`skser.latent`."""

from skser.latent._autoencoders import (
    DAE,
    VAE,
    ClusterDAE,
    ClusterVAE,
    MetricClusterDAE,
    MetricDAE,
)
from skser.latent._base import _LatentModel

__all__ = [
    "DAE",
    "VAE",
    "ClusterDAE",
    "ClusterVAE",
    "MetricClusterDAE",
    "MetricDAE",
    "_LatentModel",
]
