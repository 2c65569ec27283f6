import pickle
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from skser import DenseLSTMHighwayClassifier, RawCNNLSTMClassifier
from skser.neural_network import (
    DenseLSTMHighway,
    Highway,
    RawCNNLSTM,
    highway,
)
from skser.neural_network import mixup as old_mixup
from skser.neural_network._training import _MixupNet
from skser.nn import mixup

finite = st.floats(-100, 100, allow_nan=False, width=32)


# -- pure functions ---------------------------------------------------------------


@given(arrays(np.float32, 5, elements=finite), arrays(np.float32, 5, elements=finite))
def test_highway_gate_closed_is_identity_open_is_transform(x, h):
    x, h = torch.from_numpy(x), torch.from_numpy(h)
    assert torch.equal(highway(x, h, torch.zeros(5)), x)
    assert torch.equal(highway(x, h, torch.ones(5)), h)


def test_highway_layer_starts_near_identity():
    layer = Highway(3)
    torch.nn.init.zeros_(layer.transform.weight)
    torch.nn.init.constant_(layer.transform.bias, 1.0)
    torch.nn.init.zeros_(layer.gate.weight)
    x = torch.tensor([[2.0, -1.0, 0.0]])
    gate = 1 / (1 + np.exp(2.0))  # sigmoid of the initial gate bias, -2
    expected = gate * 1.0 + (1 - gate) * x
    torch.testing.assert_close(layer(x), expected)


@given(arrays(np.float32, (4, 3), elements=finite), st.permutations(range(4)))
def test_mixup_weight_one_keeps_the_batch(X, permutation):
    X = torch.from_numpy(X)
    assert torch.equal(mixup(X, X[torch.tensor(permutation)], 1.0), X)


@given(arrays(np.float64, (4, 3), elements=finite), st.floats(0, 1))
def test_mixup_is_a_convex_combination_of_two_rows(X, weight):
    X = torch.from_numpy(X)
    permutation = torch.tensor([1, 0, 3, 2])
    mixed = mixup(X, X[permutation], weight)
    torch.testing.assert_close(mixed[0], weight * X[0] + (1 - weight) * X[1])
    # the batch mean is kept: each row is used once with each weight
    torch.testing.assert_close(mixed.mean(0), X.mean(0))


def test_mixup_weighs_whole_rows_of_spectrograms():
    # One weight per row of a batch of (2, 2, 3) spectrograms: each row's weight
    # applies to all of its values, whatever the rank.
    mixed = mixup(torch.ones(2, 2, 3), torch.zeros(2, 2, 3), torch.tensor([1.0, 0.25]))
    torch.testing.assert_close(mixed[0], torch.ones(2, 3))
    torch.testing.assert_close(mixed[1], torch.full((2, 3), 0.25))
    # one weight for the batch, as a 0-d tensor (Beta(alpha, alpha).sample())
    torch.testing.assert_close(
        mixup(torch.full((2, 4), 4.0), torch.zeros(2, 4), torch.tensor(0.75)),
        torch.full((2, 4), 3.0),
    )


def test_the_old_mixup_warns_and_gives_the_one_mixup():
    X = torch.tensor([[0.0], [4.0]])
    with pytest.warns(FutureWarning) as caught:
        mixed = old_mixup(X, torch.tensor([1, 0]), 0.75)
    message = str(caught[0].message)
    assert "skser.nn.mixup(X, X[permutation], weight)" in message
    assert "removed in 0.6" in message
    torch.testing.assert_close(mixed, torch.tensor([[1.0], [3.0]]))


# -- modules ------------------------------------------------------------------------


def test_raw_cnn_lstm_frames_follow_the_stride():
    module = RawCNNLSTM(n_classes=3)
    seen = {}

    def record(mod, inputs, output):
        seen["x"] = inputs[0].shape

    module.lstm.register_forward_hook(record)
    logits = module(torch.zeros(2, 16000))
    assert logits.shape == (2, 3)
    # 16000 samples, stride 160, padding k/2: 101 frames; pool 2 -> 50; the
    # 2x2 conv -> 49 and pool 2 -> 24 steps of 32 filters x 59 rows
    # ((120 - 1) // 2).
    assert seen["x"] == (2, 24, 32 * 59)


def test_raw_cnn_lstm_pads_short_waveforms():
    module = RawCNNLSTM(n_classes=2, sampling_rate=1000).eval()
    short = torch.randn(1, 7)
    padded = torch.nn.functional.pad(short, (0, module.min_samples - 7))
    torch.testing.assert_close(module(short), module(padded))


@pytest.mark.parametrize(
    "params, lstm, highway_layers",
    [({}, True, 2), ({"lstm": False}, False, 2), ({"highway": False}, True, 0)],
)
def test_dense_ablations_change_the_architecture(params, lstm, highway_layers):
    module = DenseLSTMHighway(n_classes=4, **params)
    assert (module.lstm is not None) == lstm
    n_highway = sum(isinstance(m, Highway) for m in module.modules())
    assert n_highway == highway_layers
    assert module(torch.zeros(2, 8000)).shape == (2, 4)


