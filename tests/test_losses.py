import math

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from skser.nn import (
    cluster_loss,
    continuous_metric_loss,
    cyclical_kl_weight,
    gaussian_kl,
)

values = st.floats(-5, 5, allow_nan=False, width=32)
label_values = st.floats(1, 5, allow_nan=False, width=32)


def label_vectors(min_size=2, max_size=20):
    return arrays(np.float32, st.integers(min_size, max_size), elements=label_values)


def latent_along(labels, scale, dims=2, seed=0):
    """Codes whose pairwise distances are exactly ``scale`` times label distances."""
    generator = torch.Generator().manual_seed(seed)
    direction = torch.randn(dims, generator=generator, dtype=torch.float64)
    direction = direction / direction.norm()
    return scale * torch.as_tensor(labels, dtype=torch.float64)[:, None] * direction


@given(labels=label_vectors(), pairs=st.sampled_from(["adjacent", "all"]))
def test_metric_loss_zero_when_distances_match(labels, pairs):
    labels_t = torch.as_tensor(labels, dtype=torch.float64)
    assume(torch.unique(labels_t).numel() > 1)
    loss, slope = continuous_metric_loss(latent_along(labels, 1.0), labels_t, pairs)
    assert loss.item() == pytest.approx(0.0, abs=1e-9)
    assert slope.item() == pytest.approx(1.0)


@given(
    labels=label_vectors(),
    scale=st.floats(0.0, 10.0),
    pairs=st.sampled_from(["adjacent", "all"]),
)
def test_metric_loss_is_slope_error_for_scaled_distances(labels, scale, pairs):
    labels_t = torch.as_tensor(labels, dtype=torch.float64)
    assume(torch.unique(labels_t).numel() > 1)
    loss, slope = continuous_metric_loss(latent_along(labels, scale), labels_t, pairs)
    assert slope.item() == pytest.approx(scale, abs=1e-9)
    assert loss.item() == pytest.approx(abs(scale - 1.0), abs=1e-9)


@given(
    z=arrays(np.float64, (12, 2), elements=values),
    labels=arrays(np.float64, (12, 2), elements=label_values),
    seed=st.integers(0, 1000),
    label_distance=st.sampled_from(["euclidean", "sum"]),
)
def test_all_pairs_variant_is_permutation_invariant(z, labels, seed, label_distance):
    z, labels = torch.as_tensor(z), torch.as_tensor(labels)
    order = torch.randperm(12, generator=torch.Generator().manual_seed(seed))
    loss, _ = continuous_metric_loss(z, labels, "all", label_distance)
    permuted, _ = continuous_metric_loss(z[order], labels[order], "all", label_distance)
    assert permuted.item() == pytest.approx(loss.item(), rel=1e-9, abs=1e-12)


def test_adjacent_pairs_depend_on_order():
    # The paper's variant sees only neighbours: order matters, unlike "all".
    labels = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
    z = torch.tensor([[0.0], [1.0], [5.0], [3.0]], dtype=torch.float64)
    order = torch.tensor([0, 2, 1, 3])
    adjacent = continuous_metric_loss(z, labels)[0]
    assert continuous_metric_loss(z[order], labels[order])[0] != adjacent


def test_two_label_columns_use_euclidean_or_summed_distance():
    labels = torch.tensor([[1.0, 1.0], [4.0, 5.0]])  # distance 5, summed 7
    z = torch.tensor([[0.0, 0.0], [5.0, 0.0]])
    assert continuous_metric_loss(z, labels)[1].item() == pytest.approx(1.0)
    summed = continuous_metric_loss(z, labels, label_distance="sum")[1]
    assert summed.item() == pytest.approx(5 / 7)


def test_unlabelled_rows_are_ignored():
    labels = torch.tensor([1.0, float("nan"), 3.0, 2.0])
    z = torch.tensor([[1.0], [100.0], [3.0], [2.0]])
    loss, slope = continuous_metric_loss(z, labels)
    # Without the NaN row the pairs are (1, 3) and (3, 2): an exact match.
    assert loss.item() == pytest.approx(0.0, abs=1e-6)
    assert slope.item() == pytest.approx(1.0)


def seeded_randn(*shape, seed=0):
    """Standard normal draws that do not depend on the order tests run in."""
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


