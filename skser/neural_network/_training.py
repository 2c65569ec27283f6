"""Training pieces of the end-to-end classifiers: skorch net, split, callbacks.

Training is skorch's, through the one training kit of :mod:`skser.nn` (settings,
seeding, float64 inference, history); what is particular to these classifiers is
here: :class:`_MixupNet` adds mixup to its training step,
:func:`held_out_split` is its ``train_split`` (speakers held out when they are
known), and :func:`training_callbacks` are skorch's own ``EpochScoring``,
``LRScheduler`` and ``EarlyStopping`` on the validation UAR. :func:`precomputed`
reads every input once per fit and applies the model's fixed input transform
(the log-Mel spectrogram) once, so no epoch reads or transforms a file again.
"""

import warnings

import numpy as np
import torch
from sklearn.model_selection import (
    GroupShuffleSplit,
    ShuffleSplit,
    StratifiedGroupKFold,
    StratifiedShuffleSplit,
)
from skorch import NeuralNetClassifier
from skorch.callbacks import EarlyStopping, EpochScoring, LRScheduler
from skorch.dataset import unpack_data
from torch.optim.lr_scheduler import ReduceLROnPlateau
from torch.utils.data import DataLoader, Subset, TensorDataset

from skser.nn import TrainingNetMixin, mixup
from skser.utils import balanced_accuracy

__all__ = [
    "held_out_split",
    "precomputed",
    "training_callbacks",
]


