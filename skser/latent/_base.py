"""The shared base of the latent models: heads, targets, device, the skorch net.

A model declares its *heads*: each names a loss term, the label column it reads and
its kind (``"continuous"`` or ``"classes"``). The base reads every head's column
from the label frame ``y`` (NaN = unlabelled, per head), validates it, and hands
the loss terms a float32 target matrix in which each head owns a block of columns.
Training is skorch's: a model with one network adds loss terms in
``_extra_terms``; a model with several networks (adversarial training) overrides
the net's ``initialize_optimizer`` and ``train_step``, nothing else.
"""

import copy
import warnings
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    validate_data,
)
from skorch import NeuralNet
from skorch.callbacks import EarlyStopping
from skorch.dataset import ValidSplit
from torch.utils.data import DataLoader, TensorDataset

from skser.nn import AutoEncoder
from skser.utils import (
    TRAINING_CONSTRAINTS,
    draw_seed,
    forked_random_state,
    label_column,
    resolve_device,
)


class Head(NamedTuple):
    """A supervised head of a latent model.

    ``name`` is the loss term's name (recorded as ``train_<name>``), ``column`` the
    label column(s) it reads (None: a 1-D ``y`` as it is), ``kind`` either
    ``"continuous"`` (float labels) or ``"classes"`` (class labels, coded 0..k-1
    with -1 for unlabelled rows).
    """

    name: str
    column: object
    kind: str


def fused_adam(device):
    """Return the net settings that make Adam one fused kernel where torch has one.

    Adam's default on the CPU updates each parameter tensor in its own handful of
    kernel calls; the fused kernel updates them all at once, a fifth of the
    training time of these small nets (``benchmarks/bench_fit.py``).
    """
    fused = torch.device(device).type in ("cpu", "cuda")
    return {"optimizer__fused": True} if fused else {}


#: Rows encoded at a time by ``transform``: a float64 chunk of 88 features is 46 MB.
_CHUNK_ROWS = 1 << 16


def float64_module(net):
    """Return ``net``'s trained module in float64 and eval mode, for predictions.

    The copy is made once per state of the weights (kept on the net, keyed by the
    parameters' version counters, so further training makes a new one), not on
    every call.
    """
    module = net.module_
    versions = tuple(parameter._version for parameter in module.parameters())
    cached = getattr(net, "_float64_module", None)
    if cached is None or cached[0] != versions:
        cached = (versions, copy.deepcopy(module).double().eval())
        net._float64_module = cached
    return cached[1]


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


def batch_iterator(dataset, batch_size, shuffle=False, **kwargs):
    """Load whole batches by tensor indexing, not row by row and then collated.

    skorch's default DataLoader fetches and stacks each row of a batch; indexing
    the tensors once per batch removes that overhead (``benchmarks/bench_fit.py``).
    """
    batches = _Batches(len(dataset), batch_size, shuffle)
    return DataLoader(dataset, batch_size=None, sampler=batches, **kwargs)


_WHAT_TO_CHECK = {
    "reconstruction": "X for extreme values (standardise it, e.g. StandardScaler, "
    "and drop outliers with OutlierFilter) or lower lr",
    "metric": "the continuous target for extreme values, or lower metric_weight or lr",
    "cluster": "the class labels, or lower cluster_weight or lr",
    "kl": "X for extreme values, or lower kl_weight or lr",
    "discriminator": "X for extreme values (standardise it), or lower lr",
    "generator": "X for extreme values (standardise it), or lower lr",
    "adversarial": "X for extreme values (standardise it), or lower "
    "adversarial_weight or lr",
}


def check_finite_terms(model_name, terms, epoch):
    """Raise if a loss term of a batch is not finite, naming epoch and term."""
    for name, value in terms.items():
        if not np.isfinite(value):
            check = _WHAT_TO_CHECK.get(
                name, "X and the labels for extreme values, or lower lr"
            )
            raise FloatingPointError(
                f"{model_name}: the {name} loss is {value} in epoch {epoch}; "
                f"training stopped. Check {check}"
            )


