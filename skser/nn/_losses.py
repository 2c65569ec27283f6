"""Loss terms of the latent models, as pure torch functions.

Every function is safe on degenerate batches (one row, constant labels, no labels,
a single class): the loss is finite and so are its gradients.
"""

import torch

__all__ = [
    "cluster_loss",
    "continuous_metric_loss",
    "cyclical_kl_weight",
    "gaussian_kl",
    "masked_cross_entropy",
    "mixup",
    "reverse_gradient",
]


def _norm(differences):
    """Euclidean norm over the last axis, with a zero (not NaN) gradient at 0."""
    squared = differences.pow(2).sum(dim=-1)
    positive = squared > 0
    # sqrt has an infinite slope at 0: take it only where the norm is positive.
    safe = torch.where(positive, squared, torch.ones_like(squared))
    return torch.where(positive, safe.sqrt(), torch.zeros_like(squared))


def _pair_indices(n, pairs, device):
    if pairs == "adjacent":
        first = torch.arange(n - 1, device=device)
        return first, first + 1
    if pairs == "all":
        return torch.triu_indices(n, n, offset=1, device=device).unbind(0)
    raise ValueError(f"pairs must be 'adjacent' or 'all', got {pairs!r}")


def continuous_metric_loss(z, labels, pairs="adjacent", label_distance="euclidean"):
    """Continuous metric loss of Das et al. (2022), Sec. 3.1.

    Latent distances ``z_d = ||z_i - z_j||`` of pairs of rows are regressed through
    the origin on their label distances ``l_d``: ``p = (l_d' l_d)^-1 l_d' z_d``.
    The loss ``L_met = L_res + L_sl`` (Eq. 5) is the mean squared residual of that
    fit (``L_res``, Eq. 4) plus ``L_sl = |p - 1|`` (Eq. 3), so it is 0 exactly
    when latent distances equal label distances.

    Parameters
    ----------
    z : Tensor of shape (batch, latent_dim)
        Latent codes.
    labels : Tensor of shape (batch,) or (batch, n_labels)
        Continuous labels (e.g. activation, or activation and valence). Rows with
        a NaN label are unlabelled and take no part.
    pairs : {"adjacent", "all"}, default="adjacent"
        ``"adjacent"`` pairs row i with i + 1, as in the paper; ``"all"`` uses every
        pair i < j, the pairs the authors' released code uses (that code then
        takes signed differences, ``sum(z_i - z_j) / k`` and ``l_i - l_j``, where
        this function takes the distances of the paper).
    label_distance : {"euclidean", "sum"}, default="euclidean"
        Distance between label vectors: Euclidean, as in the paper, or, a variant
        of ours, the sum of absolute differences (city-block). The released code
        does neither for two labels: it fits activation and valence on separate
        halves of the code. The same for one label.

    Returns
    -------
    loss : Tensor
        ``L_met = L_res + L_sl``, a scalar; 0 when fewer than two rows are
        labelled or all label distances are 0.
    slope : Tensor
        The fitted ``p``, detached, for inspection (NaN when undefined).

    References
    ----------
    .. [1] S. Das, N. N. Lund, N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen,
       "Continuous Metric Learning For Transferable Speech Emotion Recognition and
       Embedding Across Low-resource Languages", NLDL 2022, Eqs. 2-5.

    Examples
    --------
    >>> import torch
    >>> from skser.nn import continuous_metric_loss
    >>> labels = torch.tensor([1.0, 3.0, 2.0, 5.0])
    >>> z = torch.stack([2 * labels, torch.zeros(4)], dim=1)  # z_d = 2 l_d
    >>> loss, slope = continuous_metric_loss(z, labels)
    >>> round(loss.item(), 6), round(slope.item(), 6)
    (1.0, 2.0)
    """
    if label_distance not in ("euclidean", "sum"):
        raise ValueError(
            f"label_distance must be 'euclidean' or 'sum', got {label_distance!r}"
        )
    labels = labels.reshape(len(labels), -1).to(z.dtype)
    labelled = ~torch.isnan(labels).any(dim=1)
    z, labels = z[labelled], labels[labelled]
    zero = z.sum() * 0.0  # keeps the graph (and the device) of z
    undefined = torch.full((), float("nan"), dtype=z.dtype, device=z.device)
    if len(z) < 2:
        return zero, undefined
    first, second = _pair_indices(len(z), pairs, z.device)
    z_d = _norm(z[first] - z[second])
    label_differences = labels[first] - labels[second]
    if label_distance == "euclidean":
        l_d = _norm(label_differences)
    else:
        l_d = label_differences.abs().sum(dim=1)
    denominator = l_d @ l_d
    if denominator == 0:
        return zero, undefined
    slope = (l_d @ z_d) / denominator  # p, Eq. 2: least squares through the origin
    residual = (z_d - slope * l_d).pow(2).mean()  # L_res, Eq. 4
    slope_loss = (slope - 1).abs()  # L_sl, Eq. 3
    return residual + slope_loss, slope.detach()  # L_met, Eq. 5