def test_dense_rejects_too_few_mels():
    with pytest.raises(ValueError, match="n_mels=8 is too few"):
        DenseLSTMHighway(n_classes=2, n_mels=8)


def test_cnn_backbone_has_no_dense_layers():
    module = DenseLSTMHighway(n_classes=2, backbone="cnn")
    assert not any(type(m).__name__ == "_DenseLayer" for m in module.modules())


# -- estimators -----------------------------------------------------------------------

TINY_RAW = {"sampling_rate": 1000, "batch_size": 8}
TINY_DENSE = {"sampling_rate": 4000, "n_mels": 16, "batch_size": 8}


@pytest.fixture(scope="module")
def tones():
    """Two classes of 0.3 s tones: low and high pitch, with noise."""
    rng = np.random.default_rng(0)
    t = np.arange(1200) / 4000
    low = [np.sin(2 * np.pi * rng.uniform(100, 200) * t) for _ in range(8)]
    high = [np.sin(2 * np.pi * rng.uniform(800, 1200) * t) for _ in range(8)]
    X = 0.5 * np.array(low + high) + 0.05 * rng.standard_normal((16, t.size))
    y = np.array(["low"] * 8 + ["high"] * 8)
    return X.astype(np.float32), y


@pytest.mark.parametrize(
    "make",
    [
        lambda **kw: RawCNNLSTMClassifier(lr=1e-3, **TINY_RAW, **kw),
        lambda **kw: DenseLSTMHighwayClassifier(mixup_alpha=0, **TINY_DENSE, **kw),
    ],
    ids=["raw", "dense"],
)
def test_loss_falls_and_seed_is_bit_for_bit(make, tones):
    X, y = tones
    first = make(max_epochs=5, random_state=3).fit(X, y)
    losses = first.history_[:, "train_loss"]
    assert losses[-1] < losses[0]
    second = make(max_epochs=5, random_state=3).fit(X, y)
    for a, b in zip(
        first.net_.module_.state_dict().values(),
        second.net_.module_.state_dict().values(),
        strict=True,
    ):
        assert torch.equal(a, b)
    np.testing.assert_array_equal(first.predict_proba(X), second.predict_proba(X))
    other = make(max_epochs=1, random_state=4).fit(X, y)
    assert not np.array_equal(
        other.predict_proba(X), make(max_epochs=1, random_state=3).fit(X, y)
        .predict_proba(X)
    )  # fmt: skip


def test_pickled_classifier_predicts_the_same(tones):
    X, y = tones
    clf = DenseLSTMHighwayClassifier(max_epochs=1, random_state=0, **TINY_DENSE)
    clf.fit(X, y)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict_proba(X), clf.predict_proba(X))
    np.testing.assert_array_equal(again.classes_, ["high", "low"])


def test_balanced_class_weights_are_inverse_to_frequency():
    X = np.zeros((4, 100), dtype=np.float32)
    clf = RawCNNLSTMClassifier(max_epochs=1, random_state=0, **TINY_RAW)
    clf.fit(X, ["a", "a", "a", "b"])
    # n / (n_classes * count): 4 / (2 * 3) and 4 / (2 * 1)
    torch.testing.assert_close(clf.net_.criterion_.weight, torch.tensor([2 / 3, 2.0]))
    clf.set_params(class_weight=None).fit(X, ["a", "a", "a", "b"])
    assert clf.net_.criterion_.weight is None


def test_mixup_step_with_weight_one_is_the_plain_step(monkeypatch):
    torch.manual_seed(0)
    X = torch.randn(6, 400)
    y = torch.tensor([0, 1, 0, 1, 0, 1])

    def step(alpha):
        net = _MixupNet(
            RawCNNLSTM,
            module__n_classes=2,
            module__sampling_rate=1000,
            module__dropout=0.0,  # no random masks: the steps see the same net
            criterion=torch.nn.CrossEntropyLoss,
            mixup_alpha=alpha,
            train_split=None,
        ).initialize()
        torch.manual_seed(1)
        net.module_.load_state_dict(reference)
        return net.train_step_single((X, y))["loss"]

    reference = RawCNNLSTM(2, sampling_rate=1000, dropout=0.0).state_dict()
    plain = step(0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)  # the step calls no old name
        monkeypatch.setattr(
            torch.distributions.Beta, "sample", lambda self: torch.tensor(1.0)
        )
        torch.testing.assert_close(step(0.4), plain)
        monkeypatch.setattr(
            torch.distributions.Beta, "sample", lambda self: torch.tensor(0.5)
        )
        assert not torch.allclose(step(0.4), plain)


def test_bad_input_is_named():
    clf = RawCNNLSTMClassifier(max_epochs=1, **TINY_RAW)
    with pytest.raises(ValueError, match="n_samples=1"):
        clf.fit(np.zeros((1, 100)), ["a"])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        clf.fit(np.zeros((3, 100)), ["a", "b"])
    clf.fit(np.zeros((4, 100)), ["a", "b"] * 2)
    with pytest.raises(ValueError, match="100 features"):
        clf.predict(np.zeros((2, 50)))
    with pytest.raises(
        ValueError, match="needs the column 'emotion', but y is a 2-D array"
    ):
        clf.fit(np.zeros((4, 100)), np.zeros((4, 2)))
