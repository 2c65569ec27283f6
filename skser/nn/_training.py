"""The one skorch training kit of skser's torch estimators.

Every torch-trained estimator (the latent models, the adversarial autoencoder, the
GAN augmenter, the end-to-end classifiers) trains and predicts with these pieces,
so each is written once:

- :func:`net_settings`: the skorch settings read from an estimator's training
  parameters (``max_epochs``, ``batch_size``, ``lr``, ``verbose``; their constraints
  are :data:`skser.utils.TRAINING_CONSTRAINTS`), with Adam fused where torch can;
  an estimator with a validation of its own passes it as ``validation=`` (the
  end-to-end classifiers hold out whole speakers and stop early on the UAR).
- :func:`validation_settings`: a held-out split and early stopping.
- :func:`seeded_fit`: ``net.fit`` seeded from ``random_state`` (or the seed the fit
  already drew) in a fork of torch's generators (CPU and CUDA) and numpy's,
  leaving the caller's random state alone.
- :func:`inference_module` / :func:`predict_in_chunks`: predictions from a copy of
  the trained module in eval mode (float64 by default), made once per state of the
  weights, not on every call.
- :class:`TrainingNet`, :class:`TermsNet`, :class:`AdversarialNet`: the
  ``NeuralNet`` subclasses (one loss, a sum of recorded loss terms, a model trained
  against discriminators); :func:`check_finite_terms` stops training on a loss
  term that is not finite, naming the epoch and the term.
- :func:`batch_iterator`: whole batches by tensor indexing.
- :class:`TrainingNetMixin`: what every net does beyond skorch's, mixed into a
  net class of skorch's (``NeuralNet``; the end-to-end classifiers'
  ``NeuralNetClassifier``).
- :class:`TrainedNetMixin`: the ``history_`` of an estimator that holds ``net_``.
"""

import copy

import numpy as np
import torch
from sklearn.utils.validation import check_is_fitted
from skorch import NeuralNet
from skorch.callbacks import EarlyStopping
from skorch.dataset import ValidSplit
from torch.utils.data import DataLoader

from skser.utils import draw_seed, forked_random_state

#: Rows predicted at a time: a float64 chunk of 88 features is 46 MB.
_CHUNK_ROWS = 1 << 16


# -- settings -------------------------------------------------------------------


def fused_adam(device):
    """Return the net settings that make Adam one fused kernel where torch has one.

    Adam's default on the CPU updates each parameter tensor in its own handful of
    kernel calls; the fused kernel updates them all at once, a fifth of the
    training time of these small nets (``benchmarks/bench_fit.py``).

    Parameters
    ----------
    device : str or torch.device
        The device the net trains on.

    Returns
    -------
    settings : dict
        ``{"optimizer__fused": True}`` on the CPU and CUDA, else ``{}``.

    Examples
    --------
    >>> from skser.nn import fused_adam
    >>> fused_adam("cpu")
    {'optimizer__fused': True}
    """
    fused = torch.device(device).type in ("cpu", "cuda")
    return {"optimizer__fused": True} if fused else {}