def cluster_loss(z, classes):
    """Cluster loss: within-class spread over between-class separation.

    ``D_intra / D_inter`` with ``D_intra = sum_k sum_{i in k} ||z_i - m_k||`` and
    ``D_inter = sum_{k < j} ||m_k - m_j||`` over the class means ``m_k`` of the
    classes present in the batch. Invariant to scaling ``z``.

    Parameters
    ----------
    z : Tensor of shape (batch, latent_dim)
        Latent codes.
    classes : Tensor of shape (batch,)
        Integer class codes; negative codes mark unlabelled rows.

    Returns
    -------
    loss : Tensor
        A scalar; 0 when fewer than two classes are present.

    References
    ----------
    .. [1] S. Das, N. N. Lønfeldt, A. K. Pagsberg, L. H. Clemmensen, "Towards
       transferable speech emotion representation: on loss functions for
       cross-lingual latent representations", ICASSP 2022.

    Examples
    --------
    >>> import torch
    >>> from skser.nn import cluster_loss
    >>> z = torch.tensor([[0.0, 0.0], [0.0, 2.0], [4.0, 0.0], [4.0, 2.0]])
    >>> cluster_loss(z, torch.tensor([0, 0, 1, 1])).item()  # (4 * 1) / 4
    1.0
    """
    labelled = classes >= 0
    z, classes = z[labelled], classes[labelled]
    present, codes = torch.unique(classes, return_inverse=True)
    if len(present) < 2:
        return z.sum() * 0.0
    counts = torch.bincount(codes, minlength=len(present)).to(z.dtype)
    sums = torch.zeros(len(present), z.shape[1], dtype=z.dtype, device=z.device)
    means = sums.index_add(0, codes, z) / counts[:, None]
    intra = _norm(z - means[codes]).sum()
    first, second = _pair_indices(len(present), "all", z.device)
    inter = _norm(means[first] - means[second]).sum()
    # Coinciding class means would divide by zero: the loss stays finite.
    return intra / inter.clamp_min(torch.finfo(z.dtype).tiny)


def gaussian_kl(mu, logvar):
    """KL divergence of a diagonal Gaussian from the standard normal prior.

    ``KL(N(mu, diag(exp(logvar))) || N(0, I)) = 1/2 sum(mu^2 + exp(logvar) - 1 -
    logvar)``, summed over latent dimensions and averaged over the batch.

    Parameters
    ----------
    mu, logvar : Tensor of shape (batch, latent_dim)
        Posterior means and log-variances.

    Returns
    -------
    kl : Tensor
        A non-negative scalar, 0 exactly at the prior.

    References
    ----------
    .. [1] D. P. Kingma, M. Welling, "Auto-Encoding Variational Bayes", ICLR 2014,
       Appendix B.

    Examples
    --------
    >>> import torch
    >>> from skser.nn import gaussian_kl
    >>> gaussian_kl(torch.zeros(3, 2), torch.zeros(3, 2)).item()
    0.0
    """
    # expm1(v) - v, not exp(v) - 1 - v: near v = 0 the latter rounds below 0.
    per_row = 0.5 * (mu.pow(2) + torch.expm1(logvar) - logvar).sum(dim=1)
    return per_row.mean()


def cyclical_kl_weight(epoch, max_epochs, cycles=4, ramp=0.5, weight=0.25):
    """Weight of the KL term under cyclical annealing.

    ``tau = mod(epoch - 1, T / M) / (T / M)``; the weight is ``weight * tau / R``
    while ``tau <= R`` and ``weight`` after, with ``T = max_epochs``,
    ``M = cycles`` and ``R = ramp``.

    Parameters
    ----------
    epoch : int
        The epoch, counted from 1.
    max_epochs : int
        Number of epochs of the whole run.
    cycles : int, default=4
        Number of annealing cycles.
    ramp : float, default=0.5
        Fraction of each cycle over which the weight rises from 0.
    weight : float, default=0.25
        Weight held after the ramp.

    Returns
    -------
    beta : float
        The KL weight at ``epoch``.

    References
    ----------
    .. [1] H. Fu, C. Li, X. Liu, J. Gao, A. Celikyilmaz, L. Carin, "Cyclical
       Annealing Schedule: A Simple Approach to Mitigating KL Vanishing", NAACL
       2019.

    Examples
    --------
    >>> from skser.nn import cyclical_kl_weight
    >>> [cyclical_kl_weight(e, 8, cycles=2, ramp=0.5, weight=1.0) for e in range(1, 9)]
    [0.0, 0.5, 1.0, 1.0, 0.0, 0.5, 1.0, 1.0]
    """
    if epoch < 1:
        raise ValueError(f"epoch counts from 1, got {epoch}")
    if not 0 < ramp <= 1:
        raise ValueError(f"ramp must be in (0, 1], got {ramp}")
    period = max_epochs / cycles
    tau = ((epoch - 1) % period) / period
    return weight * tau / ramp if tau <= ramp else weight


