"""Torch modules: MLP encoder and decoder, AE and VAE, conditional GAN, AAE."""

import torch
from torch import nn

__all__ = [
    "AdversarialAutoEncoder",
    "AutoEncoder",
    "ConditionalGAN",
    "VariationalAutoEncoder",
    "mlp",
]


def mlp(sizes, final_activation=False, activation=nn.ReLU):
    """Build a multilayer perceptron with an activation between its linear layers.

    Parameters
    ----------
    sizes : sequence of int
        Widths from input to output, e.g. ``(88, 40, 20, 10, 2)``.
    final_activation : bool, default=False
        Whether the activation follows the last linear layer too.
    activation : callable, default=torch.nn.ReLU
        Makes the activation module, e.g. ``torch.nn.LeakyReLU``.

    Returns
    -------
    module : torch.nn.Sequential
        The network.

    Examples
    --------
    >>> from skser.nn import mlp
    >>> mlp((88, 40, 2))
    Sequential(
      (0): Linear(in_features=88, out_features=40, bias=True)
      (1): ReLU()
      (2): Linear(in_features=40, out_features=2, bias=True)
    )
    """
    sizes = [int(size) for size in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"an MLP needs two or more positive widths, got {sizes}")
    layers = []
    for i, (width_in, width_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        layers.append(nn.Linear(width_in, width_out))
        if final_activation or i < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


class AutoEncoder(nn.Module):
    """A (denoising) autoencoder with mirrored MLP encoder and decoder.

    Parameters
    ----------
    n_features : int
        Input width (88 for eGeMAPS).
    hidden_layer_sizes : sequence of int, default=(40, 20, 10)
        Encoder widths between input and latent code; the decoder mirrors them.
    latent_dim : int, default=2
        Width of the latent code.
    noise_std : float, default=0.0
        Standard deviation of Gaussian noise added to the input in training mode
        only; evaluation mode is deterministic.
    """

    def __init__(self, n_features, hidden_layer_sizes=(40, 20, 10), latent_dim=2,
                 noise_std=0.0):  # fmt: skip
        super().__init__()
        widths = (n_features, *hidden_layer_sizes)
        self.latent_dim = latent_dim
        self.noise_std = noise_std
        self.encoder = mlp((*widths, self.code_width(latent_dim)))
        self.decoder = mlp((latent_dim, *reversed(widths)))

    @staticmethod
    def code_width(latent_dim):
        """Width of the encoder's output for a latent code of ``latent_dim``."""
        return latent_dim

    def corrupt(self, X):
        """Add training noise to ``X`` (identity in evaluation mode)."""
        if self.training and self.noise_std > 0:
            return X + self.noise_std * torch.randn_like(X)
        return X

    def encode(self, X):
        """Return the latent code of ``X`` (no noise)."""
        return self.encoder(X)

    def forward(self, X):
        """Return ``(reconstruction, z)`` of the (corrupted) input."""
        z = self.encode(self.corrupt(X))
        return self.decoder(z), z


class VariationalAutoEncoder(AutoEncoder):
    """A variational autoencoder with a diagonal Gaussian posterior.

    The encoder's last layer gives the posterior mean and log-variance; training
    samples ``z = mu + sigma * eps`` (reparameterisation), evaluation uses ``mu``.
    Parameters as for :class:`AutoEncoder`.
    """

    @staticmethod
    def code_width(latent_dim):
        """Return twice ``latent_dim``: a mean and a log-variance per dimension."""
        return 2 * latent_dim

    def posterior(self, X):
        """Return the posterior mean and log-variance of ``X``."""
        mu, logvar = self.encoder(X).split(self.latent_dim, dim=1)
        return mu, logvar

    def encode(self, X):
        """Return the posterior mean of ``X``."""
        return self.posterior(X)[0]

    def forward(self, X):
        """Return ``(reconstruction, mu, logvar, z)``; ``z`` is sampled in training.

        In evaluation mode ``z`` is the posterior mean.
        """
        mu, logvar = self.posterior(self.corrupt(X))
        if self.training:
            z = mu + (0.5 * logvar).exp() * torch.randn_like(mu)
        else:
            z = mu
        return self.decoder(z), mu, logvar, z


def _leaky():
    return nn.LeakyReLU(0.2)


class ConditionalGAN(nn.Module):
    """A conditional GAN over feature vectors, with a projection discriminator.

    The generator maps ``[noise, one-hot class]`` through LeakyReLU layers to a
    feature vector. The discriminator's trunk sees the features alone; the class
    enters through a projection at the output (Miyato and Koyama 2018):
    ``D(x, c) = w' h(x) + e_c' h(x)``. Its trunk output ``h(x)`` (the penultimate
    layer) is therefore a representation that needs no class label.

    Parameters
    ----------
    n_features : int
        Width of a feature vector.
    n_classes : int
        Number of classes conditioned on.
    noise_dim : int, default=100
        Width of the generator's noise input.
    generator_sizes : sequence of int, default=(256, 256)
        Hidden widths of the generator.
    discriminator_sizes : sequence of int, default=(256, 128)
        Hidden widths of the discriminator; the last is the representation width.
    """

    def __init__(
        self,
        n_features,
        n_classes,
        noise_dim=100,
        generator_sizes=(256, 256),
        discriminator_sizes=(256, 128),
    ):
        super().__init__()
        self.n_classes, self.noise_dim = n_classes, noise_dim
        self.generator = mlp(
            (noise_dim + n_classes, *generator_sizes, n_features), activation=_leaky
        )
        self.trunk = mlp(
            (n_features, *discriminator_sizes), final_activation=True, activation=_leaky
        )
        self.real = nn.Linear(discriminator_sizes[-1], 1)
        self.projection = nn.Embedding(n_classes, discriminator_sizes[-1])

    def generate(self, classes):
        """Draw one feature vector for each integer class code in ``classes``."""
        noise = torch.randn(len(classes), self.noise_dim, device=classes.device)
        one_hot = nn.functional.one_hot(classes, self.n_classes).to(noise.dtype)
        return self.generator(torch.cat([noise, one_hot], dim=1))

    def features(self, X):
        """Return the discriminator's penultimate layer for ``X``."""
        return self.trunk(X)

    def discriminate(self, X, classes):
        """Return the discriminator's logit that ``X`` of ``classes`` is real."""
        h = self.trunk(X)
        return self.real(h)[:, 0] + (self.projection(classes) * h).sum(dim=1)

    def discriminator_parameters(self):
        """Yield the discriminator's named parameters."""
        for name, parameter in self.named_parameters():
            if not name.startswith("generator."):
                yield name, parameter

    def generator_parameters(self):
        """Yield the generator's named parameters."""
        return self.generator.named_parameters(prefix="generator")


class AdversarialAutoEncoder(nn.Module):
    """An adversarial autoencoder with a categorical and a continuous code.

    The encoder's shared trunk feeds an emotion head (logits; its softmax is the
    categorical code), a style head (the continuous code) and one auxiliary
    classification head per extra task. The decoder reconstructs the input from
    ``[softmax(emotion logits), style]``. Two discriminators tell codes from
    samples of their priors: a one-hot categorical and a standard normal.

    Parameters
    ----------
    n_features : int
        Input width.
    n_classes : int
        Number of emotion classes (width of the categorical code).
    hidden_layer_sizes : sequence of int, default=(128, 64)
        Encoder trunk widths; the decoder mirrors them.
    style_dim : int, default=4
        Width of the continuous style code.
    auxiliary_classes : dict of str to int, default=None
        Number of classes of each auxiliary head, by name.
    discriminator_width : int, default=64
        Hidden width of each discriminator.
    noise_std : float, default=0.0
        Gaussian input noise in training mode only.
    """

    def __init__(self, n_features, n_classes, hidden_layer_sizes=(128, 64),
                 style_dim=4, auxiliary_classes=None, discriminator_width=64,
                 noise_std=0.0):  # fmt: skip
        super().__init__()
        widths = (n_features, *hidden_layer_sizes)
        self.noise_std = noise_std
        self.trunk = mlp(widths, final_activation=True)
        self.emotion = nn.Linear(widths[-1], n_classes)
        self.style = nn.Linear(widths[-1], style_dim)
        self.auxiliary = nn.ModuleDict(
            {
                name: nn.Linear(widths[-1], count)
                for name, count in (auxiliary_classes or {}).items()
            }
        )
        self.decoder = mlp((n_classes + style_dim, *reversed(widths)))
        self.discriminators = nn.ModuleDict(
            {
                "categorical": mlp((n_classes, discriminator_width, 1)),
                "style": mlp((style_dim, discriminator_width, 1)),
            }
        )

    corrupt = AutoEncoder.corrupt

    def heads(self, X):
        """Return ``(emotion logits, style code, {name: auxiliary logits})``."""
        h = self.trunk(X)
        auxiliary = {name: head(h) for name, head in self.auxiliary.items()}
        return self.emotion(h), self.style(h), auxiliary

    def encode(self, X):
        """Return the code ``[softmax(emotion logits), style]`` of ``X``."""
        logits, style, _ = self.heads(X)
        return torch.cat([logits.softmax(dim=1), style], dim=1)

    def forward(self, X):
        """Return ``(reconstruction, emotion logits, style, auxiliary logits)``."""
        logits, style, auxiliary = self.heads(self.corrupt(X))
        code = torch.cat([logits.softmax(dim=1), style], dim=1)
        return self.decoder(code), logits, style, auxiliary

    def discriminator_parameters(self):
        """Yield the discriminators' named parameters."""
        return self.discriminators.named_parameters(prefix="discriminators")

    def generator_parameters(self):
        """Yield the named parameters of everything but the discriminators."""
        for name, parameter in self.named_parameters():
            if not name.startswith("discriminators."):
                yield name, parameter
