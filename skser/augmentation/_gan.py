"""The mixup-trained conditional GAN of Latif et al. (2020).

:class:`MixupGANAugmenter` is an imbalanced-learn sampler: in a pipeline it adds
generated rows to the training data during ``fit`` and does nothing at predict
time. :func:`skser.evaluation.evaluate_augmentation` runs the paper's comparison
of classifiers trained on real, synthetic and real + synthetic rows.
"""

import numbers
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_sampling_strategy
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data
from torch.utils.data import TensorDataset

from skser.nn import (
    AdversarialNet,
    ConditionalGAN,
    TrainedNetMixin,
    inference_module,
    mixup,
    net_settings,
    predict_in_chunks,
    seeded_fit,
)
from skser.utils import (
    TRAINING_CONSTRAINTS,
    draw_seed,
    forked_random_state,
    label_column,
    resolve_device,
)


class MixupGANAugmenter(TrainedNetMixin, BaseOverSampler):
    """Oversample with a conditional GAN whose discriminator is trained on mixup.

    For a batch of real rows ``x`` of classes ``c``, generated rows
    ``G(noise, c)`` and ``lambda ~ Beta(mixup_alpha, mixup_alpha)`` per row, the
    discriminator sees ``lambda * x + (1 - lambda) * G(noise, c)`` with the soft
    target ``lambda`` (mixup, which Zhang et al. report stabilises GAN training);
    the generator learns to make ``D(G(noise, c), c)`` say "real". With
    ``mixup_alpha=None`` it is a plain conditional GAN (real rows target 1,
    generated rows 0), the ablation.

    ``fit_resample(X, y)`` trains the GAN and returns the real rows followed by
    generated ones, as many per class as ``sampling_strategy`` asks, so
    ``make_pipeline(StandardScaler(), MixupGANAugmenter(), MLPClassifier())``
    trains on real + synthetic rows and never augments at predict time.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows to generate per class, as imbalanced-learn's oversamplers
        take it: ``"auto"`` / ``"not majority"`` fills every class up to the
        majority's count, ``"all"`` every class, a dict gives the target count
        per class.
    target : str, default=None
        With a DataFrame ``y`` (a label frame), the column of class labels; rows
        where it is missing are kept but take no part in training the GAN, and
        the generated rows carry only this column. With a 1-D ``y``, None.
    mixup_alpha : float or None, default=0.2
        Parameter of the Beta distribution of the mixing weights (our choice;
        0.2 is the value Zhang et al. use most); None trains without mixup.
    noise_dim : int, default=100
        Width of the generator's noise input.
    generator_sizes : tuple of int, default=(256, 256)
        Hidden widths of the generator (LeakyReLU 0.2).
    discriminator_sizes : tuple of int, default=(256, 128)
        Hidden widths of the discriminator (LeakyReLU 0.2); the last is the
        width of :meth:`discriminator_features`.
    max_epochs : int, default=100
        Training epochs.
    batch_size : int, default=64
        Rows per batch.
    lr : float, default=2e-4
        Learning rate of both Adam optimizers (betas 0.5, 0.999).
    device : str, default="cpu"
        Torch device; ``"auto"`` picks CUDA when available.
    verbose : bool or int, default=0
        Print a table of the loss terms per epoch.
    random_state : int, RandomState or None, default=None
        Seed of initialisation, shuffling, noise and the generated rows.

    Attributes
    ----------
    classes_ : ndarray
        The class labels seen in ``fit``.
    sampling_strategy_ : dict
        Number of rows generated per class by ``fit_resample``.
    net_ : skorch.NeuralNet
        The trained net; ``net_.module_`` holds generator and discriminator.
    history_ : skorch.History
        ``train_discriminator`` and ``train_generator`` per epoch.
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of str
        Input feature names, when ``X`` was a DataFrame.

    Notes
    -----
    The network sizes, activations, optimiser and batch follow the common
    description of the paper's set-up; where it is silent the choices are ours:
    the class enters the discriminator by projection (Miyato and Koyama 2018)
    rather than by concatenation, so that its penultimate layer, the paper's
    "compressed representation" (:meth:`discriminator_features`), needs no class
    label. That representation is not called ``transform``: imbalanced-learn's
    pipeline refuses a step that both resamples and transforms.

    See Also
    --------
    skser.evaluation.evaluate_augmentation : Real / synthetic / real + synthetic
        comparison.
    skser.MultiTaskAAE : Latif et al.'s other feature-level system.

    References
    ----------
    .. [1] S. Latif, M. Asim, R. Rana, S. Khalifa, R. Jurdak, B. W. Schuller,
       "Augmenting Generative Adversarial Networks for Speech Emotion
       Recognition", Interspeech 2020.
    .. [2] H. Zhang, M. Cisse, Y. N. Dauphin, D. Lopez-Paz, "mixup: Beyond
       Empirical Risk Minimization", ICLR 2018 (arXiv 1710.09412).
    .. [3] T. Miyato, M. Koyama, "cGANs with Projection Discriminator", ICLR 2018.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import MixupGANAugmenter
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((60, 5))
    >>> y = np.array(["angry"] * 40 + ["sad"] * 20)
    >>> gan = MixupGANAugmenter(max_epochs=2, random_state=0)
    >>> X_new, y_new = gan.fit_resample(X, y)
    >>> X_new.shape, list(y_new).count("sad")
    ((80, 5), 40)
    >>> gan.sample(3, ["sad"], random_state=0)[0].shape
    (3, 5)
    """

    # Reads the label frame itself: skser's Pipeline lets it see a frame y.
    _reads_label_frame = True

    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "target": [str, None],
        "mixup_alpha": [Interval(Real, 0, None, closed="neither"), None],
        "noise_dim": [Interval(Integral, 1, None, closed="left")],
        "generator_sizes": ["array-like"],
        "discriminator_sizes": ["array-like"],
        **TRAINING_CONSTRAINTS,
    }

    def __init__(
        self,
        sampling_strategy="auto",
        *,
        target=None,
        mixup_alpha=0.2,
        noise_dim=100,
        generator_sizes=(256, 256),
        discriminator_sizes=(256, 128),
        max_epochs=100,
        batch_size=64,
        lr=2e-4,
        device="cpu",
        verbose=0,
        random_state=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.target = target
        self.mixup_alpha = mixup_alpha
        self.noise_dim = noise_dim
        self.generator_sizes = generator_sizes
        self.discriminator_sizes = discriminator_sizes
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.device = device
        self.verbose = verbose
        self.random_state = random_state

    # -- fitting ---------------------------------------------------------------

    def fit(self, X, y):
        """Train the GAN on ``X`` and its class labels ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.
        y : array-like of shape (n_samples,) or DataFrame
            Class labels (or a label frame with the ``target`` column).

        Returns
        -------
        self : MixupGANAugmenter
            The fitted augmenter.
        """
        self._validate_params()
        X, y = self._labelled(X, y)
        X, y, _ = self._check_X_y(X, y)
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, self._sampling_type
        )
        self._train(X, y)
        return self

    def fit_resample(self, X, y):
        """Train the GAN and return the real rows plus generated ones.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.
        y : array-like of shape (n_samples,) or DataFrame
            Class labels (or a label frame with the ``target`` column).

        Returns
        -------
        X_resampled : ndarray or DataFrame of shape (n_samples_new, n_features)
            The real rows, then the generated ones.
        y_resampled : ndarray, Series or DataFrame
            Their labels; for a label frame, generated rows carry only the
            ``target`` column.
        """
        if not isinstance(y, pd.DataFrame):
            return super().fit_resample(*self._labelled(X, y))
        X_labelled, labelled = self._labelled(X, y)
        resampled_X, resampled_y = super().fit_resample(X_labelled, labelled)
        labels = label_column(y, self.target)
        new = slice(len(labelled), None)
        new_y = pd.DataFrame({self.target: np.asarray(resampled_y)[new]})
        new_y = new_y.astype({self.target: labels.dtype}, errors="ignore")
        y_out = pd.concat([y, new_y], ignore_index=True)
        if isinstance(X, pd.DataFrame):
            X_out = pd.concat(
                [X, resampled_X.iloc[new].set_axis(X.columns, axis=1)],
                ignore_index=True,
            )
        else:
            X_out = np.concatenate([np.asarray(X), np.asarray(resampled_X)[new]])
        return X_out, y_out

    def _check_X_y(self, X, y, accept_sparse=None):  # noqa: N802 (imblearn's name)
        # Dense only: the networks take dense tensors.
        return super()._check_X_y(X, y, accept_sparse=False)

    def _labelled(self, X, y):
        """Return the rows of ``X`` and the labels that train the GAN."""
        owner = f"{type(self).__name__}(target={self.target!r})"
        if not isinstance(y, pd.DataFrame):
            # A 1-D y is the target column; a 2-D one without names is refused.
            return X, (
                y if self.target is None else label_column(y, self.target, owner)
            )
        if self.target is None:
            raise ValueError(
                "y is a DataFrame: set target= to the column of class labels "
                f"(columns: {', '.join(map(str, y.columns))})"
            )
        labels = label_column(y, self.target, owner)
        labelled = labels.notna().to_numpy()
        if not labelled.any():
            raise ValueError(
                f"{owner}: every one of the {len(labels)} rows of the target "
                f"column {self.target!r} is missing (NaN): the GAN has no class "
                "to learn; pass a frame whose target column holds class labels"
            )
        rows = X[labelled] if isinstance(X, pd.DataFrame) else np.asarray(X)[labelled]
        return rows, labels[labelled].to_numpy()

    def _fit_resample(self, X, y):
        self._train(X, y)
        counts = self.sampling_strategy_
        classes = [label for label, count in counts.items() for _ in range(count)]
        if not classes:
            return X, y
        generated = self._generate(
            np.asarray(classes), draw_seed(self.random_state) + 1
        )
        return (
            np.concatenate([X, generated.astype(X.dtype)]),
            np.concatenate([y, np.asarray(classes, dtype=y.dtype)]),
        )

    def _train(self, X, y):
        device = resolve_device(self.device, type(self).__name__)
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.net_ = AdversarialNet(
            module=ConditionalGAN,
            module__n_features=X.shape[1],
            module__n_classes=len(self.classes_),
            module__noise_dim=self.noise_dim,
            module__generator_sizes=tuple(self.generator_sizes),
            module__discriminator_sizes=tuple(self.discriminator_sizes),
            criterion=torch.nn.BCEWithLogitsLoss,
            # Adam's plain update (not the fused kernel the latent models use):
            # the fused one rounds the weights differently in the last bit, and
            # the GAN's generated rows are kept as they were.
            **net_settings(self, device, fused=False),
            optimizer__betas=(0.5, 0.999),
            estimator=self,
        )
        dataset = TensorDataset(
            torch.tensor(X, dtype=torch.float32), torch.as_tensor(codes)
        )
        seeded_fit(self.net_, dataset, self.random_state)

    def _adversarial_step(self, net, X, classes):
        """Train the discriminator, then the generator, on one batch."""
        module = net.module_
        bce = torch.nn.functional.binary_cross_entropy_with_logits
        fake = module.generate(classes)
        if self.mixup_alpha is None:
            real_logits = module.discriminate(X, classes)
            fake_logits = module.discriminate(fake.detach(), classes)
            discriminator_loss = bce(real_logits, torch.ones_like(real_logits)) + bce(
                fake_logits, torch.zeros_like(fake_logits)
            )
        else:
            beta = torch.distributions.Beta(self.mixup_alpha, self.mixup_alpha)
            weights = beta.sample((len(X),)).to(X.device)
            logits = module.discriminate(mixup(X, fake.detach(), weights), classes)
            discriminator_loss = bce(logits, weights)
        net.step(net.discriminator_optimizer_, discriminator_loss)
        fooled = module.discriminate(fake, classes)
        generator_loss = bce(fooled, torch.ones_like(fooled))
        net.step(net.optimizer_, generator_loss)
        return {"discriminator": discriminator_loss, "generator": generator_loss}

    # -- using the trained networks ---------------------------------------------

    def _generate(self, labels, seed):
        codes = torch.as_tensor(np.searchsorted(self.classes_, labels))
        # On the CPU in float32: the noise drawn there, so the same seed gives the
        # same rows whatever device trained the GAN.
        module = inference_module(self.net_, torch.float32, "cpu")
        with forked_random_state(seed), torch.no_grad():
            return module.generate(codes).numpy()

    def sample(self, n, classes, random_state=None):
        """Draw ``n`` synthetic rows for each class in ``classes``.

        Parameters
        ----------
        n : int
            Rows per class.
        classes : label or sequence of labels
            Classes seen in ``fit``.
        random_state : int, RandomState or None, default=None
            Seed of the generator's noise: the same seed gives the same rows.

        Returns
        -------
        X : ndarray of shape (n * len(classes), n_features), float32
            Generated rows, class by class.
        y : ndarray of shape (n * len(classes),)
            Their classes.
        """
        check_is_fitted(self)
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
            raise ValueError(
                f"n is the number of rows to draw per class: a whole number >= 0, "
                f"got {n!r}"
            )
        labels = np.atleast_1d(np.asarray(classes, dtype=self.classes_.dtype))
        unknown = sorted(set(labels.tolist()) - set(self.classes_.tolist()))
        if unknown:
            raise ValueError(
                f"class {unknown[0]!r} was not seen in fit (classes: "
                f"{', '.join(map(str, self.classes_))})"
            )
        labels = np.repeat(labels, int(n))
        return self._generate(labels, draw_seed(random_state)), labels

    def discriminator_features(self, X):
        """Return the discriminator's penultimate layer for ``X``.

        The paper's "compressed representation" of a feature vector.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised features.

        Returns
        -------
        h : ndarray of shape (n_samples, discriminator_sizes[-1]), float32
            The representation.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        h = predict_in_chunks(self.net_, X, lambda module, x: module.features(x))
        return h.astype(np.float32)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = self.random_state is None
        tags.input_tags.sparse = False
        return tags
