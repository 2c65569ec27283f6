"""Latent models: the DAE family of Das et al. and the adversarial autoencoder.

One shared base (``_base``) reads the label frame for the heads a model declares and
trains through skorch; ``_autoencoders`` holds the DAE/VAE family and
``_adversarial`` the multi-task adversarial autoencoder.
"""

from skser.latent._adversarial import MultiTaskAAE, evaluate_label_fractions
from skser.latent._autoencoders import (
    DAE,
    VAE,
    ClusterDAE,
    ClusterVAE,
    MetricClusterDAE,
    MetricDAE,
)

__all__ = [
    "DAE",
    "VAE",
    "ClusterDAE",
    "ClusterVAE",
    "MetricClusterDAE",
    "MetricDAE",
    "MultiTaskAAE",
    "evaluate_label_fractions",
]