class _MixupNet(TrainingNetMixin, NeuralNetClassifier):
    """A skorch classifier that trains on mixup batches when ``mixup_alpha > 0``.

    The kit's :class:`~skser.nn.TrainingNetMixin` sets the train/eval mode only
    when it changes, leaves out callbacks with nothing to do and pickles no
    inference copy of the module.
    """

    def __init__(self, *args, mixup_alpha=0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.mixup_alpha = mixup_alpha

    def train_step_single(self, batch, **fit_params):
        """Mix the batch's inputs, and the loss over both labels (Zhang et al.)."""
        if not self.mixup_alpha:
            return super().train_step_single(batch, **fit_params)
        self._set_training(True)
        Xi, yi = unpack_data(batch)
        alpha = torch.tensor(float(self.mixup_alpha))
        weight = torch.distributions.Beta(alpha, alpha).sample()
        permutation = torch.randperm(len(yi))
        y_pred = self.infer(mixup(Xi, Xi[permutation], weight), **fit_params)
        loss = weight * self.get_loss(y_pred, yi, X=Xi, training=True) + (
            1 - weight
        ) * self.get_loss(y_pred, yi[permutation], X=Xi, training=True)
        loss.backward()
        return {"loss": loss, "y_pred": y_pred}


def _valid_uar(net, X, y):
    # skorch caches the validation predictions of the epoch: no second pass. The
    # targets come as skorch hands them (a tensor or a SliceDataset): as numbers.
    y = np.asarray([int(value) for value in y])
    return balanced_accuracy(y, net.predict(X))


def held_out_split(dataset, y, *, groups=None, fraction=0.2, random_state=None):
    """Split training data into a training and a validation part (a ``train_split``).

    With ``groups`` (speakers) the validation part holds whole groups
    (``StratifiedGroupKFold``, one fold of ``round(1 / fraction)``, fewer folds
    where there are few speakers or rows per class): no speaker is in both parts.
    Without, the split is stratified by class (``StratifiedShuffleSplit``), or
    plain where a class has one row only.

    Parameters
    ----------
    dataset : torch.utils.data.Dataset
        The training data.
    y : array-like of shape (n_samples,)
        Class codes of ``dataset``'s rows.
    groups : array-like of shape (n_samples,), default=None
        Speaker of each row; used when it holds at least two speakers.
    fraction : float, default=0.2
        Share of rows (of speakers, with ``groups``) in the validation part.
    random_state : int or None, default=None
        Seed of the split.

    Returns
    -------
    train, valid : torch.utils.data.Subset
        The two parts of ``dataset``.

    Examples
    --------
    >>> import numpy as np, torch
    >>> from torch.utils.data import TensorDataset
    >>> from skser.neural_network import held_out_split
    >>> data = TensorDataset(torch.zeros(8, 3))
    >>> speakers = np.repeat(["a", "b", "c", "d"], 2)
    >>> train, valid = held_out_split(data, [0, 1] * 4, groups=speakers,
    ...                               fraction=0.25, random_state=0)
    >>> len(train), len(valid)
    (6, 2)
    """
    y = np.asarray(y)
    rows = np.zeros(len(y))
    if groups is not None and len(np.unique(groups)) >= 2:
        # StratifiedGroupKFold needs a class with n_splits rows; fewer folds, or
        # whole groups drawn at random where no class is that large.
        n_splits = min(
            max(2, round(1 / fraction)),
            len(np.unique(groups)),
            np.unique(y, return_counts=True)[1].max(),
        )
        if n_splits >= 2:
            splitter = StratifiedGroupKFold(
                n_splits, shuffle=True, random_state=random_state
            )
        else:
            splitter = GroupShuffleSplit(
                1, test_size=fraction, random_state=random_state
            )
        with warnings.catch_warnings():
            # "The least populated class has only n members": expected in a split
            # by speaker, and harmless for one validation fold.
            warnings.simplefilter("ignore", UserWarning)
            train, valid = next(splitter.split(rows, y, groups))
    else:
        n_valid = max(1, round(fraction * len(y)))
        classes, counts = np.unique(y, return_counts=True)
        stratify = counts.min() >= 2 and len(classes) <= min(n_valid, len(y) - n_valid)
        kind = StratifiedShuffleSplit if stratify else ShuffleSplit
        splitter = kind(n_splits=1, test_size=n_valid, random_state=random_state)
        train, valid = next(splitter.split(rows, y))
    return Subset(dataset, train), Subset(dataset, valid)


def training_callbacks(patience):
    """Return skorch callbacks: validation UAR, a plateau schedule, early stopping.

    The learning rate is halved when the validation UAR has not improved for
    ``max(1, patience // 2)`` epochs; training stops after ``patience`` epochs
    without improvement and the weights of the best epoch are restored.

    Parameters
    ----------
    patience : int
        Epochs without a better validation UAR before training stops.

    Returns
    -------
    callbacks : list of (str, skorch.callbacks.Callback)
        Named callbacks for :class:`skorch.NeuralNet`.
    """
    return [
        (
            "valid_uar",
            EpochScoring(_valid_uar, lower_is_better=False, name="valid_uar"),
        ),
        (
            "lr_schedule",
            LRScheduler(
                ReduceLROnPlateau,
                monitor="valid_uar",
                mode="max",
                factor=0.5,
                patience=max(1, patience // 2),
            ),
        ),
        (
            "early_stopping",
            EarlyStopping(
                monitor="valid_uar",
                lower_is_better=False,
                patience=patience,
                threshold=0.0,
                load_best=True,
            ),
        ),
    ]


def precomputed(dataset, transform=None, *, batch_size=64, num_workers=0, device="cpu"):
    """Read every item of ``dataset`` once and apply ``transform`` once.

    Files are read (and resampled) here, once per fit, instead of in every epoch;
    a model's fixed input transform (the log-Mel spectrogram) is computed here too,
    on ``device``, so training reads tensors from memory.

    Parameters
    ----------
    dataset : torch.utils.data.Dataset
        Items ``(waveform, label)``.
    transform : torch.nn.Module or callable, default=None
        Applied to batches of waveforms (n, samples) without gradients.
    batch_size : int, default=64
        Waveforms per batch of the pass.
    num_workers : int, default=0
        DataLoader processes that read files.
    device : str or torch.device, default="cpu"
        Where ``transform`` runs; the result is kept on the CPU.

    Returns
    -------
    data : torch.utils.data.TensorDataset
        Inputs (transformed) and labels, in the order of ``dataset``.
    """
    if isinstance(transform, torch.nn.Module):
        transform = transform.to(device)
    inputs, labels = [], []
    loader = DataLoader(dataset, batch_size=batch_size, num_workers=num_workers)
    with torch.no_grad():
        for waveforms, codes in loader:
            if transform is not None:
                waveforms = transform(waveforms.to(device)).cpu()
            inputs.append(waveforms)
            labels.append(codes)
    return TensorDataset(torch.cat(inputs), torch.cat(labels))
