"""Adversarial attacks on torch modules: the fast gradient sign method."""

import copy

import numpy as np
import torch

from skser.utils._validation import check_levels, check_waveforms

__all__ = ["fgsm"]


def fgsm(module, waveforms, targets, epsilon, batch_size=32):
    """Fast gradient sign method: ``x + epsilon * sign(grad_x loss(x, y))``.

    The gradient of the cross-entropy of the module's logits is taken at the clean
    input, with the module in evaluation mode (batch norm and dropout fixed).

    Parameters
    ----------
    module : torch.nn.Module
        Maps a batch of waveforms to class logits; not modified.
    waveforms : ndarray of shape (n, samples)
        Clean inputs.
    targets : ndarray of shape (n,)
        Integer class codes (the logits' column of each true class).
    epsilon : float
        Size of the perturbation of each sample (waveform amplitude, full scale 1).
    batch_size : int, default=32
        Waveforms per gradient computation.

    Returns
    -------
    adversarial : ndarray of shape (n, samples), float32

    Raises
    ------
    ValueError
        If ``epsilon`` is negative or not finite, there are no waveforms, a
        waveform holds NaN or infinite samples, or there is not one target per
        waveform.

    References
    ----------
    .. [1] I. J. Goodfellow, J. Shlens, C. Szegedy, "Explaining and Harnessing
       Adversarial Examples", ICLR 2015, Eq. 3.

    Examples
    --------
    >>> import numpy as np, torch
    >>> from skser.nn import fgsm
    >>> linear = torch.nn.Linear(2, 2, bias=False)
    >>> _ = linear.weight.data.copy_(torch.tensor([[1.0, -1.0], [-1.0, 1.0]]))
    >>> fgsm(linear, np.zeros((1, 2)), np.array([0]), epsilon=0.1)
    array([[-0.1,  0.1]], dtype=float32)
    """
    check_levels([epsilon], "epsilon", "FGSM perturbation size", minimum=0)
    if len(waveforms) == 0:
        raise ValueError("fgsm needs at least one waveform to perturb, got none")
    waveforms = check_waveforms(waveforms, "waveforms", dtype=np.float32)
    if len(targets) != len(waveforms):
        raise ValueError(
            f"fgsm needs one target per waveform: got {len(targets)} targets for "
            f"{len(waveforms)} waveforms"
        )
    module = copy.deepcopy(module).eval()
    device = next(module.parameters()).device
    adversarial = []
    for start in range(0, len(waveforms), batch_size):
        x = torch.as_tensor(waveforms[start : start + batch_size]).to(device)
        x.requires_grad_(True)
        y = torch.as_tensor(np.asarray(targets[start : start + batch_size])).to(device)
        # cuDNN computes an RNN's backward pass only in training mode; the
        # attack needs evaluation mode (dropout and batch norm frozen).
        with torch.backends.cudnn.flags(enabled=False):
            loss = torch.nn.functional.cross_entropy(module(x), y.long())
            (gradient,) = torch.autograd.grad(loss, x)
        adversarial.append((x + epsilon * gradient.sign()).detach().cpu())
    return torch.cat(adversarial).numpy()
