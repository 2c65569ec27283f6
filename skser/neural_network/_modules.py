"""Torch modules of Latif et al.'s end-to-end emotion classifiers.

:class:`RawCNNLSTM` reads the raw waveform (Latif et al., Interspeech 2019);
:class:`DenseLSTMHighway` reads the log-Mel spectrogram (Latif et al., Interspeech
2020). :func:`highway` is the pure function they rest on; :func:`mixup` is the old
name of :func:`skser.nn.mixup`, kept until 0.6.
"""

import math
import warnings

import torch
from torch import nn

from skser.nn import LogMel
from skser.nn import mixup as _mixup
from skser.utils import REMOVAL_VERSION

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
    >>> from skser.neural_network import highway
    >>> highway(torch.tensor([1.0]), torch.tensor([3.0]), torch.tensor([0.25]))
    tensor([1.5000])
    """
    return transformed * gate + x * (1 - gate)


def mixup(X, permutation, weight):
    """Mix each input with another of its batch (deprecated: :func:`skser.nn.mixup`).

    Deprecated: ``skser.neural_network.mixup(X, permutation, weight)`` is removed
    in 0.6; call ``skser.nn.mixup(X, X[permutation], weight)``, the one mixup of
    skser, instead.

    Parameters
    ----------
    X : torch.Tensor of shape (n, ...)
        A batch of inputs.
    permutation : torch.Tensor of shape (n,)
        Index of each row's partner.
    weight : float or torch.Tensor
        Mixing weight ``w`` in [0, 1].

    Returns
    -------
    mixed : torch.Tensor
        ``w X + (1 - w) X[permutation]``.

    Warns
    -----
    FutureWarning
        On every call, naming the new call and the version that removes this one.
    """
    warnings.warn(
        "skser.neural_network.mixup(X, permutation, weight) is deprecated and will "
        f"be removed in {REMOVAL_VERSION}: use skser.nn.mixup(X, X[permutation], "
        "weight) instead",
        FutureWarning,
        stacklevel=2,
    )
    return _mixup(X, X[permutation], weight)


# -- torch modules --------------------------------------------------------------


def signal_frames(has_signal, n_frames):
    """Return how many of ``n_frames`` frames cover each row's signal.

    Trailing zeros are padding (a file shorter than the network's input length is
    zero-padded at the end): a row's frames run up to its last non-zero sample or
    spectrogram frame, mapped proportionally onto ``n_frames``. An LSTM that reads
    a padded row stops there, so its final state is the speech's, not the state
    after seconds of silence; a row without signal keeps one frame.

    Parameters
    ----------
    has_signal : torch.Tensor of bool, shape (n, length)
        Whether each sample (or frame) of each row holds signal.
    n_frames : int
        Frames of the sequence the LSTM reads.

    Returns
    -------
    counts : torch.Tensor of int64, shape (n,)
        In [1, n_frames]: ``ceil(n_frames * (last + 1) / length)`` for the index
        ``last`` of the row's last signal sample.

    Examples
    --------
    >>> import torch
    >>> from skser.neural_network import signal_frames
    >>> rows = torch.tensor([[1.0, 1, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0]])
    >>> signal_frames(rows != 0, 2)
    tensor([1, 2, 1])
    """
    length = has_signal.shape[-1]
    position = torch.arange(1, length + 1, device=has_signal.device)
    end = (has_signal * position).amax(dim=-1)  # 1-based end of the signal
    counts = torch.div(end * n_frames + length - 1, length, rounding_mode="floor")
    return counts.clamp(1, n_frames)


def _last_output(outputs, counts):
    """Return each row's LSTM output at its last signal frame, (n, units)."""
    index = (counts - 1).view(-1, 1, 1).expand(-1, 1, outputs.shape[-1])
    return outputs.gather(1, index).squeeze(1)


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
        outputs, _ = self.lstm(x)
        # The state after the last frame of speech, not after the padding.
        counts = signal_frames(waveforms != 0, outputs.shape[1])
        return self.head(_last_output(outputs, counts))


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

    The waveform becomes a log-Mel spectrogram (:class:`~skser.nn.LogMel`; a
    spectrogram can be given instead),
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

    def forward(self, inputs):
        """Return class logits, shape (n, n_classes).

        ``inputs`` are waveforms (n, samples), or their log-Mel spectrograms
        (n, n_mels, frames) from ``self.log_mel``: a fit computes each file's
        spectrogram once and trains on it, prediction and attacks pass waveforms.
        """
        x = self.log_mel(inputs) if inputs.dim() == 2 else inputs
        # A padded frame sits at the log-Mel floor in every band.
        counts = signal_frames(
            (x > math.log(self.log_mel.floor) + 1e-3).any(dim=1), x.shape[-1]
        )
        x = self.normalise(x)
        x = self.features(x.unsqueeze(1))  # (n, channels, mels, time)
        x = x.flatten(1, 2).transpose(1, 2)  # (n, time, channels * mels)
        if self.lstm is None:  # the mean of the frames of speech
            keep = torch.arange(x.shape[1], device=x.device) < counts[:, None]
            x = (x * keep[..., None]).sum(dim=1) / counts[:, None]
        else:
            outputs, _ = self.lstm(x)
            x = _last_output(outputs, counts)
        return self.output(self.dense(self.project(x)))
