"""The shared base of the end-to-end classifiers: input, targets, training.

A subclass names its torch module and optimiser; :class:`_AudioClassifier` reads
waveforms or files, the class labels (and speakers) from ``y``, and trains the
module with skorch through the one training kit of :mod:`skser.nn` (settings,
seeding, float64 inference, history), with the speaker-held-out validation and
early stopping of :mod:`skser.neural_network._training`.
"""

import functools
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from skser.io import is_path_input
from skser.io import waveform_length as _n_samples
from skser.neural_network._training import (
    _MixupNet,
    held_out_split,
    precomputed,
    training_callbacks,
)
from skser.nn import (
    TrainedNetMixin,
    WaveformFiles,
    inference_module,
    net_settings,
    seeded_fit,
)
from skser.utils import (
    TRAINING_CONSTRAINTS,
    check_one_kind,
    draw_seed,
    fill_docstring,
    forked_random_state,
    label_column,
    resolve_device,
)

_COMMON_CONSTRAINTS = {
    "sampling_rate": [Interval(Integral, 1, None, closed="left")],
    "duration": [Interval(Real, 0, None, closed="neither")],
    "path_column": [str],
    "class_weight": [StrOptions({"balanced"}), dict, None],
    "num_workers": [Interval(Integral, 0, None, closed="left")],
    "target": [str],
    "early_stopping": ["boolean"],
    "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
    "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
    **TRAINING_CONSTRAINTS,
}


_INPUT_DOC = """
X : array-like of shape (n_samples, n_audio_samples), or sequence of paths
    Waveforms at ``sampling_rate`` (mono, in [-1, 1]), or audio file paths
    (or a loader's frame with a ``path_column``).
"""


