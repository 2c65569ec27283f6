"""Metric values pinned by cases computed by hand (or by an independent route)."""

import numpy as np
import pytest
from scipy import stats

from skser.metrics import (
    adjusted_r2,
    bhattacharyya_distance,
    concordance_correlation,
    pairwise_adjusted_r2,
    readout_concordance,
    spearman,
)


def test_adjusted_r2_of_a_noisy_line_by_hand():
    # n = 5, k = 1. Sxy = 11, Sxx = 10, Syy = 14.8, so R2 = 121 / 148 and the
    # adjusted R2 is 1 - (27 / 148)(5 - 1) / (5 - 1 - 1) = 112 / 148 = 28 / 37.
    z = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    labels = np.array([0.0, 2.0, 1.0, 3.0, 5.0])
    r2, p = adjusted_r2(z, labels)
    assert r2 == pytest.approx(28 / 37, rel=1e-12)
    # F = (R2 / k) / ((1 - R2) / (n - k - 1)) = 121 / 9 on (1, 3) degrees of freedom.
    assert p == pytest.approx(stats.f.sf(121 / 9, 1, 3), rel=1e-9)


def test_adjusted_r2_counts_every_code_dimension():
    # Two regressors: the penalty is (n - 1) / (n - 2 - 1), against lstsq's R2.
    rng = np.random.default_rng(1)
    z = rng.standard_normal((12, 2))
    labels = z[:, 0] + rng.standard_normal(12)
    design = np.c_[np.ones(12), z]
    residual = labels - design @ np.linalg.lstsq(design, labels, rcond=None)[0]
    plain = 1 - residual @ residual / np.sum((labels - labels.mean()) ** 2)
    expected = 1 - (1 - plain) * 11 / 9
    assert adjusted_r2(z, labels)[0] == pytest.approx(expected, rel=1e-10)
    # A NaN label removes its row before n is counted.
    with_nan = np.r_[labels, np.nan]
    assert adjusted_r2(np.r_[z, [[0.0, 0.0]]], with_nan)[0] == pytest.approx(
        expected, rel=1e-10
    )


def _adjusted_by_lstsq(regressors, response):
    n, k = regressors.shape
    design = np.c_[np.ones(n), regressors]
    residual = response - design @ np.linalg.lstsq(design, response, rcond=None)[0]
    plain = 1 - residual @ residual / np.sum((response - response.mean()) ** 2)
    return 1 - (1 - plain) * (n - 1) / (n - k - 1)


def test_pairwise_adjusted_r2_by_hand():
    # Pairs i < j of four rows: z_d = 1, 3, 6, 2, 5, 3 and l_d = 1, 2, 4, 1, 3, 2.
    z = np.array([0.0, 1.0, 3.0, 6.0])
    labels = np.array([0.0, 1.0, 2.0, 4.0])
    z_d = np.array([1.0, 3.0, 6.0, 2.0, 5.0, 3.0])
    l_d = np.array([1.0, 2.0, 4.0, 1.0, 3.0, 2.0])
    r = np.corrcoef(z_d, l_d)[0, 1]
    expected = 1 - (1 - r**2) * (6 - 1) / (6 - 1 - 1)
    r2, p = pairwise_adjusted_r2(z, labels)
    assert r2 == pytest.approx(expected, rel=1e-12)
    # Sxy = 32/3, Sxx = 52/3, Syy = 41/6: r^2 = 512/533, adjusted 2027/2132.
    assert r2 == pytest.approx(2027 / 2132, rel=1e-12)
    t = r * np.sqrt(4 / (1 - r**2))
    assert p == pytest.approx(2 * stats.t.sf(t, 4), rel=1e-9)


def test_pairwise_adjusted_r2_regresses_on_each_dimension_apart():
    # |l_i - l_j| ~ 1 + |z_i1 - z_j1| + |z_i2 - z_j2|: one slope per dimension, not
    # one on the Euclidean distance.
    rng = np.random.default_rng(2)
    z = rng.standard_normal((9, 2))
    labels = rng.standard_normal(9)
    first, second = np.triu_indices(9, k=1)
    expected = _adjusted_by_lstsq(
        np.abs(z[first] - z[second]), np.abs(labels[first] - labels[second])
    )
    assert pairwise_adjusted_r2(z, labels)[0] == pytest.approx(expected, rel=1e-10)


def test_spearman_on_pairs_and_projection_by_hand():
    # Euclidean latent distances of the pairs: 5, 10, 5; label distances 1, 3, 2.
    z = np.array([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0]])
    labels = np.array([1.0, 2.0, 4.0])
    rho, _ = spearman(z, labels, on="pairs")
    # Ranks (1.5, 3, 1.5) against (1, 3, 2): rho = 0.8660...
    assert rho == pytest.approx(stats.pearsonr([1.5, 3, 1.5], [1, 3, 2])[0])
    rho, _ = spearman(z[:, :1], -labels, on="projection")
    assert rho == pytest.approx(1.0)


