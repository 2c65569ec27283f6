"""The shared base of the latent models: heads, targets, device, the skorch net.

A model declares its *heads*: each names a loss term, the label column it reads and
its kind (``"continuous"`` or ``"classes"``). The base reads every head's column
from the label frame ``y`` (NaN = unlabelled, per head), validates it, and hands
the loss terms a float32 target matrix in which each head owns a block of columns.
Training is the kit of :mod:`skser.nn` (skorch): a model with one network adds
loss terms in ``_extra_terms`` (summed by :class:`~skser.nn.TermsNet`); a model
with several networks (adversarial training) trains with
:class:`~skser.nn.AdversarialNet` and writes only its ``_adversarial_step``.
"""

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
from torch.utils.data import TensorDataset

from skser.nn import (
    AdversarialNet,
    AutoEncoder,
    TermsNet,
    TrainedNetMixin,
    batch_iterator,
    net_settings,
    predict_in_chunks,
    seeded_fit,
)
from skser.utils import TRAINING_CONSTRAINTS, label_column, resolve_device

#: Models saved before the training kit moved to skser.nn name these in their
#: pickles (the net's class, its batch iterator) as skser.latent._base's: they stay
#: importable here so that those files load.
_PICKLED_NAMES = (AdversarialNet, TermsNet, batch_iterator)


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


class _LatentModel(TrainedNetMixin, TransformerMixin, BaseEstimator):
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
        seeded_fit(self.net_, dataset, self.random_state)
        return self

    def _module_params(self, n_features):
        return {
            "n_features": n_features,
            "hidden_layer_sizes": tuple(self.hidden_layer_sizes),
            "latent_dim": self.latent_dim,
            "noise_std": self.noise_std,
        }

    def _make_net(self, n_features, device):
        module_params = {
            f"module__{key}": value
            for key, value in self._module_params(n_features).items()
        }
        return self._net(
            module=self._module,
            **module_params,
            criterion=torch.nn.MSELoss,
            **net_settings(self, device),
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
        """Encode validated ``X`` in float64, then round the code to float32."""
        # float32 BLAS kernels round differently by a row's position in the batch,
        # and a row's code should not depend on its neighbours.
        codes = predict_in_chunks(self.net_, X, lambda module, x: module.encode(x))
        return codes.astype(np.float32)

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

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float32"]
        tags.target_tags.required = bool(self._heads())
        tags.non_deterministic = self.random_state is None
        return tags