NAN = float("nan")
DEGENERATE = {  # (z, continuous labels, class codes)
    "one row": (seeded_randn(1, 2), torch.tensor([3.0]), torch.tensor([1])),
    "constant labels": (seeded_randn(5, 2), torch.full((5,), 2.0),
                        torch.zeros(5).int()),
    "no labels": (seeded_randn(4, 2), torch.full((4,), NAN), torch.full((4,), -1)),
    "identical codes": (torch.zeros(4, 2), torch.arange(4.0), torch.arange(4) // 2),
}  # fmt: skip


@pytest.mark.parametrize("case", DEGENERATE, ids=str)
@pytest.mark.parametrize("pairs", ["adjacent", "all"])
def test_degenerate_batches_are_finite(case, pairs):
    z, labels, classes = DEGENERATE[case]
    z = z.clone().requires_grad_(True)
    for loss in [
        continuous_metric_loss(z, labels, pairs)[0],
        cluster_loss(z, classes),
    ]:
        assert torch.isfinite(loss)
        (gradient,) = torch.autograd.grad(loss, z)
        assert torch.isfinite(gradient).all()


@given(
    z=arrays(np.float64, (10, 3), elements=values),
    scale=st.floats(0.01, 100.0),
)
def test_cluster_loss_is_scale_invariant(z, scale):
    z = torch.as_tensor(z)
    classes = torch.tensor([0, 0, 0, 1, 1, 1, 2, 2, 2, 2])
    means = torch.stack([z[classes == k].mean(0) for k in range(3)])
    # Coinciding class means make the ratio rounding noise over rounding noise.
    assume(torch.pdist(means).min() > 1e-6)
    loss = cluster_loss(z, classes)
    assert cluster_loss(scale * z, classes).item() == pytest.approx(
        loss.item(), rel=1e-6
    )


@given(
    z=arrays(np.float64, (9, 2), elements=values),
    tighten=st.floats(0.0, 0.95),
)
def test_cluster_loss_drops_when_classes_tighten(z, tighten):
    z = torch.as_tensor(z)
    classes = torch.tensor([0, 0, 0, 1, 1, 1, 2, 2, 2])
    means = torch.stack([z[classes == k].mean(0) for k in range(3)])
    tighter = means[classes] + tighten * (z - means[classes])
    loss = cluster_loss(z, classes)
    assume(loss.item() > 1e-6 and loss.item() < 1e6)
    assert cluster_loss(tighter, classes).item() < loss.item()


def test_cluster_loss_single_class_and_unlabelled():
    z = seeded_randn(6, 2)
    assert cluster_loss(z, torch.tensor([2, 2, 2, -1, -1, 2])).item() == 0.0
    with_unlabelled = cluster_loss(z, torch.tensor([0, 0, 1, 1, -1, -1]))
    assert with_unlabelled.item() == pytest.approx(
        cluster_loss(z[:4], torch.tensor([0, 0, 1, 1])).item()
    )


@given(
    mu=arrays(np.float64, (4, 3), elements=values),
    logvar=arrays(np.float64, (4, 3), elements=values),
)
def test_kl_is_non_negative_and_matches_torch(mu, logvar):
    mu, logvar = torch.as_tensor(mu), torch.as_tensor(logvar)
    kl = gaussian_kl(mu, logvar)
    assert kl.item() >= 0
    posterior = torch.distributions.Normal(mu, (0.5 * logvar).exp())
    prior = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))
    reference = torch.distributions.kl_divergence(posterior, prior).sum(1).mean()
    assert kl.item() == pytest.approx(reference.item(), rel=1e-9, abs=1e-12)


def test_kl_zero_at_prior_only():
    assert gaussian_kl(torch.zeros(2, 2), torch.zeros(2, 2)).item() == 0.0
    assert gaussian_kl(torch.full((2, 2), 0.1), torch.zeros(2, 2)).item() > 0


@given(
    cycles=st.integers(1, 6),
    per_cycle=st.integers(2, 20),
    ramp=st.floats(0.05, 1.0),
    weight=st.floats(0.01, 10.0),
)
def test_cyclical_schedule(cycles, per_cycle, ramp, weight):
    max_epochs = cycles * per_cycle
    betas = [
        cyclical_kl_weight(e, max_epochs, cycles, ramp, weight)
        for e in range(1, max_epochs + 1)
    ]
    for cycle in range(cycles):
        within = betas[cycle * per_cycle : (cycle + 1) * per_cycle]
        assert within[0] == 0.0  # each cycle starts from 0
        for step, beta in enumerate(within):
            tau = step / per_cycle
            if tau <= ramp:  # linear rise over the ramp
                assert beta == pytest.approx(weight * tau / ramp)
            else:  # then held at the weight
                assert beta == weight
        assert all(a <= b + 1e-12 for a, b in zip(within, within[1:], strict=False))
    assert max(betas) <= weight * (1 + 1e-12)


def test_schedule_rejects_bad_arguments():
    with pytest.raises(ValueError, match="epoch counts from 1"):
        cyclical_kl_weight(0, 10)
    with pytest.raises(ValueError, match="ramp"):
        cyclical_kl_weight(1, 10, ramp=0.0)
    assert math.isclose(cyclical_kl_weight(3, 8, 1, 0.5, 2.0), 2.0 * (2 / 8) / 0.5)
