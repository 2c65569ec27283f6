"""Training noise of the latent models: applied, at the estimator's level."""

import numpy as np
import pytest
import torch

from skser import DAE, MetricDAE
from skser.nn import AutoEncoder

TINY = {"hidden_layer_sizes": (6,), "max_epochs": 3, "batch_size": 16,
        "random_state": 0}  # fmt: skip


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 8)).astype(np.float32)
    return X, X[:, 0] + 0.1 * rng.standard_normal(64)


@pytest.mark.parametrize("model", [DAE, MetricDAE])
def test_noise_changes_the_codes_of_a_seeded_fit(model, data):
    X, activation = data
    quiet = model(noise_std=0.0, **TINY).fit(X, activation)
    noisy = model(noise_std=1.0, **TINY).fit(X, activation)
    again = model(noise_std=1.0, **TINY).fit(X, activation)
    np.testing.assert_array_equal(noisy.transform(X), again.transform(X))
    # Same seed, same initial weights and batches: only the noise differs.
    assert np.abs(noisy.transform(X) - quiet.transform(X)).max() > 1e-3
    assert quiet.net_.module_.noise_std == 0.0
    assert noisy.net_.module_.noise_std == 1.0


def test_the_trained_module_gets_the_estimators_noise_level(data):
    X, _ = data
    assert DAE(noise_std=0.37, **TINY).fit(X).net_.module_.noise_std == 0.37


def test_corruption_has_the_requested_standard_deviation():
    module = AutoEncoder(50, hidden_layer_sizes=(4,), noise_std=0.37).train()
    X = torch.full((400, 50), 2.0, dtype=torch.float64)
    torch.manual_seed(0)
    noise = module.corrupt(X) - X
    # 20,000 draws: the sample std is within 2% of 0.37, the mean near 0.
    assert noise.std().item() == pytest.approx(0.37, rel=0.02)
    assert abs(noise.mean().item()) < 0.01
    assert torch.equal(module.eval().corrupt(X), X)
