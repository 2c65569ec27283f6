"""The variational models of the family: VAE and ClusterVAE (cyclical KL annealing)."""

from numbers import Integral, Real

from sklearn.utils._param_validation import Interval, StrOptions

from skser.latent._base import Head, _LatentModel
from skser.latent._domain import _DomainAdversarial
from skser.latent._shared import (
    CLUSTER_PARAMETERS,
    COMMON_SECTIONS,
    cluster_term,
)
from skser.nn import VariationalAutoEncoder, cyclical_kl_weight, gaussian_kl
from skser.utils import fill_docstring

__all__ = ["VAE", "ClusterVAE"]

_KL_PARAMETERS = """
kl_weight : float, default=0.25
    Weight of the KL term after each ramp.
kl_cycles : int, default=4
    Number of annealing cycles over ``max_epochs``.
kl_ramp : float, default=0.5
    Fraction of a cycle over which the KL weight rises.
"""


class _VariationalModel(_DomainAdversarial, _LatentModel):
    """A VAE: reconstruction plus the KL term under cyclical annealing."""

    _module = VariationalAutoEncoder

    _parameter_constraints = {
        **_LatentModel._parameter_constraints,
        **_DomainAdversarial._domain_constraints,
        "kl_weight": [Interval(Real, 0, None, closed="left")],
        "kl_cycles": [Interval(Integral, 1, None, closed="left")],
        "kl_ramp": [Interval(Real, 0, 1, closed="right")],
    }

    def _reconstruction_loss(self, reconstruction, X):
        # The ELBO's Gaussian log-likelihood: squared errors summed over features.
        # A per-feature mean would weigh the KL term 88 times more and, at
        # kl_weight=0.25, collapse the posterior to the prior on eGeMAPS.
        return (reconstruction - X).pow(2).sum(dim=1).mean()

    def _extra_terms(self, outputs, targets, epoch):
        _, mu, logvar, _ = outputs
        beta = cyclical_kl_weight(
            epoch, self.max_epochs, self.kl_cycles, self.kl_ramp, self.kl_weight
        )
        return {"kl": beta * gaussian_kl(mu, logvar)}


@fill_docstring(kl_parameters=_KL_PARAMETERS, **COMMON_SECTIONS)
class VAE(_VariationalModel):
    """Variational autoencoder with cyclical KL annealing: a baseline.

    The loss is reconstruction plus ``beta_e * KL(q(z|x) || N(0, I))``, where
    ``beta_e`` rises from 0 to ``kl_weight`` over the first ``kl_ramp`` of each of
    ``kl_cycles`` cycles.

    Parameters
    ----------
    target : None
        Unsupervised: must stay None.
    {kl_parameters}
    {common_parameters}

    Attributes
    ----------
    {common_attributes}

    See Also
    --------
    skser.nn.cyclical_kl_weight : The annealing schedule.
    ClusterVAE : The same model shaped by emotion classes.

    References
    ----------
    .. [1] D. P. Kingma, M. Welling, "Auto-Encoding Variational Bayes", ICLR 2014.
    .. [2] H. Fu et al., "Cyclical Annealing Schedule: A Simple Approach to
       Mitigating KL Vanishing", NAACL 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import VAE
    >>> X = np.random.default_rng(0).standard_normal((100, 88))
    >>> VAE(max_epochs=2, random_state=0).fit_transform(X).dtype
    dtype('float32')
    """

    def __init__(
        self,
        target=None,
        *,
        kl_weight=0.25,
        kl_cycles=4,
        kl_ramp=0.5,
        hidden_layer_sizes=(40, 20, 10),
        latent_dim=2,
        noise_std=0.0,
        max_epochs=50,
        batch_size=64,
        lr=1e-3,
        validation_fraction=None,
        patience=None,
        device="cpu",
        verbose=0,
        random_state=None,
        domain_weight=0.0,
        domain_column="corpus",
    ):
        super().__init__(
            target,
            hidden_layer_sizes=hidden_layer_sizes,
            latent_dim=latent_dim,
            noise_std=noise_std,
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            validation_fraction=validation_fraction,
            patience=patience,
            device=device,
            verbose=verbose,
            random_state=random_state,
            domain_weight=domain_weight,
            domain_column=domain_column,
        )
        self.kl_weight = kl_weight
        self.kl_cycles = kl_cycles
        self.kl_ramp = kl_ramp


@fill_docstring(
    cluster_parameters=CLUSTER_PARAMETERS,
    kl_parameters=_KL_PARAMETERS,
    **COMMON_SECTIONS,
)
class ClusterVAE(VAE):
    """Variational autoencoder shaped by the cluster loss on emotion classes.

    The VAE loss plus ``cluster_weight * D_intra / D_inter`` on the latent codes
    of a batch.

    Parameters
    ----------
    {cluster_parameters}
    cluster_on : {"sample", "mean"}, default="sample"
        The codes the cluster loss acts on: the sampled ``z`` or the posterior
        mean. On the mean, the loss (invariant to scale) can shrink the means
        towards 0, where the KL term costs nothing and the decoder gets no signal:
        on the bundled EmoDB this collapses the code; the sample's noise prevents
        it.
    {kl_parameters}
    {common_parameters}

    Attributes
    ----------
    classes_ : ndarray
        The class labels seen in ``fit``.
    {common_attributes}

    See Also
    --------
    ClusterDAE : The deterministic counterpart.
    VAE : The unsupervised baseline.

    References
    ----------
    .. [1] S. Das, N. N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen, "Towards
       transferable speech emotion representation: on loss functions for
       cross-lingual latent representations", ICASSP 2022.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import ClusterVAE
    >>> X = np.random.default_rng(0).standard_normal((100, 88))
    >>> y = np.array(["angry", "sad", None, "happy"] * 25, dtype=object)
    >>> ClusterVAE(max_epochs=2, random_state=0).fit(X, y).classes_
    array(['angry', 'happy', 'sad'], dtype=object)
    """

    _parameter_constraints = {
        **VAE._parameter_constraints,
        "cluster_weight": [Interval(Real, 0, None, closed="left")],
        "cluster_on": [StrOptions({"sample", "mean"})],
    }

    def __init__(
        self,
        target=None,
        *,
        cluster_weight=1.0,
        cluster_on="sample",
        kl_weight=0.25,
        kl_cycles=4,
        kl_ramp=0.5,
        hidden_layer_sizes=(40, 20, 10),
        latent_dim=2,
        noise_std=0.0,
        max_epochs=50,
        batch_size=64,
        lr=1e-3,
        validation_fraction=None,
        patience=None,
        device="cpu",
        verbose=0,
        random_state=None,
        domain_weight=0.0,
        domain_column="corpus",
    ):
        super().__init__(
            target,
            kl_weight=kl_weight,
            kl_cycles=kl_cycles,
            kl_ramp=kl_ramp,
            hidden_layer_sizes=hidden_layer_sizes,
            latent_dim=latent_dim,
            noise_std=noise_std,
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            validation_fraction=validation_fraction,
            patience=patience,
            device=device,
            verbose=verbose,
            random_state=random_state,
            domain_weight=domain_weight,
            domain_column=domain_column,
        )
        self.cluster_weight = cluster_weight
        self.cluster_on = cluster_on

    def _heads(self):
        return (Head("cluster", self.target, "classes"),)

    def _extra_terms(self, outputs, targets, epoch):
        _, mu, _, sample = outputs
        terms = super()._extra_terms(outputs, targets, epoch)
        terms.update(
            cluster_term(self, sample if self.cluster_on == "sample" else mu, targets)
        )
        return terms