class _AudioClassifier(TrainedNetMixin, ClassifierMixin, BaseEstimator):
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
        """Return the class labels (1-D array) and speakers (or None) of ``y``.

        ``y`` is the labels, or a label frame: its ``target`` column holds the
        classes and its ``"speaker"`` column, where there is one, the speakers
        that the validation split holds out. Missing labels are refused.
        """
        labels = label_column(y, self.target, owner=type(self).__name__)
        speakers = None
        if isinstance(y, pd.DataFrame) and "speaker" in y.columns:
            speakers = label_column(y, "speaker").to_numpy()
        y = column_or_1d(labels, warn=True)
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
        if speakers is not None and pd.isna(speakers).any():
            speakers = None  # a partial speaker column cannot hold speakers out
        return y, speakers

    def _input_transform(self):
        """Return the input transform computed once per fit (None: waveforms)."""
        return None

    # -- fitting ---------------------------------------------------------------

    @fill_docstring(X=_INPUT_DOC)
    def fit(self, X, y):
        """Train the network on waveforms or audio files.

        Every input is read, and transformed by the model's fixed input step (the
        log-Mel spectrogram), once per fit. With ``early_stopping`` a validation
        part of the training data is held out (whole speakers when ``y`` is a
        label frame with a ``"speaker"`` column, else stratified by class), the
        learning rate is halved when its UAR stops improving, training stops
        after ``n_iter_no_change`` epochs without a better validation UAR (or at
        ``max_epochs``), and the weights of the best epoch are kept.

        Parameters
        ----------
        {X}
        y : array-like of shape (n_samples,), or DataFrame
            Class labels, or a label frame with a ``target`` column (and,
            optionally, a ``"speaker"`` column).

        Returns
        -------
        self : estimator
            The fitted classifier.

        Raises
        ------
        ValueError
            If a label is missing, the target column is not in ``y``, or there are
            fewer than 2 samples.
        """
        self._validate_params()
        device = resolve_device(self.device, type(self).__name__)
        y, speakers = self._labels(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.fitted_on_paths_ = is_path_input(X)
        dataset = self._inputs(X, codes.astype(np.int64))
        if len(dataset) < 2:
            raise ValueError(
                f"{type(self).__name__} needs n_samples >= 2 (batch norm in "
                f"training has nothing to normalise in one sample), got "
                f"n_samples={len(dataset)}"
            )
        seed = draw_seed(self.random_state)
        # The precompute's DataLoader draws a seed from torch's generator: in a
        # fork of its own, so the caller's random state is left alone and the
        # training below starts from the same state as before.
        with forked_random_state(seed):
            dataset = precomputed(
                dataset,
                self._input_transform(),
                batch_size=self.batch_size,
                num_workers=self.num_workers if self.fitted_on_paths_ else 0,
                device=device,
            )
            self.net_ = self._net(device, y, codes, speakers, seed)
        seeded_fit(self.net_, dataset, self.random_state, seed=seed)
        self.n_epochs_ = len(self.net_.history)
        self.best_epoch_ = self._best_epoch()
        return self

    def _net(self, device, y, codes, speakers, seed):
        """Return the skorch net of this fit (not yet trained)."""
        module, module_params = self._module_params()
        weight = None
        if self.class_weight is not None:
            weight = torch.as_tensor(
                compute_class_weight(self.class_weight, classes=self.classes_, y=y),
                dtype=torch.float32,
            )
        validation = {"train_split": None, "callbacks": []}
        n_train = len(codes)
        if self.early_stopping:
            split = functools.partial(
                held_out_split,
                y=codes,
                groups=speakers,
                fraction=self.validation_fraction,
                random_state=seed % 2**32,
            )
            # The same split skorch will make (same seed): its training size.
            n_held_in = len(split(np.arange(len(codes)))[0])
            if n_held_in >= 2:  # else too few rows to hold any out: train on all
                n_train = n_held_in
                validation = {
                    "train_split": split,
                    "callbacks": training_callbacks(self.n_iter_no_change),
                }
        return _MixupNet(
            module=module,
            module__n_classes=len(self.classes_),
            module__sampling_rate=self.sampling_rate,
            **{f"module__{name}": value for name, value in module_params.items()},
            criterion=nn.CrossEntropyLoss,
            criterion__weight=weight,
            # Files are read into memory once per fit (precomputed), then
            # batched by skorch's DataLoader; Adam unfused, as trained so far.
            **net_settings(
                self,
                device,
                optimizer=self._optimizer,
                tensor_batches=False,
                fused=False,
                validation=validation,
            ),
            # A last batch of one row cannot be batch-normalised in training.
            iterator_train__drop_last=n_train % self.batch_size == 1,
            classes=np.arange(len(self.classes_)),
            mixup_alpha=self._mixup_alpha(),
        )

    def _best_epoch(self):
        """1-based epoch whose weights the model holds (the last without stopping)."""
        if self.net_.train_split is None:
            return len(self.net_.history)
        return int(dict(self.net_.callbacks_)["early_stopping"].best_epoch_)

    # -- predicting ------------------------------------------------------------

    @fill_docstring(X=_INPUT_DOC)
    def predict_proba(self, X):
        """Return class probabilities of waveforms or audio files.

        Parameters
        ----------
        {X}

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Softmax of the network's logits, columns in the order of ``classes_``.
        """
        check_is_fitted(self)
        dataset = self._inputs(X, reset=False)
        # The kit's float64 copy of the trained module, made once per weights.
        module = inference_module(self.net_)
        loader = DataLoader(
            dataset, batch_size=self.batch_size, num_workers=self.num_workers
        )
        proba = []
        with torch.no_grad():
            for batch in loader:
                waveforms = batch[0].to(self.net_.device, torch.float64)
                proba.append(torch.softmax(module(waveforms), dim=1).cpu())
        return torch.cat(proba).numpy()

    @fill_docstring(X=_INPUT_DOC)
    def predict(self, X):
        """Return the most probable class of each waveform or file.

        Parameters
        ----------
        {X}

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Predicted class labels.
        """
        check_is_fitted(self)
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # file paths
        # sklearn's accuracy check fits 2-feature blobs for 2 epochs: far from a
        # waveform, and these networks need more.
        tags.classifier_tags.poor_score = True
        tags.non_deterministic = self.random_state is None
        return tags


_COMMON_PARAMETERS = """
sampling_rate : int, default=16000
    Rate in Hz of the input waveforms; files are resampled to it.
duration : float, default=4.0
    Length in seconds that every file is cut or zero-padded to (paths only;
    waveform arrays are used as given). Padding is not masked: see
    :class:`~skser.features.WaveformLoader`.
path_column : str, default="path"
    Column of the file paths when ``X`` is a loader's DataFrame.
target : str, default="emotion"
    Column of the class labels when ``y`` is a label frame (a 1-D ``y`` is
    the labels themselves).
max_epochs : int, default=100
    Upper bound on the training epochs (early stopping usually ends sooner).
batch_size : int, default=32
    Waveforms per batch.
lr : float
    Learning rate.
early_stopping : bool, default=True
    Hold out ``validation_fraction`` of the training data (whole speakers
    when ``y`` has a ``"speaker"`` column), halve the learning rate when the
    validation UAR has not improved for ``n_iter_no_change // 2`` epochs, stop
    after ``n_iter_no_change`` epochs without improvement, and keep the
    weights of the best epoch. If False, train ``max_epochs`` epochs on all
    of the data at a constant learning rate. Data too small to hold rows out
    (fewer than 2 training rows would remain) trains as if False.
validation_fraction : float, default=0.2
    Share of the training rows (of the speakers, with speakers) held out.
n_iter_no_change : int, default=10
    Patience of early stopping, in epochs.
class_weight : {"balanced"}, dict or None, default="balanced"
    Weights of the cross-entropy: inverse to class frequency, given per
    class, or none.
num_workers : int, default=0
    DataLoader worker processes that read files (paths only).
device : str, default="auto"
    Torch device; ``"auto"`` is CUDA when available, else the CPU.
verbose : int, default=0
    skorch's verbosity.
random_state : int, RandomState instance or None, default=None
    Seeds the weights, the shuffling and mixup, bit for bit.
"""

_COMMON_ATTRIBUTES = """
classes_ : ndarray of shape (n_classes,)
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
    Training loss (and validation UAR, learning rate) per epoch.
n_epochs_ : int
    Epochs trained.
best_epoch_ : int
    The epoch (1-based) whose weights the model holds: the best validation
    UAR with early stopping, else the last.
"""

#: The parameter docs of both classifiers and the attributes of their fits.
documented = fill_docstring(
    common_parameters=_COMMON_PARAMETERS, common_attributes=_COMMON_ATTRIBUTES
)