def test_bhattacharyya_of_shifted_copy_by_hand():
    # Same cloud shifted by c along one dimension: 1/8 c^2 / var (ddof=1), and the
    # covariance terms cancel. The ridge adds 1e-6 of the mean variance.
    z = np.array([-1.0, 0.0, 1.0, 2.0, -2.0])  # var 2.5 with ddof=1
    shifted = z + 3.0
    assert bhattacharyya_distance(z, shifted) == pytest.approx(
        9 / 8 / (2.5 * (1 + 1e-6)), rel=1e-12
    )
    # Different spreads, equal means: 1/2 ln((s_a + s_b) / 2 / sqrt(s_a s_b)).
    wide = 2 * z  # var 10
    assert bhattacharyya_distance(z, wide, ridge=0.0) == pytest.approx(
        0.5 * np.log(6.25 / 5.0), rel=1e-12
    )


def test_pair_draws_default_to_20000_pairs_seeded_with_0():
    # 201 rows have 20,100 pairs: above the default, so pairs are drawn. The
    # documented defaults decide which ones, hence the values.
    rng = np.random.default_rng(4)
    z, labels = rng.standard_normal((201, 2)), rng.standard_normal(201)
    explicit = {"max_pairs": 20000, "random_state": 0}
    assert pairwise_adjusted_r2(z, labels) == pairwise_adjusted_r2(
        z, labels, **explicit
    )
    assert spearman(z, labels) == spearman(z, labels, on="pairs", **explicit)
    assert pairwise_adjusted_r2(z, labels) != pairwise_adjusted_r2(
        z, labels, max_pairs=20000, random_state=1
    )


def test_labels_of_any_numeric_kind_give_the_float_answer():
    # Labels become float64 first: None in a list is a missing label, and unsigned
    # integers do not wrap around when their pair differences are taken.
    z = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 9.0])
    assert adjusted_r2(z, [0, 2, 1, 3, 5, None])[0] == pytest.approx(28 / 37)
    z, labels = np.array([0.0, 1.0, 3.0, 6.0]), np.array([0, 1, 2, 4], dtype=np.uint8)
    assert pairwise_adjusted_r2(z, labels)[0] == pytest.approx(2027 / 2132)


def test_concordance_correlation_by_hand():
    # x = (1, 2, 3), y = (2, 2, 5): means 2 and 3, population variances 2/3 and 2,
    # covariance ((-1)(-1) + 0 + (1)(2)) / 3 = 1, so the CCC is
    # 2 * 1 / (2/3 + 2 + (2 - 3)^2) = 6 / 11 (Pearson's r is 1 / sqrt(4/3) = 0.87).
    assert concordance_correlation([1, 2, 3], [2, 2, 5]) == pytest.approx(6 / 11)
    # Reversed order: cov = -1/4, variances 1/4, same means: exactly -1.
    assert concordance_correlation([0, 1], [1, 0]) == pytest.approx(-1.0)
    # A shift of 1 keeps Pearson's r at 1 but costs the CCC: 2 (2/3) / (4/3 + 1).
    assert concordance_correlation([1, 2, 3], [2, 3, 4]) == pytest.approx(4 / 7)
    # A NaN on either side removes its pair before the moments are taken.
    assert concordance_correlation(
        [1, 2, np.nan, 3, 9], [2, 2, 7, 5, np.nan]
    ) == pytest.approx(6 / 11)


def test_concordance_correlation_of_identical_constants_is_one():
    assert concordance_correlation([3.0, 3.0, 3.0], [3.0, 3.0, 3.0]) == 1.0
    # Unequal constants: no covariance, a mean difference: 0.
    assert concordance_correlation([3.0, 3.0], [4.0, 4.0]) == 0.0


def test_concordance_correlation_refuses_what_it_cannot_score():
    with pytest.raises(ValueError, match="y_true has 3 values but y_pred has 2"):
        concordance_correlation([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="at least 2 pairs with both values, got 1"):
        concordance_correlation([1, np.nan, 3], [1, 2, np.nan])


def test_readout_concordance_of_a_noisy_line_by_hand():
    # The line of test_adjusted_r2_of_a_noisy_line_by_hand: slope 11/10, intercept
    # 0, fitted values 1.1 z with mean 2.2 = mean(labels). Population variances:
    # fitted 1.21 * 2 = 2.42, labels 14.8 / 5 = 2.96; covariance 1.1 * 11 / 5 =
    # 2.42. CCC = 2 * 2.42 / (2.42 + 2.96) = 242 / 269.
    z = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    labels = np.array([0.0, 2.0, 1.0, 3.0, 5.0])
    assert readout_concordance(z, labels) == pytest.approx(242 / 269, rel=1e-12)
    # The read-out is refitted on the labelled rows only.
    assert readout_concordance(np.r_[z, 9.0], np.r_[labels, np.nan]) == (
        pytest.approx(242 / 269, rel=1e-12)
    )