def net_settings(
    estimator,
    device,
    *,
    optimizer=torch.optim.Adam,
    tensor_batches=True,
    fused=True,
    validation=None,
):
    """Return the skorch settings of ``estimator``'s training parameters.

    Parameters
    ----------
    estimator : estimator
        Has ``max_epochs``, ``batch_size``, ``lr`` and ``verbose`` (validated
        against :data:`skser.utils.TRAINING_CONSTRAINTS`); ``validation_fraction``
        and ``patience`` where it has them (:func:`validation_settings`).
    device : str
        The resolved device (:func:`skser.utils.resolve_device`).
    optimizer : torch.optim.Optimizer subclass, default=torch.optim.Adam
        The optimizer; ``lr`` is the estimator's.
    tensor_batches : bool, default=True
        Load batches with :func:`batch_iterator` (a dataset of tensors indexed
        by a tensor of rows); False keeps skorch's DataLoader (a dataset of
        files, read row by row).
    fused : bool, default=True
        Fuse Adam's update where torch can (:func:`fused_adam`); ignored for
        another optimizer.
    validation : dict, default=None
        The net's ``train_split`` and ``callbacks``, for an estimator whose
        validation is its own (the end-to-end classifiers hold out whole
        speakers and stop early on the validation UAR); None reads
        ``validation_fraction`` and ``patience`` from the estimator
        (:func:`validation_settings`).

    Returns
    -------
    settings : dict
        Keyword arguments of a skorch net: optimizer, ``lr``, ``max_epochs``,
        ``batch_size``, shuffled training batches, the validation split and
        callbacks, ``device`` and ``verbose``.

    Raises
    ------
    ValueError
        If ``validation`` holds other keys than ``train_split`` and
        ``callbacks``.

    Examples
    --------
    >>> from skser import DAE
    >>> from skser.nn import net_settings
    >>> settings = net_settings(DAE(max_epochs=3), "cpu")
    >>> settings["max_epochs"], settings["batch_size"], settings["lr"]
    (3, 64, 0.001)
    """
    if validation is None:
        validation = validation_settings(
            getattr(estimator, "validation_fraction", None),
            getattr(estimator, "patience", None),
        )
    elif set(validation) - {"train_split", "callbacks"}:
        raise ValueError(
            f"validation= takes the keys 'train_split' and 'callbacks', got "
            f"{sorted(validation)}; pass other net settings to the net itself"
        )
    settings = {
        "optimizer": optimizer,
        **(fused_adam(device) if fused and optimizer is torch.optim.Adam else {}),
        "lr": estimator.lr,
        "max_epochs": estimator.max_epochs,
        "batch_size": estimator.batch_size,
        "iterator_train__shuffle": True,
        "train_split": None,
        "callbacks": [],
        **validation,
        "device": device,
        "verbose": int(estimator.verbose),
    }
    if tensor_batches:
        settings.update(iterator_train=batch_iterator, iterator_valid=batch_iterator)
    return settings


def validation_settings(validation_fraction, patience):
    """Return the skorch settings of a validation split and early stopping.

    Parameters
    ----------
    validation_fraction : float in (0, 1) or None
        Share of the training rows held out to score ``valid_loss`` each epoch
        (not stratified); None holds out nothing.
    patience : int or None
        Stop after this many epochs without improvement of ``valid_loss`` (of
        ``train_loss`` without a validation split); None trains every epoch.

    Returns
    -------
    settings : dict
        ``train_split`` and ``callbacks`` for a skorch net.

    Examples
    --------
    >>> from skser.nn import validation_settings
    >>> settings = validation_settings(0.2, 5)
    >>> settings["callbacks"][0][1].monitor
    'valid_loss'
    >>> validation_settings(None, None)
    {'train_split': None, 'callbacks': []}
    """
    callbacks = []
    if patience is not None:
        monitor = "valid_loss" if validation_fraction else "train_loss"
        stopping = EarlyStopping(monitor=monitor, patience=patience)
        callbacks.append(("early_stopping", stopping))
    split = (
        ValidSplit(validation_fraction, stratified=False)
        if validation_fraction
        else None
    )
    return {"train_split": split, "callbacks": callbacks}


def seeded_fit(net, dataset, random_state, *, seed=None):
    """Fit ``net`` on ``dataset`` seeded from ``random_state``.

    The seed is drawn with :func:`skser.utils.draw_seed` and used in a fork of
    torch's generators and numpy's global one
    (:func:`skser.utils.forked_random_state`): fits are reproducible and the
    caller's random state (numpy, torch's CPU and CUDA) is left alone. numpy's is
    seeded because skorch draws the validation split from it.

    Parameters
    ----------
    net : skorch.NeuralNet
        The net to train.
    dataset : torch.utils.data.Dataset
        Inputs and targets (skorch's ``y=None``).
    random_state : int, RandomState instance or None
        The estimator's ``random_state``.
    seed : int, default=None
        The seed the fit already drew from ``random_state`` for other draws (a
        validation split, a pass over the inputs), so one draw seeds the whole
        fit; None draws it here. A ``RandomState`` advances once per draw: two
        draws would seed the two parts differently.

    Returns
    -------
    net : skorch.NeuralNet
        The trained net.
    """
    if seed is None:
        seed = draw_seed(random_state)
    with forked_random_state(seed, numpy=True):
        return net.fit(dataset, None)


