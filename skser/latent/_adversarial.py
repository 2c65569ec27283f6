"""The multi-task semi-supervised adversarial autoencoder of Latif et al."""

from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from sklearn.base import ClassifierMixin
from sklearn.metrics import accuracy_score
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from skser.latent._base import Head, _LatentModel
from skser.nn import (
    AdversarialAutoEncoder,
    AdversarialNet,
    masked_cross_entropy,
    predict_in_chunks,
)
from skser.utils import TRAINING_CONSTRAINTS, label_column

_DEFAULT_TARGETS = {"emotion": 1.0, "speaker": 0.5, "gender": 0.5}


class MultiTaskAAE(ClassifierMixin, _LatentModel):
    """Multi-task semi-supervised adversarial autoencoder: classifier and code.

    The encoder gives a categorical emotion code (a softmax) and a continuous
    style code; a decoder reconstructs the features from both, and two
    discriminators push the codes towards their priors (one-hot categorical,
    standard normal), as in Makhzani et al.'s semi-supervised adversarial
    autoencoder. Each batch trains, in turn, the discriminators and then the
    model on reconstruction (every row) + ``adversarial_weight`` * fooling the
    discriminators (every row) + each head's weight * cross-entropy on the rows
    that carry that head's label. The emotion head is the categorical code
    itself; the auxiliary heads (speaker, gender) share the encoder's trunk, which
    is the multi-task part of Latif et al. Missing labels (NaN) mark unlabelled
    rows, per head.

    One estimator is both the classifier and the transformer (as scikit-learn's
    LinearDiscriminantAnalysis is): ``predict`` reads the emotion code that
    ``transform`` returns, so splitting them would mean two objects sharing one
    trained network. As the last step of a pipeline it predicts emotions; in the
    middle it passes on ``[emotion code, style code]``.

    Parameters
    ----------
    targets : dict of str to float, default=None
        The heads and their loss weights, by label column; the first is the
        emotion head (the categorical code, ``classes_``), the others are
        auxiliary classification heads. ``None`` means ``{"emotion": 1.0,
        "speaker": 0.5, "gender": 0.5}``. A ``y`` that is not a DataFrame feeds
        the emotion head only.
    hidden_layer_sizes : tuple of int, default=(128, 64)
        Encoder trunk widths; the decoder mirrors them (our choice: the paper's
        network works on longer feature vectors).
    style_dim : int, default=4
        Width of the continuous style code (our choice).
    adversarial_weight : float, default=1.0
        Weight of the term that fools the discriminators.
    noise_std : float, default=0.0
        Gaussian input noise in training (0: a plain autoencoder).
    max_epochs : int, default=50
        Training epochs.
    batch_size : int, default=64
        Rows per batch (shuffled every epoch).
    lr : float, default=1e-3
        Learning rate of both Adam optimizers.
    device : str, default="cpu"
        Torch device, e.g. ``"cuda"``; ``"auto"`` picks CUDA when available.
    verbose : bool or int, default=0
        Print a table of the loss terms per epoch.
    random_state : int, RandomState or None, default=None
        Seed of initialisation, shuffling and prior samples.

    Attributes
    ----------
    classes_ : ndarray
        The emotion classes seen in ``fit``.
    head_classes_ : dict of str to ndarray
        The classes of every head, by head name.
    net_ : skorch.NeuralNet
        The trained net: ``optimizer_`` trains the autoencoder and heads,
        ``discriminator_optimizer_`` the discriminators.
    history_ : skorch.History
        Loss terms per epoch: ``train_reconstruction``, ``train_adversarial``,
        ``train_discriminator`` and one per head (``train_emotion``, ...).
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of str
        Input feature names, when ``X`` was a DataFrame.

    See Also
    --------
    skser.MixupGANAugmenter : Latif et al.'s other feature-level system.
    skser.evaluation.evaluate_label_fractions : The multi-task / single-task /
        supervised study.

    References
    ----------
    .. [1] S. Latif, R. Rana, S. Khalifa, R. Jurdak, J. Epps, B. W. Schuller,
       "Multi-Task Semi-Supervised Adversarial Autoencoding for Speech Emotion
       Recognition", IEEE Transactions on Affective Computing 13(2), 2022.
    .. [2] A. Makhzani, J. Shlens, N. Jaitly, I. Goodfellow, B. Frey,
       "Adversarial Autoencoders", arXiv 1511.05644, Sec. 5.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser import MultiTaskAAE
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((80, 10))
    >>> y = pd.DataFrame({"emotion": ["angry", "sad", None, "happy"] * 20,
    ...                   "speaker": ["a", "b", "c", "d", "e"] * 16})
    >>> model = MultiTaskAAE({"emotion": 1.0, "speaker": 0.5}, max_epochs=2,
    ...                      random_state=0).fit(X, y)
    >>> model.classes_
    array(['angry', 'happy', 'sad'], dtype=object)
    >>> model.transform(X).shape  # 3 emotion probabilities + 4 style dimensions
    (80, 7)
    """

    _module = AdversarialAutoEncoder
    _net = AdversarialNet
    # Not offered: an adversarial step has no single validation loss to stop on.
    validation_fraction = None
    patience = None

    _parameter_constraints = {
        "targets": [dict, None],
        "hidden_layer_sizes": ["array-like"],
        "style_dim": [Interval(Integral, 1, None, closed="left")],
        "adversarial_weight": [Interval(Real, 0, None, closed="left")],
        "noise_std": [Interval(Real, 0, None, closed="left")],
        **TRAINING_CONSTRAINTS,
    }

    def __init__(
        self,
        targets=None,
        *,
        hidden_layer_sizes=(128, 64),
        style_dim=4,
        adversarial_weight=1.0,
        noise_std=0.0,
        max_epochs=50,
        batch_size=64,
        lr=1e-3,
        device="cpu",
        verbose=0,
        random_state=None,
    ):
        self.targets = targets
        self.hidden_layer_sizes = hidden_layer_sizes
        self.style_dim = style_dim
        self.adversarial_weight = adversarial_weight
        self.noise_std = noise_std
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.device = device
        self.verbose = verbose
        self.random_state = random_state

    def _weights(self):
        weights = _DEFAULT_TARGETS if self.targets is None else self.targets
        if not weights:
            raise ValueError("targets is empty: name at least the emotion column")
        return weights

    def _heads(self):
        return tuple(Head(name, name, "classes") for name in self._weights())

    def _heads_for(self, y):
        heads = self._heads()
        return heads if isinstance(y, pd.DataFrame) else heads[:1]

    def _targets(self, y, n_samples):
        if y is not None and not isinstance(y, pd.DataFrame):
            y = np.asarray(y)
            if y.ndim == 2 and y.shape[1] == 1:
                y = column_or_1d(y, warn=True)
            check_classification_targets(y[pd.notna(y)])
        targets = super()._targets(y, n_samples)
        if len(self.classes_) == 0:
            raise ValueError(
                f"{type(self).__name__}: no row of {self._heads()[0].column!r} is "
                "labelled; the emotion head needs at least one label per class"
            )
        return targets

    def _module_params(self, n_features):
        emotion = self._heads()[0].name
        return {
            "n_features": n_features,
            "n_classes": len(self.classes_),
            "hidden_layer_sizes": tuple(self.hidden_layer_sizes),
            "style_dim": self.style_dim,
            "auxiliary_classes": {
                name: len(classes)
                for name, classes in self.head_classes_.items()
                if name != emotion
            },
            "noise_std": self.noise_std,
        }

    def _adversarial_step(self, net, X, y):
        """Train the discriminators, then the model, on one batch."""
        module = net.module_
        reconstruction, logits, style, auxiliary = module(X)
        categorical = logits.softmax(dim=1)
        discriminators = module.discriminators
        prior = torch.nn.functional.one_hot(
            torch.randint(0, categorical.shape[1], (len(X),), device=X.device),
            categorical.shape[1],
        ).to(X.dtype)

        def realness(codes, style_codes):
            return torch.cat(
                [
                    discriminators["categorical"](codes),
                    discriminators["style"](style_codes),
                ]
            )

        bce = torch.nn.functional.binary_cross_entropy_with_logits
        real = realness(prior, torch.randn_like(style))
        fake = realness(categorical.detach(), style.detach())
        discriminator_loss = bce(real, torch.ones_like(real)) + bce(
            fake, torch.zeros_like(fake)
        )
        net.step(net.discriminator_optimizer_, discriminator_loss)

        fooled = realness(categorical, style)
        terms = {
            "reconstruction": torch.nn.functional.mse_loss(reconstruction, X),
            "adversarial": self.adversarial_weight
            * bce(fooled, torch.ones_like(fooled)),
        }
        weights = self._weights()
        emotion = self._heads()[0].name
        for name in self.head_columns_:
            codes = self._head_targets(y, name)[:, 0].long()
            head_logits = logits if name == emotion else auxiliary[name]
            terms[name] = weights[name] * masked_cross_entropy(head_logits, codes)
        net.step(net.optimizer_, sum(terms.values()))
        terms["discriminator"] = discriminator_loss.detach()
        return terms

    # -- predicting ------------------------------------------------------------

    def predict_proba(self, X):
        """Return the emotion probabilities (the categorical code) of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities of ``classes_``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return predict_in_chunks(
            self.net_, X, lambda module, x: module.heads(x)[0].softmax(dim=1)
        )

    def predict(self, X):
        """Return the most probable emotion of each row of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.

        Returns
        -------
        emotion : ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        proba = self.predict_proba(X)  # checks the fit first
        return self.classes_[proba.argmax(axis=1)]

    def score(self, X, y, sample_weight=None):
        """Return the accuracy of the emotion predictions on the labelled rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.
        y : array-like of shape (n_samples,) or DataFrame
            Emotion labels, or a label frame with the emotion column.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights.

        Returns
        -------
        score : float
            Accuracy over the rows that carry an emotion label.
        """
        truth = np.asarray(
            label_column(y, self._heads()[0].column, type(self).__name__), dtype=object
        )
        labelled = pd.notna(truth)
        weights = None if sample_weight is None else np.asarray(sample_weight)
        return accuracy_score(
            truth[labelled].astype(self.classes_.dtype),
            self.predict(X)[labelled],
            sample_weight=None if weights is None else weights[labelled],
        )

    def get_feature_names_out(self, input_features=None):
        """Return ``emotion_<class>`` for each class, then ``style0``, ``style1``, ...

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str
            One name per code dimension.
        """
        check_is_fitted(self)
        names = [f"emotion_{label}" for label in self.classes_]
        names += [f"style{i}" for i in range(self.style_dim)]
        return np.asarray(names, dtype=object)
