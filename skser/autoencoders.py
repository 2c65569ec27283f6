"""Latent models of Das et al. as scikit-learn transformers trained by skorch.

Every model is a transformer: ``fit(X, y=None)`` learns an autoencoder on the
(standardised) eGeMAPS features, ``transform(X)`` returns the latent code as float32
(for a VAE, the posterior mean). The supervised models shape the code with a
label-driven loss term; rows whose label is missing still train the reconstruction,
which makes them semi-supervised.

The training loop is skorch's: each model only says which loss terms it adds.
"""

import copy
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    validate_data,
)
from skorch import NeuralNet
from skorch.callbacks import EarlyStopping, PassthroughScoring
from skorch.dataset import ValidSplit
from torch.utils.data import DataLoader, TensorDataset

from skser.losses import (
    cluster_loss,
    continuous_metric_loss,
    cyclical_kl_weight,
    gaussian_kl,
)
from skser.modules import AutoEncoder, VariationalAutoEncoder

__all__ = ["DAE", "VAE", "ClusterDAE", "ClusterVAE", "MetricDAE"]


class _Batches:
    """Row indices of each batch as one tensor, shuffled anew every epoch."""

    def __init__(self, n_rows, batch_size, shuffle):
        self.n_rows, self.batch_size, self.shuffle = n_rows, batch_size, shuffle

    def __iter__(self):
        order = (
            torch.randperm(self.n_rows) if self.shuffle else torch.arange(self.n_rows)
        )
        return iter(order.split(self.batch_size))

    def __len__(self):
        return -(-self.n_rows // self.batch_size)


def _batch_iterator(dataset, batch_size, shuffle=False, **kwargs):
    """Load whole batches by tensor indexing, not row by row and then collated.

    skorch's default DataLoader fetches and stacks each row of a batch; indexing
    the tensors once per batch removes that overhead (``benchmarks/bench_fit.py``).
    """
    batches = _Batches(len(dataset), batch_size, shuffle)
    return DataLoader(dataset, batch_size=None, sampler=batches, **kwargs)


class _LossNet(NeuralNet):
    """A skorch net whose loss is reconstruction plus its estimator's terms.

    Each term is recorded per batch and averaged per epoch in the history, under
    ``train_<name>`` (and ``valid_<name>`` with a validation split).
    """

    def __init__(self, *args, estimator, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimator = estimator

    def _set_training(self, training=True):
        # skorch sets the mode before every batch, walking every submodule: a tenth
        # of the training time of these small nets. Only a change needs the walk.
        if self.module_.training != training:
            super()._set_training(training)

    def get_loss(self, y_pred, y_true, X=None, training=False):
        """Sum the weighted loss terms of the batch and record each of them."""
        epoch = max(len(self.history), 1)  # counted from 1, as the schedule is
        terms = self.estimator._loss_terms(y_pred, y_true.to(self.device), X, epoch)
        prefix = "train" if training else "valid"
        for name, value in terms.items():
            self.history.record_batch(f"{prefix}_{name}", value.item())
        return sum(terms.values())


class _LatentModel(TransformerMixin, BaseEstimator):
    """Shared machinery: validation, seeding, targets, the skorch net, transform.

    A subclass sets ``_module`` (the torch module class) and ``_target_kind``
    (None, ``"continuous"`` or ``"classes"``), and adds loss terms in
    ``_extra_terms``. This ``__init__`` stores the shared parameters (it is DAE's);
    a subclass with more lists all of them in its own signature, since
    scikit-learn reads parameters from it, and passes the shared ones on.
    """

    _module = AutoEncoder
    _target_kind = None
    _extra_term_names = ()

    _parameter_constraints = {
        "hidden_layer_sizes": ["array-like"],
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "noise_std": [Interval(Real, 0, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither"), None],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        "device": [str],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
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
    ):
        self.target = target
        self.hidden_layer_sizes = hidden_layer_sizes
        self.latent_dim = latent_dim
        self.noise_std = noise_std
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.device = device
        self.verbose = verbose
        self.random_state = random_state

    # -- fitting ---------------------------------------------------------------

    def fit(self, X, y=None):
        """Train the autoencoder (and its supervised term) on ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.
        y : None, array-like of shape (n_samples,) or DataFrame
            Labels for the supervised term: a 1-D array is used as it is; from a
            DataFrame the ``target`` column(s) are used. Missing values mark
            unlabelled rows. Ignored by unsupervised models.

        Returns
        -------
        self : estimator
            The fitted model.
        """
        self._validate_params()
        X = validate_data(self, X, dtype=np.float32, copy=True)
        targets = self._targets(y, len(X))
        self.net_ = self._make_net(X.shape[1])
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        # Seeded in a fork of torch's global generator: fits are reproducible and
        # the caller's random state is left alone.
        # Tensors indexed a batch at a time: no per-row fetching and collating.
        dataset = TensorDataset(torch.as_tensor(X), torch.as_tensor(targets))
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.net_.fit(dataset, None)
        return self

    def _make_net(self, n_features):
        callbacks = [
            (f"train_{name}", PassthroughScoring(name=f"train_{name}", on_train=True))
            for name in ("reconstruction", *self._extra_term_names)
        ]
        if self.patience is not None:
            monitor = "valid_loss" if self.validation_fraction else "train_loss"
            callbacks.append(
                (
                    "early_stopping",
                    EarlyStopping(monitor=monitor, patience=self.patience),
                )
            )
        return _LossNet(
            module=self._module,
            module__n_features=n_features,
            module__hidden_layer_sizes=tuple(self.hidden_layer_sizes),
            module__latent_dim=self.latent_dim,
            module__noise_std=self.noise_std,
            criterion=torch.nn.MSELoss,
            optimizer=torch.optim.Adam,
            lr=self.lr,
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            iterator_train=_batch_iterator,
            iterator_valid=_batch_iterator,
            iterator_train__shuffle=True,
            train_split=(
                ValidSplit(self.validation_fraction, stratified=False)
                if self.validation_fraction
                else None
            ),
            callbacks=callbacks,
            device=self.device,
            verbose=int(self.verbose),
            estimator=self,
        )

    # -- targets ---------------------------------------------------------------

    def _targets(self, y, n_samples):
        """Return the training targets as float32 of shape (n, k); NaN = unlabelled.

        Class labels become integer codes (-1 for missing) stored as floats.
        """
        name = type(self).__name__
        if self._target_kind is None:
            if self.target is not None:
                raise ValueError(
                    f"{name} is unsupervised and takes no target (got "
                    f"target={self.target!r}); use MetricDAE or a cluster model to "
                    "learn from labels"
                )
            return np.full((n_samples, 1), np.nan, dtype=np.float32)
        if y is None:
            raise ValueError(
                f"{name} requires y to be passed, but the target y is None; pass "
                f"labels (missing values mark unlabelled rows), or use "
                f"{'VAE' if 'VAE' in name else 'DAE'} for no labels at all"
            )
        check_consistent_length(np.empty(n_samples), y)
        if isinstance(y, pd.DataFrame):
            labels = self._target_columns(y)
        else:
            labels = pd.DataFrame(np.asarray(y).reshape(n_samples, -1))
        if self._target_kind == "continuous":
            return self._continuous(labels)
        return self._class_codes(labels)

    def _target_columns(self, y):
        columns = [self.target] if isinstance(self.target, str) else self.target
        present = ", ".join(map(str, y.columns))
        if columns is None:
            raise ValueError(
                f"y is a DataFrame: set target= to the column(s) "
                f"{type(self).__name__} learns from (columns: {present})"
            )
        missing = [column for column in columns if column not in y.columns]
        if missing:
            raise ValueError(
                f"target column {missing[0]!r} not in y (columns: {present})"
            )
        return y[list(columns)]

    def _continuous(self, labels):
        try:
            values = labels.apply(pd.to_numeric).to_numpy(dtype=np.float32, copy=True)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"{type(self).__name__} learns from continuous labels (e.g. "
                f"activation, valence); the target is not numeric: {exc}"
            ) from None
        self.target_names_ = np.asarray(labels.columns.map(str), dtype=object)
        return values

    def _class_codes(self, labels):
        if labels.shape[1] != 1:
            raise ValueError(
                f"{type(self).__name__} learns from one column of class labels, "
                f"got {labels.shape[1]}"
            )
        column = labels.iloc[:, 0]
        known = column.notna()
        self.classes_ = np.unique(column[known].to_numpy())
        codes = np.full(len(column), -1.0, dtype=np.float32)
        codes[known.to_numpy()] = np.searchsorted(
            self.classes_, column[known].to_numpy()
        )
        return codes[:, None]

    # -- losses ----------------------------------------------------------------

    def _loss_terms(self, outputs, targets, X, epoch):
        """Return the weighted loss terms of one batch, by name."""
        terms = {"reconstruction": self._reconstruction_loss(outputs[0], X)}
        terms.update(self._extra_terms(outputs, targets, epoch))
        return terms

    def _reconstruction_loss(self, reconstruction, X):
        return torch.nn.functional.mse_loss(reconstruction, X)

    def _extra_terms(self, outputs, targets, epoch):
        return {}

    # -- transforming ----------------------------------------------------------

    def transform(self, X):
        """Return the latent code of ``X`` (deterministic: no training noise).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.

        Returns
        -------
        z : ndarray of shape (n_samples, latent_dim), float32
            The latent code; for a VAE, the posterior mean.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False, copy=True)
        # Encoded in float64, then rounded to float32: float32 BLAS kernels round
        # differently by a row's position in the batch, and a row's code should not
        # depend on its neighbours.
        module = copy.deepcopy(self.net_.module_).double().eval()
        with torch.no_grad():
            z = module.encode(torch.as_tensor(X, device=self.net_.device))
        return z.cpu().numpy().astype(np.float32)

    def get_feature_names_out(self, input_features=None):
        """Return the names of the latent dimensions: ``latent0``, ``latent1``, ...

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str
            One name per latent dimension.
        """
        check_is_fitted(self)
        return np.asarray([f"latent{i}" for i in range(self.latent_dim)], dtype=object)

    @property
    def history_(self):
        """The skorch training history: loss terms per epoch, each on its own."""
        check_is_fitted(self)
        return self.net_.history

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float32"]
        tags.target_tags.required = self._target_kind is not None
        tags.non_deterministic = self.random_state is None
        return tags


class _VariationalModel(_LatentModel):
    """A VAE: reconstruction plus the KL term under cyclical annealing."""

    _module = VariationalAutoEncoder
    _extra_term_names = ("kl",)

    _parameter_constraints = {
        **_LatentModel._parameter_constraints,
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
        latent code, bit for bit on the CPU.\
"""

_COMMON_ATTRIBUTES_DOC = """\

    net_ : skorch.NeuralNet
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : skorch.History
        Loss terms per epoch, each on its own (``train_reconstruction``, ...).
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of str
        Input feature names, when ``X`` was a DataFrame.\
"""


def _documented(cls):
    """Fill the shared parameter and attribute sections into a model's docstring."""
    noise = "0.0" if issubclass(cls, _VariationalModel) else "1.0"
    cls.__doc__ = cls.__doc__.replace(
        "{common_parameters}", _COMMON_PARAMETERS_DOC.replace("{noise}", noise).strip()
    ).replace("{common_attributes}", _COMMON_ATTRIBUTES_DOC.strip())
    return cls


@_documented
class DAE(_LatentModel):
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


@_documented
class MetricDAE(DAE):
    """Denoising autoencoder shaped by the continuous metric loss.

    Adds ``metric_weight * (L_res + L_sl)`` (Das et al. 2022, Eqs. 1-4): distances
    between latent codes are pulled towards distances between continuous labels
    (activation, valence), so the code is ordered by them.

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
        pair, as in the authors' released code.
    label_distance : {"euclidean", "sum"}, default="euclidean"
        Distance between several label columns: Euclidean (paper) or the sum of
        absolute differences (released code).
    {common_parameters}

    Attributes
    ----------
    target_names_ : ndarray of str
        The label columns learnt from.
    {common_attributes}

    See Also
    --------
    skser.losses.continuous_metric_loss : The loss term.
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

    _target_kind = "continuous"
    _extra_term_names = ("metric",)
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
        )
        self.metric_weight = metric_weight
        self.pairs = pairs
        self.label_distance = label_distance

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
    skser.losses.cluster_loss : The loss term.
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

    _target_kind = "classes"
    _extra_term_names = ("cluster",)
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
        )
        self.cluster_weight = cluster_weight

    def _extra_terms(self, outputs, targets, epoch):
        return _cluster_term(self, outputs[1], targets)


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
    skser.losses.cyclical_kl_weight : The annealing schedule.
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

    _target_kind = "classes"
    _extra_term_names = ("kl", "cluster")
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
        )
        self.cluster_weight = cluster_weight
        self.cluster_on = cluster_on

    def _extra_terms(self, outputs, targets, epoch):
        _, mu, _, sample = outputs
        terms = super()._extra_terms(outputs, targets, epoch)
        terms.update(
            _cluster_term(self, sample if self.cluster_on == "sample" else mu, targets)
        )
        return terms