# -- batches --------------------------------------------------------------------


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

    Parameters
    ----------
    dataset : torch.utils.data.TensorDataset
        A dataset that a tensor of row indices indexes.
    batch_size : int
        Rows per batch (the last batch may be smaller).
    shuffle : bool, default=False
        Draw a new order of the rows every epoch (from torch's generator).
    **kwargs
        Passed on to ``DataLoader``.

    Returns
    -------
    loader : torch.utils.data.DataLoader
        Yields one batch of tensors per step.
    """
    batches = _Batches(len(dataset), batch_size, shuffle)
    return DataLoader(dataset, batch_size=None, sampler=batches, **kwargs)


# -- predicting -------------------------------------------------------------------


def inference_module(net, dtype=torch.float64, device=None):
    """Return a copy of ``net``'s trained module in eval mode, for predictions.

    float64 by default: float32 kernels round differently by a row's position in
    the batch, and a row's prediction should not depend on its neighbours. The
    copy is made once per state of the weights (kept on the net, keyed by the
    parameters' version counters, so further training makes a new one), not on
    every call; :class:`TrainingNet` drops it when pickled.

    Parameters
    ----------
    net : skorch.NeuralNet
        A trained net.
    dtype : torch.dtype, default=torch.float64
        The copy's floating-point type.
    device : str, default=None
        The copy's device; None keeps the net's.

    Returns
    -------
    module : torch.nn.Module
        The copy, in eval mode; never trained further.
    """
    module = net.module_
    versions = tuple(parameter._version for parameter in module.parameters())
    key = (dtype, None if device is None else str(device))
    cache = getattr(net, "_inference_modules", None)
    if cache is None:
        cache = net._inference_modules = {}
    cached = cache.get(key)
    if cached is None or cached[0] != versions:
        copied = copy.deepcopy(module).to(dtype=dtype).eval()
        if device is not None:
            copied = copied.to(device)
        cached = cache[key] = (versions, copied)
    return cached[1]


def float64_module(net):
    """Return ``net``'s trained module in float64 and eval mode, for predictions.

    The copy :func:`inference_module` keeps for the current weights.

    Parameters
    ----------
    net : skorch.NeuralNet
        A trained net.

    Returns
    -------
    module : torch.nn.Module
        The float64 copy, in eval mode.
    """
    return inference_module(net, torch.float64)


def predict_in_chunks(net, X, forward):
    """Return ``forward(module, rows)`` for every row of ``X``, in float64 chunks.

    Parameters
    ----------
    net : skorch.NeuralNet
        A trained net.
    X : ndarray of shape (n_samples, ...)
        Validated inputs.
    forward : callable
        ``forward(module, chunk)`` returns a tensor of one output row per input
        row, e.g. ``lambda module, x: module.encode(x)``.

    Returns
    -------
    outputs : ndarray of shape (n_samples, ...), float64
        The outputs of every row, in order; chunks of ``_CHUNK_ROWS`` rows bound
        the memory of the float64 copy of ``X``.
    """
    module = float64_module(net)
    outputs = []
    with torch.no_grad():
        for start in range(0, max(len(X), 1), _CHUNK_ROWS):
            chunk = torch.as_tensor(X[start : start + _CHUNK_ROWS])
            chunk = chunk.to(net.device, torch.float64)
            outputs.append(forward(module, chunk).cpu().numpy())
    return np.concatenate(outputs)


# -- the nets -----------------------------------------------------------------------


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
    """Raise if a loss term is not finite, naming the model, epoch and term.

    Parameters
    ----------
    model_name : str
        The estimator's class name, for the message.
    terms : dict of str to float
        Loss terms by name (``reconstruction``, ``metric``, ``kl``, ...).
    epoch : int
        The epoch, counted from 1.

    Raises
    ------
    FloatingPointError
        If a term is NaN or infinite; the message says what to check.

    Examples
    --------
    >>> from skser.nn import check_finite_terms
    >>> check_finite_terms("DAE", {"reconstruction": 0.5}, 1)
    >>> check_finite_terms("DAE", {"reconstruction": float("inf")}, 3)
    Traceback (most recent call last):
    ...
    FloatingPointError: DAE: the reconstruction loss is inf in epoch 3; ...
    """
    for name, value in terms.items():
        if not np.isfinite(value):
            check = _WHAT_TO_CHECK.get(
                name, "X and the labels for extreme values, or lower lr"
            )
            raise FloatingPointError(
                f"{model_name}: the {name} loss is {value} in epoch {epoch}; "
                f"training stopped. Check {check}"
            )


class TrainingNetMixin:
    """What every skser net does beyond skorch's: less work per batch, lean pickles.

    Mixed into a skorch net class (``NeuralNet``, ``NeuralNetClassifier``):

    - the train/eval mode is set only when it changes (skorch walks every
      submodule before every batch: a tenth of the training time of small nets);
    - callbacks that would be called for nothing are left out (``valid_*``
      without a validation split, ``print_log`` at ``verbose=0``);
    - the copies :func:`inference_module` keeps are not pickled (remade on
      demand).
    """

    #: Attributes that are caches, remade on demand, never pickled.
    _unpickled = ("_inference_modules", "_batch_terms")

    def _set_training(self, training=True):
        if self.module_.training != training:
            super()._set_training(training)

    def __getstate__(self):
        state = super().__getstate__()
        for name in self._unpickled:
            state.pop(name, None)
        return state

    def get_default_callbacks(self):
        """Return skorch's callbacks less those that would be called for nothing.

        Every callback is called twice per batch: without a validation split
        ``valid_loss`` (and a classifier's ``valid_acc``) has nothing to score,
        and ``print_log`` prints nothing at ``verbose=0``.
        """
        idle = {"valid_loss", "valid_acc"} if self.train_split is None else set()
        if not self.verbose:
            idle.add("print_log")
        return [
            (name, cb)
            for name, cb in super().get_default_callbacks()
            if name not in idle
        ]


class TrainingNet(TrainingNetMixin, NeuralNet):
    """A skorch ``NeuralNet`` with :class:`TrainingNetMixin`'s savings."""


class TermsNet(TrainingNet):
    """A skorch net whose loss is its estimator's weighted terms, each recorded.

    ``get_loss`` sums ``estimator._loss_terms(y_pred, y_true, X, epoch)``, a dict
    of weighted loss terms by name. Each term is averaged per epoch (weighted by
    batch size, as skorch averages ``train_loss``) and recorded in the history
    under ``train_<name>`` (and ``valid_<name>`` with a validation split). The
    terms stay tensors until the epoch ends: one device sync per epoch, not one per
    term and batch. A term that is not finite stops training with an error naming
    the epoch and the term (:func:`check_finite_terms`).

    Parameters
    ----------
    *args, **kwargs
        skorch's ``NeuralNet`` parameters.
    estimator : estimator
        The skser estimator whose loss terms train the net.
    """

    def __init__(self, *args, estimator, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimator = estimator

    @property
    def epoch(self):
        """The current epoch, counted from 1 as the schedules are."""
        return max(len(self.history), 1)

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
    ``_adversarial_step(net, X, y)`` update both and return its weighted terms
    (``discriminator`` among them, recorded but not part of ``train_loss``).
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


class TrainedNetMixin:
    """The ``history_`` of an estimator that keeps its trained skorch net in ``net_``.

    Mixed into every torch estimator, so the history reads the same everywhere.
    """

    @property
    def history_(self):
        """The skorch training history: the loss (terms) per epoch."""
        check_is_fitted(self)
        return self.net_.history