class TermsNet(NeuralNet):
    """A skorch net whose loss is its estimator's weighted terms, each recorded.

    Each term is averaged per epoch (weighted by batch size, as skorch averages
    ``train_loss``) and recorded in the history under ``train_<name>`` (and
    ``valid_<name>`` with a validation split). The terms stay tensors until the
    epoch ends: one device sync per epoch, not one per term and batch. A term
    that is not finite stops training with an error naming the epoch and the term.
    """

    def __init__(self, *args, estimator, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimator = estimator

    def _set_training(self, training=True):
        # skorch sets the mode before every batch, walking every submodule: a tenth
        # of the training time of these small nets. Only a change needs the walk.
        if self.module_.training != training:
            super()._set_training(training)

    @property
    def epoch(self):
        """The current epoch, counted from 1 as the schedules are."""
        return max(len(self.history), 1)

    def __getstate__(self):
        state = super().__getstate__()
        # A copy of module_ (remade on demand) and the last epoch's batch terms.
        for name in ("_float64_module", "_batch_terms"):
            state.pop(name, None)
        return state

    def get_default_callbacks(self):
        """Return skorch's callbacks less those that would be called for nothing.

        Every callback is called twice per batch: without a validation split
        ``valid_loss`` has nothing to score, and ``print_log`` prints nothing
        at ``verbose=0``.
        """
        idle = {"valid_loss"} if self.train_split is None else set()
        if not self.verbose:
            idle.add("print_log")
        return [
            (name, cb)
            for name, cb in super().get_default_callbacks()
            if name not in idle
        ]

    def on_epoch_begin(self, net, **kwargs):
        """Start a new epoch in the history and forget the last epoch's terms."""
        super().on_epoch_begin(net, **kwargs)
        self._batch_terms = {}  # prefix -> [(rows, {name: detached term})]

    def record_terms(self, terms, training, n_rows):
        """Keep the terms of a batch of ``n_rows`` rows, as tensors, for the epoch."""
        prefix = "train" if training else "valid"
        detached = {name: value.detach() for name, value in terms.items()}
        self._batch_terms.setdefault(prefix, []).append((n_rows, detached))

    def on_epoch_end(self, net, **kwargs):
        """Record each term's epoch mean; raise if one is not finite."""
        super().on_epoch_end(net, **kwargs)
        for prefix, batches in self._batch_terms.items():
            rows = torch.tensor([n_rows for n_rows, _ in batches], dtype=torch.float64)
            names = list(batches[0][1])
            values = torch.stack(
                [torch.stack([terms[name] for name in names]) for _, terms in batches]
            ).to("cpu", torch.float64)  # one device sync per epoch
            means = dict(zip(names, (rows @ values / rows.sum()).tolist(), strict=True))
            check_finite_terms(type(self.estimator).__name__, means, self.epoch)
            for name, value in means.items():
                self.history.record(f"{prefix}_{name}", value)

    def get_loss(self, y_pred, y_true, X=None, training=False):
        """Sum the weighted loss terms of the batch and record each of them."""
        terms = self.estimator._loss_terms(
            y_pred, y_true.to(self.device), X, self.epoch
        )
        self.record_terms(terms, training, len(y_true))
        return sum(terms.values())


class AdversarialNet(TermsNet):
    """A skorch net that trains a model and its discriminator(s) in turn.

    The module yields ``generator_parameters()`` and
    ``discriminator_parameters()``; ``initialize_optimizer`` gives each group its
    own optimizer (``optimizer_`` and ``discriminator_optimizer_``, both with the
    net's optimizer settings), and ``train_step`` lets the estimator's
    ``_adversarial_step(net, X, y)`` update both and return its weighted terms.
    skorch still runs the epochs, batches, callbacks and history.
    """

    def initialize_optimizer(self, *args, **kwargs):
        """Make one optimizer for the model and one for the discriminator(s)."""
        for name, parameters in (
            ("optimizer_", self.module_.generator_parameters()),
            ("discriminator_optimizer_", self.module_.discriminator_parameters()),
        ):
            args, kwargs = self.get_params_for_optimizer("optimizer", parameters)
            setattr(self, name, self.optimizer(*args, **kwargs))
        return self

    def train_step(self, batch, **fit_params):
        """Update discriminator(s) and model on one batch; record every term."""
        self._set_training(True)
        X, y = (tensor.to(self.device) for tensor in batch)
        terms = self.estimator._adversarial_step(self, X, y)
        self.record_terms(terms, training=True, n_rows=len(X))
        loss = sum(value for name, value in terms.items() if name != "discriminator")
        return {"loss": loss.detach(), "y_pred": None}

    @staticmethod
    def step(optimizer, loss):
        """One optimiser step on ``loss``."""
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()


#: Kept for code that imported it from here; the constraints live in skser.utils.
_TRAINING_CONSTRAINTS = TRAINING_CONSTRAINTS


class _LatentModel(TransformerMixin, BaseEstimator):
    """Shared machinery: validation, seeding, heads and targets, the net, transform.

    A subclass sets ``_module`` (the torch module class), declares its supervised
    heads in ``_heads`` and adds loss terms in ``_extra_terms``. This ``__init__``
    stores the shared parameters (it is DAE's); a subclass with more lists all of
    them in its own signature, since scikit-learn reads parameters from it, and
    passes the shared ones on.
    """

    _module = AutoEncoder
    _net = TermsNet

    _parameter_constraints = {
        "hidden_layer_sizes": ["array-like"],
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "noise_std": [Interval(Real, 0, None, closed="left")],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither"), None],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        **TRAINING_CONSTRAINTS,
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

    def _heads(self):
        """Return the supervised heads, in the order of their target columns."""
        return ()

    # -- fitting ---------------------------------------------------------------

    def fit(self, X, y=None):
        """Train the autoencoder (and its supervised terms) on ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.
        y : None, array-like of shape (n_samples,) or DataFrame
            Labels for the supervised terms: a 1-D array is used as it is; from a
            DataFrame the column(s) each head names are used. Missing values mark
            unlabelled rows. Ignored by unsupervised models.

        Returns
        -------
        self : estimator
            The fitted model.
        """
        self._validate_params()
        device = resolve_device(self.device, type(self).__name__)
        X = validate_data(self, X, dtype=np.float32, copy=True)
        targets = self._targets(y, len(X))
        self.net_ = self._make_net(X.shape[1], device)
        # Tensors indexed a batch at a time: no per-row fetching and collating.
        dataset = TensorDataset(torch.as_tensor(X), torch.as_tensor(targets))
        # Seeded in a fork of torch's generators: fits are reproducible and the
        # caller's random state (CPU and CUDA) is left alone.
        with forked_random_state(draw_seed(self.random_state)):
            self.net_.fit(dataset, None)
        return self

    def _module_params(self, n_features):
        return {
            "n_features": n_features,
            "hidden_layer_sizes": tuple(self.hidden_layer_sizes),
            "latent_dim": self.latent_dim,
            "noise_std": self.noise_std,
        }

    def _make_net(self, n_features, device):
        callbacks = []
        if self.patience is not None:
            monitor = "valid_loss" if self.validation_fraction else "train_loss"
            callbacks.append(
                (
                    "early_stopping",
                    EarlyStopping(monitor=monitor, patience=self.patience),
                )
            )
        module_params = {
            f"module__{key}": value
            for key, value in self._module_params(n_features).items()
        }
        return self._net(
            module=self._module,
            **module_params,
            criterion=torch.nn.MSELoss,
            optimizer=torch.optim.Adam,
            **fused_adam(device),
            lr=self.lr,
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            iterator_train=batch_iterator,
            iterator_valid=batch_iterator,
            iterator_train__shuffle=True,
            train_split=(
                ValidSplit(self.validation_fraction, stratified=False)
                if self.validation_fraction
                else None
            ),
            callbacks=callbacks,
            device=device,
            verbose=int(self.verbose),
            estimator=self,
        )

    # -- targets ---------------------------------------------------------------

    def _targets(self, y, n_samples):
        """Return the heads' targets as float32 of shape (n, k); NaN = unlabelled.

        Each head owns a block of columns (``head_columns_``). Class labels become
        integer codes (-1 for missing) stored as floats.
        """
        name = type(self).__name__
        heads = self._heads_for(y)
        if not heads:
            if self.target is not None:
                raise ValueError(
                    f"{name} is unsupervised and takes no target (got "
                    f"target={self.target!r}); use MetricDAE or a cluster model to "
                    "learn from labels"
                )
            self.head_columns_ = {}
            return np.full((n_samples, 1), np.nan, dtype=np.float32)
        if y is None:
            raise ValueError(
                f"{name} requires y to be passed, but the target y is None; pass "
                f"labels (missing values mark unlabelled rows), or use "
                f"{'VAE' if 'VAE' in name else 'DAE'} for no labels at all"
            )
        check_consistent_length(np.empty(n_samples), y)
        blocks, self.head_columns_, start = [], {}, 0
        for head in heads:
            labels = self._head_labels(head, y, n_samples)
            if head.kind == "continuous":
                block = self._continuous(labels, head)
            else:
                block = self._class_codes(labels, head)
            self._warn_if_unlabelled(head, block, labels)
            blocks.append(block)
            self.head_columns_[head.name] = slice(start, start + block.shape[1])
            start += block.shape[1]
        return np.concatenate(blocks, axis=1)

    def _heads_for(self, y):
        """Return the heads ``y`` can feed (all of them, by default)."""
        return self._heads()

    def _head_labels(self, head, y, n_samples):
        """Return a head's label column(s) as a DataFrame."""
        owner = f"{type(self).__name__} (the {head.name} term)"
        if not isinstance(y, pd.DataFrame):
            if isinstance(head.column, str):
                # A 1-D y is the column; an unnamed 2-D y is refused by name.
                y = label_column(y, head.column, owner)
            labels = np.asarray(y).reshape(n_samples, -1)
            named = [] if head.column is None else list(np.atleast_1d(head.column))
            if len(named) > 1 and labels.shape[1] != len(named):
                raise ValueError(
                    f"{owner} needs the columns {', '.join(map(repr, named))}, but "
                    f"y is an array of {labels.shape[1]} column(s) without names; "
                    f"pass y[{named!r}] (a DataFrame) instead"
                )
            return pd.DataFrame(labels)
        if head.column is None:
            raise ValueError(
                f"y is a DataFrame: set target= to the column(s) "
                f"{type(self).__name__} learns from (columns: "
                f"{', '.join(map(str, y.columns))})"
            )
        columns = [head.column] if isinstance(head.column, str) else head.column
        return pd.DataFrame(
            {column: label_column(y, column, owner) for column in columns}
        )

    def _continuous(self, labels, head):
        try:
            values = labels.apply(pd.to_numeric).to_numpy(dtype=np.float32, copy=True)
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"{type(self).__name__} learns from continuous labels (e.g. "
                f"activation, valence); the target is not numeric: {exc}"
            ) from None
        infinite = np.isinf(values).any(axis=0)
        if infinite.any():
            column = labels.columns[np.flatnonzero(infinite)[0]]
            raise ValueError(
                f"{type(self).__name__}: target column {column!r} holds "
                f"{np.isinf(values).sum()} infinite value(s) (or values too large for "
                "float32); fix them, or set them to NaN to mark the rows unlabelled"
            )
        first = next(h for h in self._heads() if h.kind == "continuous")
        if head == first:
            self.target_names_ = np.asarray(labels.columns.map(str), dtype=object)
        return values

    def _class_codes(self, labels, head):
        if labels.shape[1] != 1:
            raise ValueError(
                f"{type(self).__name__} learns from one column of class labels, "
                f"got {labels.shape[1]}"
            )
        column = labels.iloc[:, 0]
        known = column.notna()
        classes = np.unique(column[known].to_numpy())
        codes = np.full(len(column), -1.0, dtype=np.float32)
        codes[known.to_numpy()] = np.searchsorted(classes, column[known].to_numpy())
        first = next(h for h in self._heads() if h.kind == "classes")
        if head == first:
            self.classes_ = classes
        self.head_classes_ = {**getattr(self, "head_classes_", {}), head.name: classes}
        return codes[:, None]

    def _warn_if_unlabelled(self, head, block, labels):
        labelled = (block >= 0) if head.kind == "classes" else ~np.isnan(block)
        n_labelled = int(labelled.all(axis=1).sum())
        if n_labelled < 2:
            columns = ", ".join(map(str, labels.columns))
            warnings.warn(
                f"{type(self).__name__}: only {n_labelled} row(s) of target column "
                f"{columns!r} are labelled; the {head.name} term needs at least 2 "
                "and is 0: the model trains as if unsupervised",
                UserWarning,
                stacklevel=4,
            )

    def _head_targets(self, targets, name):
        """Return the columns of ``targets`` that belong to the head ``name``."""
        return targets[:, self.head_columns_[name]]

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

    def _encode(self, X):
        """Encode validated ``X`` in float64, a chunk of rows at a time."""
        # Encoded in float64, then rounded to float32: float32 BLAS kernels round
        # differently by a row's position in the batch, and a row's code should not
        # depend on its neighbours. Chunks bound the memory of a float64 copy.
        module = float64_module(self.net_)
        codes = []
        with torch.no_grad():
            for start in range(0, max(len(X), 1), _CHUNK_ROWS):
                chunk = torch.as_tensor(X[start : start + _CHUNK_ROWS])
                chunk = chunk.to(self.net_.device, torch.float64)
                codes.append(module.encode(chunk).cpu().numpy().astype(np.float32))
        return np.concatenate(codes)

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
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        return self._encode(X)

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
        tags.target_tags.required = bool(self._heads())
        tags.non_deterministic = self.random_state is None
        return tags
