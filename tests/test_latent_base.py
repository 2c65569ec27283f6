"""The shared base of the latent models: bad input stops early and says why."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
import torch

from skser import DAE, VAE, ClusterDAE, ClusterVAE, MetricDAE, MultiTaskAAE
from skser.nn import _training
from skser.utils import resolve_device

FAST = {"max_epochs": 2, "random_state": 0, "hidden_layer_sizes": (8,)}


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 6))
    y = pd.DataFrame(
        {
            "activation": rng.uniform(1, 5, 60),
            "emotion": np.array(["angry", "sad", "happy"])[np.arange(60) % 3],
        }
    )
    return X, y


def test_extreme_feature_value_stops_training_naming_epoch_and_term(data):
    X, _ = data
    X[3, 2] = 1e30  # finite in float32, but its square is not
    with pytest.raises(
        FloatingPointError, match=r"reconstruction loss is inf in epoch 1"
    ):
        DAE(**FAST).fit(X)
    with pytest.raises(FloatingPointError, match="Check X for extreme values"):
        VAE(**FAST).fit(X)


def test_extreme_target_value_stops_training_in_the_metric_term(data):
    X, y = data
    y.loc[5, "activation"] = 1e30
    with pytest.raises(
        FloatingPointError, match=r"metric loss is (nan|inf) in epoch 1"
    ):
        MetricDAE(target="activation", **FAST).fit(X, y)


@pytest.mark.parametrize("bad", [np.inf, -np.inf, 1e300])
def test_infinite_targets_are_refused_naming_the_column(data, bad):
    X, y = data
    y.loc[7, "activation"] = bad  # 1e300 becomes inf in float32
    with pytest.raises(ValueError, match="target column 'activation' holds 1 infinite"):
        MetricDAE(target="activation", **FAST).fit(X, y)


@pytest.mark.parametrize(
    ("model", "column"),
    [
        (MetricDAE(target="activation", **FAST), "activation"),
        (ClusterDAE(target="emotion", **FAST), "emotion"),
        (ClusterVAE(target="emotion", **FAST), "emotion"),
    ],
    ids=lambda value: getattr(type(value), "__name__", value),
)
def test_fewer_than_two_labelled_rows_warn_naming_model_and_column(data, model, column):
    X, y = data
    y[column] = None
    y.loc[4, column] = y.loc[5, column] = 2.0 if column == "activation" else "sad"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # two labelled rows: no warning
        model.fit(X, y)
    y.loc[5, column] = None
    name = type(model).__name__
    with pytest.warns(UserWarning, match=rf"{name}: only 1 row\(s\) of target column "):
        model.fit(X, y)


def test_auxiliary_head_without_labels_warns(data):
    X, y = data
    y["speaker"] = np.nan
    with pytest.warns(UserWarning, match="MultiTaskAAE: only 0 row.*'speaker'"):
        MultiTaskAAE({"emotion": 1.0, "speaker": 0.5}, max_epochs=1).fit(X, y)


@pytest.mark.parametrize(
    ("device", "match"),
    [("gpu", "device='gpu' is not a torch device"), ("cuda", "is not available")],
)
def test_device_is_validated_in_fit(data, device, match):
    if device == "cuda" and torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    model = DAE(device=device, **FAST)  # __init__ stores it unchanged
    with pytest.raises(ValueError, match=match):
        model.fit(data[0])


def test_auto_device_takes_cuda_when_there_is_one(monkeypatch, data):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto", "DAE") == "cpu"
    model = DAE(device="auto", **FAST).fit(data[0])
    assert str(model.net_.device) == "cpu"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto", "DAE") == "cuda"


def test_heads_read_their_columns_with_nan_per_head(data):
    X, y = data
    y["speaker"] = np.array(["s1", "s2", None, "s3"] * 15, dtype=object)
    model = MultiTaskAAE({"emotion": 1.0, "speaker": 0.5}, max_epochs=1)
    targets = model._targets(y, len(y))
    assert targets.shape == (60, 2)
    assert model.head_columns_ == {"emotion": slice(0, 1), "speaker": slice(1, 2)}
    np.testing.assert_array_equal(targets[:4, 0], [0, 2, 1, 0])  # angry sad happy
    np.testing.assert_array_equal(targets[:4, 1], [0, 1, -1, 2])  # s1 s2 - s3
    assert list(model.head_classes_["speaker"]) == ["s1", "s2", "s3"]


def test_transform_copies_the_module_once_per_state_of_the_weights(data):
    X, _ = data
    model = DAE(**FAST).fit(X)
    codes = model.transform(X)
    copies = model.net_._inference_modules
    (encoder,) = (module for _, module in copies.values())
    model.transform(X[:5])
    assert copies[torch.float64, None][1] is encoder
    # Weights changed in place (as further training does): a new copy, new codes.
    with torch.no_grad():
        model.net_.module_.encoder[0].bias.add_(1.0)
    assert not np.allclose(model.transform(X), codes)
    assert copies[torch.float64, None][1] is not encoder
    # Pickles without the copy, and remakes it.
    restored = pickle.loads(pickle.dumps(model))
    assert not hasattr(restored.net_, "_inference_modules")
    np.testing.assert_array_equal(restored.transform(X), model.transform(X))


def test_transform_in_chunks_gives_the_codes_of_one_pass(data, monkeypatch):
    X, y = data
    model = MetricDAE(target="activation", **FAST).fit(X, y)
    whole = model.transform(X)
    monkeypatch.setattr(_training, "_CHUNK_ROWS", 7)  # 60 rows: 9 chunks
    np.testing.assert_array_equal(model.transform(X), whole)
    assert model.transform(X.astype(np.float32)).dtype == np.float32
