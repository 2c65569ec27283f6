"""What the latent models share: their docstrings' common sections, the cluster term."""

import inspect

from skser.nn import cluster_loss

_COMMON_PARAMETERS = """
hidden_layer_sizes : tuple of int, default=(40, 20, 10)
    Encoder widths between the input and the latent code; the decoder mirrors
    them.
latent_dim : int, default=2
    Dimensions of the latent code.
noise_std : float, default={noise}
    Standard deviation of the Gaussian noise added to the input in training
    (denoising); ``transform`` never adds noise.
max_epochs : int, default=50
    Training epochs.
batch_size : int, default=64
    Rows per batch (shuffled every epoch).
lr : float, default=1e-3
    Learning rate of Adam.
validation_fraction : float, default=None
    Fraction of the rows held out to report a validation loss; ``None`` trains
    on every row, as the papers do.
patience : int, default=None
    Stop when the validation loss (or the training loss, without a validation
    split) has not improved for this many epochs; ``None`` trains all epochs.
device : str, default="cpu"
    Torch device, e.g. ``"cuda"``.
verbose : bool or int, default=0
    Print a table of the loss terms per epoch.
random_state : int, RandomState or None, default=None
    Seed of initialisation, shuffling and noise: the same seed gives the same
    latent code, bit for bit on the CPU.
domain_weight : float, default=0.0
    Domain-adversarial training (Ganin and Lempitsky 2015): a classifier on the
    code (one hidden layer of 10) learns the domain of each row from
    ``domain_column`` (the ``domain`` term, its cross-entropy), and a gradient
    reversal layer hands the encoder ``-domain_weight`` times its gradient, so
    the encoder learns to hide the domain (``domain_weight`` is the paper's
    lambda). 0 trains no classifier. Rows of a target corpus with no emotion
    label (NaN) enter this term and the reconstruction.
domain_column : str, default="corpus"
    Column of the label frame ``y`` naming each row's domain (corpus); read
    only when ``domain_weight > 0``.
"""

_COMMON_ATTRIBUTES = """
net_ : skorch.NeuralNet
    The trained skorch net; ``net_.module_`` is the torch module.
history_ : skorch.History
    Loss terms per epoch, each on its own (``train_reconstruction``, ...).
n_features_in_ : int
    Number of input features.
feature_names_in_ : ndarray of str
    Input feature names, when ``X`` was a DataFrame.
domains_ : ndarray of str
    The domains seen in ``fit``; only with ``domain_weight > 0``.
"""


def _common_parameters(cls):
    # The models share every parameter doc but noise_std's default (a VAE adds none).
    noise = inspect.signature(cls).parameters["noise_std"].default
    return _COMMON_PARAMETERS.replace("{noise}", repr(noise))


#: The sections every latent model of the DAE family fills into its docstring, with
#: :func:`skser.utils.fill_docstring`: ``{common_parameters}``, ``{common_attributes}``.
COMMON_SECTIONS = {
    "common_parameters": _common_parameters,
    "common_attributes": _COMMON_ATTRIBUTES,
}

#: ``{cluster_parameters}``: the class-label target and the weight of the cluster
#: loss, of :class:`~skser.latent.ClusterDAE` and :class:`~skser.latent.ClusterVAE`.
CLUSTER_PARAMETERS = """
target : str, default=None
    Column of a DataFrame ``y`` holding class labels (e.g. ``"emotion"``). With
    a 1-D ``y`` it may be None. Missing values mark unlabelled rows.
cluster_weight : float, default=1.0
    Weight of the cluster loss.
"""


def cluster_term(model, z, targets):
    """Return the weighted cluster term of ``model`` on the code ``z``."""
    return {"cluster": model.cluster_weight * cluster_loss(z, targets[:, 0].long())}
