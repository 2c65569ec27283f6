"""Torch modules of the latent models: MLP encoder and decoder, AE and VAE."""

import torch
from torch import nn

__all__ = ["AutoEncoder", "VariationalAutoEncoder", "mlp"]


def mlp(sizes, final_activation=False):
    """Build a multilayer perceptron with ReLU between its linear layers.

    Parameters
    ----------
    sizes : sequence of int
        Widths from input to output, e.g. ``(88, 40, 20, 10, 2)``.
    final_activation : bool, default=False
        Whether a ReLU follows the last linear layer too.

    Returns
    -------
    module : torch.nn.Sequential
        The network.

    Examples
    --------
    >>> from skser.modules import mlp
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
            layers.append(nn.ReLU())
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