def mixup(real, fake, weights):
    """Convex combinations ``w * real + (1 - w) * fake``, one weight per row or batch.

    The discriminator of a mixup GAN sees these mixes with the soft target ``w``
    (Zhang et al. 2018, Sec. 3.6); a classifier trained with mixup sees a batch
    mixed with a permutation of itself, ``mixup(X, X[permutation], w)``, and a
    loss that mixes the two rows' labels with the same ``w`` (Eq. 1).

    Parameters
    ----------
    real, fake : Tensor of shape (batch, ...)
        Two batches of the same shape: rows of features, waveforms or
        spectrograms.
    weights : float, Tensor of shape () or Tensor of shape (batch,)
        Mixing weights in [0, 1], e.g. drawn from Beta(alpha, alpha): one for the
        whole batch, or one per row.

    Returns
    -------
    mixed : Tensor of the shape of ``real``
        The mixes; ``real`` where a weight is 1, ``fake`` where it is 0.

    References
    ----------
    .. [1] H. Zhang, M. Cisse, Y. N. Dauphin, D. Lopez-Paz, "mixup: Beyond
       Empirical Risk Minimization", ICLR 2018 (arXiv 1710.09412).

    Examples
    --------
    >>> import torch
    >>> from skser.nn import mixup
    >>> mixup(torch.ones(2, 3), torch.zeros(2, 3), torch.tensor([1.0, 0.25]))
    tensor([[1.0000, 1.0000, 1.0000],
            [0.2500, 0.2500, 0.2500]])
    >>> X = torch.tensor([[0.0], [4.0]])
    >>> mixup(X, X[torch.tensor([1, 0])], 0.75)  # a batch and its permutation
    tensor([[1.],
            [3.]])
    """
    weights = torch.as_tensor(weights, dtype=real.dtype, device=real.device)
    if weights.ndim:  # one weight per row, broadcast over the row's other axes
        weights = weights.reshape(-1, *[1] * (real.ndim - 1))
    return weights * real + (1 - weights) * fake


def masked_cross_entropy(logits, classes):
    """Cross-entropy over the labelled rows of a batch; 0 when none is.

    Parameters
    ----------
    logits : Tensor of shape (batch, n_classes)
        Unnormalised class scores.
    classes : Tensor of shape (batch,)
        Integer class codes; negative codes mark unlabelled rows.

    Returns
    -------
    loss : Tensor
        Mean cross-entropy of the labelled rows, a scalar.

    Examples
    --------
    >>> import torch
    >>> from skser.nn import masked_cross_entropy
    >>> logits = torch.tensor([[0.0, 0.0], [5.0, -5.0]])
    >>> round(masked_cross_entropy(logits, torch.tensor([1, -1])).item(), 4)  # log 2
    0.6931
    """
    labelled = classes >= 0
    if not labelled.any():
        return logits.sum() * 0.0  # keeps the graph (and the device)
    return torch.nn.functional.cross_entropy(logits[labelled], classes[labelled])


class _ReverseGradient(torch.autograd.Function):
    """Identity forward; the gradient multiplied by ``-scale`` backward."""

    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output):
        return -ctx.scale * grad_output, None


def reverse_gradient(x, scale=1.0):
    """Pass ``x`` on unchanged, but reverse (and scale) its gradient.

    The gradient reversal layer of domain-adversarial training: a domain
    classifier on ``reverse_gradient(z)`` learns to tell the domains apart, while
    the encoder that produced ``z`` receives ``-scale`` times the classifier's
    gradient and so learns to make the domains indistinguishable, all in one
    backward pass of the summed loss (Ganin and Lempitsky 2015, Eq. 13).

    Parameters
    ----------
    x : Tensor
        Input, e.g. the latent code.
    scale : float, default=1.0
        Factor ``lambda`` of the reversed gradient.

    Returns
    -------
    y : Tensor
        A view of ``x`` whose gradient flows back as ``-scale * grad``.

    References
    ----------
    .. [1] Y. Ganin, V. Lempitsky, "Unsupervised Domain Adaptation by
       Backpropagation", ICML 2015, Sec. 3.3.

    Examples
    --------
    >>> import torch
    >>> from skser.nn import reverse_gradient
    >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> (3 * reverse_gradient(x, 0.5)).sum().backward()
    >>> x.grad
    tensor([-1.5000, -1.5000])
    """
    return _ReverseGradient.apply(x, float(scale))
