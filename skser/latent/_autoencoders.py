"""Latent models of Das et al. as scikit-learn transformers trained by skorch.

Every model is a transformer: ``fit(X, y=None)`` learns an autoencoder on the
(standardised) eGeMAPS features, ``transform(X)`` returns the latent code as float32
(for a VAE, the posterior mean). The supervised models shape the code with a
label-driven loss term; rows whose label is missing still train the reconstruction,
which makes them semi-supervised.

The training loop is skorch's: each model only says which heads it reads and
which loss terms it adds. This module holds the denoising models; the variational
ones are in ``_variational``.
"""

from numbers import Real

from sklearn.utils._param_validation import Interval, StrOptions

from skser.latent._base import Head, _LatentModel
from skser.latent._domain import _DomainAdversarial
from skser.latent._shared import (
    CLUSTER_PARAMETERS,
    COMMON_SECTIONS,
    cluster_term,
)

# Models saved before the variational models had their own module name this one
# in their pickles: the names stay importable here so that they load.
from skser.latent._variational import VAE, ClusterVAE
from skser.nn import continuous_metric_loss
from skser.utils import fill_docstring

__all__ = ["DAE", "VAE", "ClusterDAE", "ClusterVAE", "MetricClusterDAE", "MetricDAE"]


@fill_docstring(**COMMON_SECTIONS)
class DAE(_DomainAdversarial, _LatentModel):
    """Denoising autoencoder: the unsupervised baseline.

    Learns to reconstruct clean features from noisy ones through a small latent
    code.

    Parameters
    ----------
    target : None
        Unsupervised: must stay None.
    {common_parameters}

    Attributes
    ----------
    {common_attributes}

    See Also
    --------
    MetricDAE : The same model shaped by continuous labels.
    VAE : The variational counterpart.

    References
    ----------
    .. [1] P. Vincent, H. Larochelle, Y. Bengio, P.-A. Manzagol, "Extracting and
       composing robust features with denoising autoencoders", ICML 2008.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import DAE
    >>> X = np.random.default_rng(0).standard_normal((100, 88))
    >>> DAE(max_epochs=2, random_state=0).fit_transform(X).shape
    (100, 2)
    """

    _parameter_constraints = {
        **_LatentModel._parameter_constraints,
        **_DomainAdversarial._domain_constraints,
    }

    def __init__(
        self,
        target=None,
        *,
        hidden_layer_sizes=(40, 20, 10),
        latent_dim=2,
        noise_std=1.0,
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


@fill_docstring(**COMMON_SECTIONS)
class MetricDAE(DAE):
    """Denoising autoencoder shaped by the continuous metric loss.

    Minimises ``L_rec + metric_weight * L_met`` (Das et al. 2022, Eq. 6), with
    ``L_met = L_res + L_sl`` (Eqs. 3-5) built on the slope ``p`` of Eq. 2:
    distances between latent codes are pulled towards distances between continuous
    labels (activation, valence), so the code is ordered by them. (The released
    code minimises the log of that sum, a variant with the same minimiser.)

    Parameters
    ----------
    target : str or list of str, default=None
        Column(s) of a DataFrame ``y`` to learn from: ``"activation"``,
        ``"valence"`` or both (their Euclidean distance). With a 1-D ``y`` it may be
        None. Missing values mark unlabelled rows.
    metric_weight : float, default=1.0
        Weight of the metric loss.
    pairs : {"adjacent", "all"}, default="adjacent"
        Pairs of rows compared in a batch: neighbours, as in the paper, or every
        pair i < j, the pairs of the authors' released code (which, unlike this
        model, compares signed differences rather than distances).
    label_distance : {"euclidean", "sum"}, default="euclidean"
        Distance between several label columns: Euclidean (paper) or, a variant
        of ours, the sum of absolute differences. (The released code fits
        activation and valence on separate halves of the code instead.)
    {common_parameters}

    Attributes
    ----------
    target_names_ : ndarray of str
        The label columns learnt from.
    {common_attributes}

    See Also
    --------
    skser.nn.continuous_metric_loss : The loss term.
    DAE : The unsupervised baseline.

    References
    ----------
    .. [1] S. Das, N. N. Lund, N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen,
       "Continuous Metric Learning For Transferable Speech Emotion Recognition and
       Embedding Across Low-resource Languages", NLDL 2022.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser import MetricDAE
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 88))
    >>> y = pd.DataFrame({"activation": X[:, 0] + 3, "emotion": ["a", "b"] * 50})
    >>> model = MetricDAE(target="activation", max_epochs=2, random_state=0)
    >>> model.fit(X, y).transform(X).shape
    (100, 2)
    """

    _parameter_constraints = {
        **DAE._parameter_constraints,
        "metric_weight": [Interval(Real, 0, None, closed="left")],
        "pairs": [StrOptions({"adjacent", "all"})],
        "label_distance": [StrOptions({"euclidean", "sum"})],
    }

    def __init__(
        self,
        target=None,
        *,
        metric_weight=1.0,
        pairs="adjacent",
        label_distance="euclidean",
        hidden_layer_sizes=(40, 20, 10),
        latent_dim=2,
        noise_std=1.0,
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
        self.metric_weight = metric_weight
        self.pairs = pairs
        self.label_distance = label_distance

    def _heads(self):
        return (Head("metric", self.target, "continuous"),)

    def _extra_terms(self, outputs, targets, epoch):
        loss, _ = continuous_metric_loss(
            outputs[1], targets, self.pairs, self.label_distance
        )
        return {"metric": self.metric_weight * loss}


@fill_docstring(cluster_parameters=CLUSTER_PARAMETERS, **COMMON_SECTIONS)
class ClusterDAE(DAE):
    """Denoising autoencoder shaped by the cluster loss on emotion classes.

    Adds ``cluster_weight * D_intra / D_inter``: codes of one class gather, class
    means spread apart.

    Parameters
    ----------
    {cluster_parameters}
    {common_parameters}

    Attributes
    ----------
    classes_ : ndarray
        The class labels seen in ``fit``.
    {common_attributes}

    See Also
    --------
    skser.nn.cluster_loss : The loss term.
    ClusterVAE : The variational counterpart.

    References
    ----------
    .. [1] S. Das, N. N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen, "Towards
       transferable speech emotion representation: on loss functions for
       cross-lingual latent representations", ICASSP 2022.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import ClusterDAE
    >>> X = np.random.default_rng(0).standard_normal((100, 88))
    >>> y = np.array(["angry", "sad"] * 50)
    >>> ClusterDAE(max_epochs=2, random_state=0).fit(X, y).classes_
    array(['angry', 'sad'], dtype=object)
    """

    _parameter_constraints = {
        **DAE._parameter_constraints,
        "cluster_weight": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        target=None,
        *,
        cluster_weight=1.0,
        hidden_layer_sizes=(40, 20, 10),
        latent_dim=2,
        noise_std=1.0,
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
        self.cluster_weight = cluster_weight

    def _heads(self):
        return (Head("cluster", self.target, "classes"),)

    def _extra_terms(self, outputs, targets, epoch):
        return cluster_term(self, outputs[1], targets)


@fill_docstring(**COMMON_SECTIONS)
class MetricClusterDAE(MetricDAE):
    """Denoising autoencoder shaped by the metric loss and the cluster loss at once.

    Minimises ``L_rec + metric_weight * L_met + cluster_weight * L_clus``: the
    metric loss of :class:`MetricDAE` on continuous labels (``target``, e.g.
    activation and valence) orders the code, the cluster loss of
    :class:`ClusterDAE` on class labels (``cluster_target``) gathers each class.
    Each term reads its own column; a row missing one label still trains the
    other term.

    Parameters
    ----------
    target : str or list of str, default=None
        Continuous label column(s) of the metric loss, e.g.
        ``["activation", "valence"]``.
    cluster_target : str, default="emotion"
        Class label column of the cluster loss.
    metric_weight : float, default=1.0
        Weight of the metric loss.
    cluster_weight : float, default=1.0
        Weight of the cluster loss.
    pairs : {"adjacent", "all"}, default="adjacent"
        Pairs of the metric loss, as in :class:`MetricDAE`.
    label_distance : {"euclidean", "sum"}, default="euclidean"
        Distance between several label columns, as in :class:`MetricDAE`.
    {common_parameters}

    Attributes
    ----------
    target_names_ : ndarray of str
        The continuous label columns learnt from.
    classes_ : ndarray
        The class labels seen in ``fit``.
    {common_attributes}

    See Also
    --------
    MetricDAE : The metric loss alone.
    ClusterDAE : The cluster loss alone.

    References
    ----------
    .. [1] S. Das, N. N. Lund, N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen,
       "Continuous Metric Learning For Transferable Speech Emotion Recognition and
       Embedding Across Low-resource Languages", NLDL 2022, Eq. 6.
    .. [2] S. Das, N. N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen, "Towards
       transferable speech emotion representation: on loss functions for
       cross-lingual latent representations", ICASSP 2022.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser import MetricClusterDAE
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 88))
    >>> y = pd.DataFrame({"activation": X[:, 0], "valence": X[:, 1],
    ...                   "emotion": ["angry", "sad"] * 50})
    >>> model = MetricClusterDAE(["activation", "valence"], max_epochs=2,
    ...                          random_state=0).fit(X, y)
    >>> model.classes_
    array(['angry', 'sad'], dtype=object)
    >>> model.target_names_
    array(['activation', 'valence'], dtype=object)
    """

    _parameter_constraints = {
        **MetricDAE._parameter_constraints,
        "cluster_target": [str, None],
        "cluster_weight": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        target=None,
        *,
        cluster_target="emotion",
        metric_weight=1.0,
        cluster_weight=1.0,
        pairs="adjacent",
        label_distance="euclidean",
        hidden_layer_sizes=(40, 20, 10),
        latent_dim=2,
        noise_std=1.0,
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
            metric_weight=metric_weight,
            pairs=pairs,
            label_distance=label_distance,
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
        self.cluster_target = cluster_target
        self.cluster_weight = cluster_weight

    def _heads(self):
        return (
            Head("metric", self.target, "continuous"),
            Head("cluster", self.cluster_target, "classes"),
        )

    def _extra_terms(self, outputs, targets, epoch):
        z = outputs[1]
        loss, _ = continuous_metric_loss(
            z, self._head_targets(targets, "metric"), self.pairs, self.label_distance
        )
        terms = {"metric": self.metric_weight * loss}
        terms.update(cluster_term(self, z, self._head_targets(targets, "cluster")))
        return terms
