"""Latent models: the DAE family of Das et al. and the adversarial autoencoder.

One shared base (``_base``) reads the label frame for the heads a model declares and
trains through skorch; ``_autoencoders`` holds the DAE family, ``_variational``
the VAEs, and
``_adversarial`` the multi-task adversarial autoencoder; ``_ensemble`` trains one
model from several seeds.
"""

from skser.latent._adversarial import MultiTaskAAE, evaluate_label_fractions
from skser.latent._autoencoders import (
    DAE,
    ClusterDAE,
    MetricClusterDAE,
    MetricDAE,
)
from skser.latent._ensemble import SeedEnsemble, member_seeds
from skser.latent._variational import VAE, ClusterVAE

__all__ = [
    "DAE",
    "VAE",
    "ClusterDAE",
    "ClusterVAE",
    "MetricClusterDAE",
    "MetricDAE",
    "MultiTaskAAE",
    "SeedEnsemble",
    "evaluate_label_fractions",
    "member_seeds",
]
