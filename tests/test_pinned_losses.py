"""Loss values pinned by cases computed by hand."""

import math

import pytest
import torch

from skser.nn import cluster_loss, continuous_metric_loss

NAN = float("nan")


def test_metric_loss_drops_rows_with_a_nan_in_either_label_column():
    # Row 1 knows its valence (7) but not its activation: it takes no part. The
    # other rows give adjacent pairs (0, 2) and (2, 3) with label distances
    # l_d = ||(3, 4)|| = 5 and ||(0, 4)|| = 4, latent distances z_d = 5 and 8.
    labels = torch.tensor([[1.0, 1.0], [NAN, 7.0], [4.0, 5.0], [4.0, 1.0]],
                          dtype=torch.float64)  # fmt: skip
    z = torch.tensor([[0.0, 0.0], [100.0, -50.0], [3.0, 4.0], [11.0, 4.0]],
                     dtype=torch.float64)  # fmt: skip
    loss, slope = continuous_metric_loss(z, labels)
    # p = (5 * 5 + 4 * 8) / (5^2 + 4^2) = 57 / 41; residuals -80/41 and 100/41.
    assert slope.item() == pytest.approx(57 / 41, rel=1e-12)
    expected = (80**2 + 100**2) / 41**2 / 2 + (57 / 41 - 1)
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    # The same with the NaN in the other column.
    labels[1] = torch.tensor([2.0, NAN])
    assert continuous_metric_loss(z, labels)[0].item() == pytest.approx(
        expected, rel=1e-12
    )


def test_metric_loss_all_pairs_by_hand():
    # Three rows, pairs (0, 1), (0, 2), (1, 2): l_d = 1, 3, 2 and z_d = 2, 3, 1.
    labels = torch.tensor([0.0, 1.0, 3.0], dtype=torch.float64)
    z = torch.tensor([[0.0], [2.0], [3.0]], dtype=torch.float64)
    loss, slope = continuous_metric_loss(z, labels, pairs="all")
    # p = (2 + 9 + 2) / (1 + 9 + 4) = 13 / 14.
    p = 13 / 14
    residual = ((2 - p) ** 2 + (3 - 3 * p) ** 2 + (1 - 2 * p) ** 2) / 3
    assert slope.item() == pytest.approx(p, rel=1e-12)
    assert loss.item() == pytest.approx(residual + abs(p - 1), rel=1e-12)


def test_cluster_loss_sums_within_class_distances_by_hand():
    # Classes (codes in any order) of 2, 3 and 1 rows, with means (1, 0), (10, 3)
    # and (0, 8). Within: 1 + 1, 3 + 0 + 3 and 0, so D_intra = 8 (a sum, not a
    # mean). Between: sqrt(90) + sqrt(65) + sqrt(125).
    z = torch.tensor([[0.0, 0.0], [2.0, 0.0], [10.0, 0.0], [10.0, 3.0], [10.0, 6.0],
                      [0.0, 8.0]], dtype=torch.float64)  # fmt: skip
    classes = torch.tensor([5, 5, 2, 2, 2, 9])
    expected = 8 / (math.sqrt(90) + math.sqrt(65) + math.sqrt(125))
    assert cluster_loss(z, classes).item() == pytest.approx(expected, rel=1e-12)
    # Unlabelled rows (negative codes) are left out of both sums.
    with_unlabelled = torch.cat([z, torch.tensor([[50.0, 50.0]], dtype=z.dtype)])
    assert cluster_loss(with_unlabelled, torch.cat([classes, torch.tensor([-1])])
                        ).item() == pytest.approx(expected, rel=1e-12)  # fmt: skip
