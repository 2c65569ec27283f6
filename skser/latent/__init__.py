"""Latent models: the DAE family of Das et al. and the adversarial autoencoder.

One shared base (``_base``) reads the label frame for the heads a model declares and
trains through skorch; ``_autoencoders`` holds the DAE family, ``_variational``
the VAEs, and
``_adversarial`` the multi-task adversarial autoencoder; ``_ensemble`` trains one
model from several seeds. The label-fraction study, ``evaluate_label_fractions``,
is in :mod:`skser.evaluation` (the old path here warns until version 0.6).
"""

from skser.latent._adversarial import MultiTaskAAE
from skser.latent._autoencoders import (
    DAE,
    ClusterDAE,
    MetricClusterDAE,
    MetricDAE,
)
from skser.latent._ensemble import SeedEnsemble, member_seeds
from skser.latent._variational import VAE, ClusterVAE
from skser.utils import moved

__all__ = [
    "DAE",
    "VAE",
    "ClusterDAE",
    "ClusterVAE",
    "MetricClusterDAE",
    "MetricDAE",
    "MultiTaskAAE",
    "SeedEnsemble",
    "member_seeds",
]

# By name, at the call: latent never imports the layer above it.
__getattr__ = moved(
    __name__, "skser.evaluation", {"evaluate_label_fractions": "skser.evaluation"},
    rest=False,
)[0]  # fmt: skip
