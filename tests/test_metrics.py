import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skser.metrics import (
    adjusted_r2,
    bhattacharyya_distance,
    gaussian_bhattacharyya,
    pairwise_adjusted_r2,
    spearman,
)


def test_exact_linear_relation_gives_r2_one():
    rng = np.random.default_rng(0)  # one generator per test: order-free
    z = rng.standard_normal((50, 2))
    labels = 3 * z[:, 0] - z[:, 1] + 2
    r2, p = adjusted_r2(z, labels)
    assert r2 == pytest.approx(1.0)
    assert p < 1e-10


def test_independent_noise_gives_r2_near_zero():
    rng = np.random.default_rng(1)
    r2, p = adjusted_r2(rng.standard_normal((3000, 2)), rng.standard_normal(3000))
    assert abs(r2) < 0.01
    assert p > 0.001


def test_nan_labels_are_left_out():
    z = np.arange(10.0)
    labels = 2 * z
    labels[3] = np.nan
    assert adjusted_r2(z, labels)[0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="z has 10 rows but labels has 9"):
        adjusted_r2(z, labels[:9])


def test_pairwise_r2_of_exact_distances_is_one():
    rng = np.random.default_rng(2)
    z = rng.standard_normal(40)
    labels = 2.5 * z  # |l_i - l_j| = 2.5 |z_i - z_j|
    r2, _ = pairwise_adjusted_r2(z, labels)
    assert r2 == pytest.approx(1.0)
    noise_r2, _ = pairwise_adjusted_r2(rng.standard_normal((300, 2)), rng.random(300))
    assert abs(noise_r2) < 0.02


def test_pairs_are_subsampled_reproducibly():
    rng = np.random.default_rng(3)
    z, labels = rng.standard_normal((500, 2)), rng.random(500)
    first = pairwise_adjusted_r2(z, labels, max_pairs=1000, random_state=3)
    assert pairwise_adjusted_r2(z, labels, max_pairs=1000, random_state=3) == first
    assert pairwise_adjusted_r2(z, labels, max_pairs=1000, random_state=4) != first


def test_spearman_pairs_and_projection():
    rng = np.random.default_rng(4)
    z = rng.standard_normal((60, 2))
    labels = np.exp(z[:, 0])  # monotone in z[:, 0], not linear
    rho, _ = spearman(z[:, :1], labels, on="pairs")
    assert rho > 0.8
    rho, _ = spearman(z, labels, on="projection")
    assert rho > 0.9
    rho, _ = spearman(-z[:, :1], np.log(labels), on="projection")
    assert rho == pytest.approx(1.0)  # the OLS projection flips the sign itself
    with pytest.raises(ValueError, match="on must be"):
        spearman(z, labels, on="rows")


def test_bhattacharyya_known_gaussians():
    rng = np.random.default_rng(5)
    mean_a, mean_b = np.array([0.0, 1.0]), np.array([1.0, -1.0])
    cov_a = np.array([[1.0, 0.3], [0.3, 2.0]])
    cov_b = np.array([[0.5, 0.0], [0.0, 1.0]])
    cov = (cov_a + cov_b) / 2
    d = mean_a - mean_b
    expected = d @ np.linalg.inv(cov) @ d / 8 + 0.5 * np.log(
        np.linalg.det(cov) / np.sqrt(np.linalg.det(cov_a) * np.linalg.det(cov_b))
    )
    assert gaussian_bhattacharyya(mean_a, cov_a, mean_b, cov_b) == pytest.approx(
        expected
    )
    # Samples of the same Gaussians approach the closed form.
    sample_a = rng.multivariate_normal(mean_a, cov_a, 200000)
    sample_b = rng.multivariate_normal(mean_b, cov_b, 200000)
    assert bhattacharyya_distance(sample_a, sample_b) == pytest.approx(
        expected, rel=0.02
    )


@given(seed=st.integers(0, 10_000), shift=st.floats(0.1, 5.0))
def test_bhattacharyya_zero_for_identical_and_grows_with_shift(seed, shift):
    z = np.random.default_rng(seed).standard_normal((50, 2))
    assert bhattacharyya_distance(z, z) == pytest.approx(0.0, abs=1e-12)
    near = bhattacharyya_distance(z, z + shift / 2)
    far = bhattacharyya_distance(z, z + shift)
    assert 0 < near < far


def test_bhattacharyya_survives_a_collapsed_dimension():
    rng = np.random.default_rng(6)
    z = np.c_[rng.standard_normal(30), np.zeros(30)]
    assert np.isfinite(bhattacharyya_distance(z, z + [1.0, 0.0]))
    with pytest.raises(ValueError, match="differ in width"):
        bhattacharyya_distance(z, z[:, :1])
