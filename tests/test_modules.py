import pytest
import torch

from skser.nn import AutoEncoder, VariationalAutoEncoder, mlp


def test_mlp_shapes_and_activations():
    net = mlp((88, 40, 20, 2))
    assert [m.out_features for m in net if isinstance(m, torch.nn.Linear)] == [
        40,
        20,
        2,
    ]
    assert not isinstance(net[-1], torch.nn.ReLU)
    assert isinstance(mlp((3, 2), final_activation=True)[-1], torch.nn.ReLU)
    with pytest.raises(ValueError, match="two or more positive widths"):
        mlp((5,))


def test_autoencoder_noise_only_in_training():
    torch.manual_seed(0)
    model = AutoEncoder(88, noise_std=1.0)
    X = torch.randn(16, 88)
    reconstruction, z = model(X)
    assert reconstruction.shape == (16, 88) and z.shape == (16, 2)
    model.eval()
    assert torch.equal(model(X)[1], model(X)[1])  # deterministic
    assert torch.equal(model(X)[1], model.encode(X))
    model.train()
    assert not torch.equal(model(X)[1], model(X)[1])  # noisy


def test_vae_uses_mean_at_evaluation():
    torch.manual_seed(0)
    model = VariationalAutoEncoder(10, hidden_layer_sizes=(8,), latent_dim=3)
    X = torch.randn(5, 10)
    reconstruction, mu, logvar, z = model(X)
    assert reconstruction.shape == (5, 10)
    assert mu.shape == logvar.shape == z.shape == (5, 3)
    assert not torch.equal(z, mu)  # a sample in training mode
    model.eval()
    assert torch.equal(model.encode(X), model.posterior(X)[0])
    first, second = model(X)[0], model(X)[0]
    assert torch.equal(first, second)
    assert torch.equal(model(X)[3], model(X)[1])  # z is the mean
    model.train()
    assert not torch.equal(model(X)[0], model(X)[0])  # sampled z
