"""Latent models of Das et al. as scikit-learn transformers trained by skorch.

Every model is a transformer: ``fit(X, y=None)`` learns an autoencoder on the
(standardised) eGeMAPS features, ``transform(X)`` returns the latent code as float32
(for a VAE, the posterior mean). The supervised models shape the code with a
label-driven loss term; rows whose label is missing still train the reconstruction,
which makes them semi-supervised.

The training loop is skorch's: each model only says which heads it reads and
which loss terms it adds.
"""

from numbers import Integral, Real

from sklearn.utils._param_validation import Interval, StrOptions

from skser.latent._base import Head, _LatentModel
from skser.latent._domain import _DomainAdversarial
from skser.nn import (
    VariationalAutoEncoder,
    cluster_loss,
    continuous_metric_loss,
    cyclical_kl_weight,
    gaussian_kl,
)

__all__ = ["DAE", "VAE", "ClusterDAE", "ClusterVAE", "MetricClusterDAE", "MetricDAE"]


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


def _cluster_term(self, z, targets):
    return {"cluster": self.cluster_weight * cluster_loss(z, targets[:, 0].long())}


_COMMON_PARAMETERS_DOC = """\

    hidden_layer_sizes : tuple of int, default=(40, 20, 10)
        Encoder widths between the input and the latent code; the decoder mirrors
        them.
    latent_dim : int, default=2
        Dimensions of the latent code.
    noise_std : float, default={noise}
        Standard deviation of the Gaussian noise added to the input in training
        (denoising); ``transform`` never adds noise.
    max_epochs : int, default=50
        Training epochs.
    batch_size : int, default=64
        Rows per batch (shuffled every epoch).
    lr : float, default=1e-3
        Learning rate of Adam.
    validation_fraction : float, default=None
        Fraction of the rows held out to report a validation loss; ``None`` trains
        on every row, as the papers do.
    patience : int, default=None
        Stop when the validation loss (or the training loss, without a validation
        split) has not improved for this many epochs; ``None`` trains all epochs.
    device : str, default="cpu"
        Torch device, e.g. ``"cuda"``.
    verbose : bool or int, default=0
        Print a table of the loss terms per epoch.
    random_state : int, RandomState or None, default=None
        Seed of initialisation, shuffling and noise: the same seed gives the same
        latent code, bit for bit on the CPU.
    domain_weight : float, default=0.0
        Domain-adversarial training (Ganin and Lempitsky 2015): a classifier on the
        code (one hidden layer of 10) learns the domain of each row from
        ``domain_column`` (the ``domain`` term, its cross-entropy), and a gradient
        reversal layer hands the encoder ``-domain_weight`` times its gradient, so
        the encoder learns to hide the domain (``domain_weight`` is the paper's
        lambda). 0 trains no classifier. Rows of a target corpus with no emotion
        label (NaN) enter this term and the reconstruction.
    domain_column : str, default="corpus"
        Column of the label frame ``y`` naming each row's domain (corpus); read
        only when ``domain_weight > 0``.\
"""

_COMMON_ATTRIBUTES_DOC = """\

    net_ : skorch.NeuralNet
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : skorch.History
        Loss terms per epoch, each on its own (``train_reconstruction``, ...).
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of str
        Input feature names, when ``X`` was a DataFrame.
    domains_ : ndarray of str
        The domains seen in ``fit``; only with ``domain_weight > 0``.\
"""


def _documented(cls):
    """Fill the shared parameter and attribute sections into a model's docstring."""
    noise = "0.0" if issubclass(cls, _VariationalModel) else "1.0"
    cls.__doc__ = cls.__doc__.replace(
        "{common_parameters}", _COMMON_PARAMETERS_DOC.replace("{noise}", noise).strip()
    ).replace("{common_attributes}", _COMMON_ATTRIBUTES_DOC.strip())
    return cls


@_documented
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


@_documented
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


@_documented
class ClusterDAE(DAE):
    """Denoising autoencoder shaped by the cluster loss on emotion classes.

    Adds ``cluster_weight * D_intra / D_inter``: codes of one class gather, class
    means spread apart.

    Parameters
    ----------
    target : str, default=None
        Column of a DataFrame ``y`` holding class labels (e.g. ``"emotion"``). With
        a 1-D ``y`` it may be None. Missing values mark unlabelled rows.
    cluster_weight : float, default=1.0
        Weight of the cluster loss.
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
        return _cluster_term(self, outputs[1], targets)


@_documented
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
        terms.update(_cluster_term(self, z, self._head_targets(targets, "cluster")))
        return terms


@_documented
class VAE(_VariationalModel):
    """Variational autoencoder with cyclical KL annealing: a baseline.

    The loss is reconstruction plus ``beta_e * KL(q(z|x) || N(0, I))``, where
    ``beta_e`` rises from 0 to ``kl_weight`` over the first ``kl_ramp`` of each of
    ``kl_cycles`` cycles.

    Parameters
    ----------
    target : None
        Unsupervised: must stay None.
    kl_weight : float, default=0.25
        Weight of the KL term after each ramp.
    kl_cycles : int, default=4
        Number of annealing cycles over ``max_epochs``.
    kl_ramp : float, default=0.5
        Fraction of a cycle over which the KL weight rises.
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


@_documented
class ClusterVAE(VAE):
    """Variational autoencoder shaped by the cluster loss on emotion classes.

    The VAE loss plus ``cluster_weight * D_intra / D_inter`` on the latent codes
    of a batch.

    Parameters
    ----------
    target : str, default=None
        Column of a DataFrame ``y`` holding class labels (e.g. ``"emotion"``). With
        a 1-D ``y`` it may be None. Missing values mark unlabelled rows.
    cluster_weight : float, default=1.0
        Weight of the cluster loss.
    cluster_on : {"sample", "mean"}, default="sample"
        The codes the cluster loss acts on: the sampled ``z`` or the posterior
        mean. On the mean, the loss (invariant to scale) can shrink the means
        towards 0, where the KL term costs nothing and the decoder gets no signal:
        on the bundled EmoDB this collapses the code; the sample's noise prevents
        it.
    kl_weight : float, default=0.25
        Weight of the KL term after each ramp.
    kl_cycles : int, default=4
        Number of annealing cycles over ``max_epochs``.
    kl_ramp : float, default=0.5
        Fraction of a cycle over which the KL weight rises.
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
            _cluster_term(self, sample if self.cluster_on == "sample" else mu, targets)
        )
        return terms
