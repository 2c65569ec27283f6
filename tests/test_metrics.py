import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skser.metrics import (
    adjusted_r2,
    bhattacharyya_distance,
    concordance_correlation,
    gaussian_bhattacharyya,
    pairwise_adjusted_r2,
    readout_concordance,
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


_series = st.lists(
    st.floats(-1e3, 1e3, allow_nan=False), min_size=2, max_size=30
).filter(lambda values: np.ptp(values) > 1e-3)


@given(_series, st.data())
def test_concordance_correlation_properties(x, data):
    x = np.asarray(x)
    y = np.asarray(
        data.draw(
            st.lists(
                st.floats(-1e3, 1e3, allow_nan=False), min_size=len(x), max_size=len(x)
            )
        )  # fmt: skip
    )
    ccc = concordance_correlation(x, y)
    assert -1 - 1e-9 <= ccc <= 1 + 1e-9
    assert concordance_correlation(y, x) == pytest.approx(ccc, abs=1e-9)
    assert concordance_correlation(x, x) == pytest.approx(1.0)
    # Never above Pearson's |r|: location and scale differences only cost.
    if np.ptp(y) > 1e-3:
        assert abs(ccc) <= abs(np.corrcoef(x, y)[0, 1]) + 1e-9
    # The same affine change of both series changes nothing (units do not matter).
    assert concordance_correlation(2.5 * x - 7, 2.5 * y - 7) == pytest.approx(
        ccc, abs=1e-9
    )
    # A mirror image about the mean reverses the agreement: -1.
    assert concordance_correlation(x, 2 * x.mean() - x) == pytest.approx(-1.0)


@given(_series, st.floats(-5, 5), st.floats(0.1, 10))
def test_concordance_correlation_penalises_a_shift_and_a_scale(x, shift, scale):
    x = np.asarray(x)
    # Against a shifted copy: 2 var / (2 var + shift^2) (Lin 1989, Eq. 2b).
    variance = np.var(x)
    assert concordance_correlation(x, x + shift) == pytest.approx(
        2 * variance / (2 * variance + shift**2), rel=1e-6
    )
    # Against a scaled copy about the mean: 2 s / (1 + s^2).
    scaled = x.mean() + scale * (x - x.mean())
    assert concordance_correlation(x, scaled) == pytest.approx(
        2 * scale / (1 + scale**2), rel=1e-6
    )


@given(st.integers(0, 2**32 - 1), st.integers(8, 60), st.integers(1, 3))
def test_readout_concordance_is_the_ccc_scale_of_the_plain_r2(seed, n, dims):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, dims))
    labels = z @ rng.standard_normal(dims) + rng.standard_normal(n)
    design = np.c_[np.ones(n), z]
    residual = labels - design @ np.linalg.lstsq(design, labels, rcond=None)[0]
    r2 = 1 - residual @ residual / np.sum((labels - labels.mean()) ** 2)
    assert readout_concordance(z, labels) == pytest.approx(2 * r2 / (1 + r2), rel=1e-8)
