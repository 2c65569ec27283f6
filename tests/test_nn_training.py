"""The skorch training kit: seeding, settings, float64 inference, recorded terms."""

import pickle

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.exceptions import NotFittedError

from skser import (
    DAE,
    VAE,
    DenseLSTMHighwayClassifier,
    MetricDAE,
    MixupGANAugmenter,
    MultiTaskAAE,
    RawCNNLSTMClassifier,
)
from skser.nn import (
    AdversarialNet,
    TermsNet,
    TrainingNet,
    TrainingNetMixin,
    _training,
    fused_adam,
    inference_module,
    net_settings,
    predict_in_chunks,
    seeded_fit,
    validation_settings,
)
from skser.utils import forked_random_state

FAST = {"max_epochs": 3, "random_state": 0, "hidden_layer_sizes": (8,)}


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((70, 5))
    y = pd.DataFrame(
        {
            "activation": rng.uniform(1, 5, 70),
            "emotion": np.array(["angry", "sad"])[np.arange(70) % 2],
        }
    )
    return X, y


def test_seeded_fit_repeats_the_validation_split_and_leaves_global_state(data):
    X, y = data
    model = MetricDAE("activation", validation_fraction=0.3, patience=2, **FAST)
    np.random.seed(123)
    numpy_before = np.random.get_state()[1].copy()
    torch_before = torch.random.get_rng_state()
    first = model.fit(X, y)
    codes, valid = first.transform(X), list(first.history_[:, "valid_loss"])
    # skorch draws the split from numpy's global generator: seeded from
    # random_state, restored afterwards.
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_before)
    assert torch.equal(torch.random.get_rng_state(), torch_before)
    np.random.seed(7)  # another global state: the same fit
    second = model.fit(X, y)
    np.testing.assert_array_equal(second.transform(X), codes)
    assert list(second.history_[:, "valid_loss"]) == valid


def test_terms_are_batch_size_weighted_epoch_means(data):
    X, _ = data
    # 70 rows in batches of 32: 32, 32 and 6 rows; skorch's train_loss is the
    # batch-size weighted mean, and the one term must be recorded as that mean.
    model = DAE(batch_size=32, noise_std=0.0, **FAST).fit(X)
    history = model.history_
    np.testing.assert_allclose(
        history[:, "train_reconstruction"], history[:, "train_loss"], rtol=1e-6
    )
    assert [len(epoch["batches"]) for epoch in history] == [3, 3, 3]


def test_every_torch_estimator_trains_on_the_kit(data):
    X, y = data
    nets = {
        "latent": DAE(**FAST).fit(X).net_,
        "aae": MultiTaskAAE({"emotion": 1.0}, max_epochs=1).fit(X, y).net_,
        "gan": MixupGANAugmenter(max_epochs=1, random_state=0)
        .fit(X, y["emotion"])
        .net_,
    }
    assert isinstance(nets["latent"], TermsNet)  # DomainNet: + a domain head
    assert type(nets["aae"]) is AdversarialNet
    assert type(nets["gan"]) is AdversarialNet
    waveforms = np.random.default_rng(0).standard_normal((8, 400)).astype(np.float32)
    nets["end-to-end"] = (
        RawCNNLSTMClassifier(
            sampling_rate=1000, max_epochs=1, early_stopping=False, random_state=0
        )
        .fit(waveforms, ["sad", "angry"] * 4)
        .net_
    )
    for name, net in nets.items():
        if name != "end-to-end":  # a skorch NeuralNetClassifier, with the mixin
            assert isinstance(net, TrainingNet)
        assert isinstance(net, TrainingNetMixin)
        # Idle callbacks left out: no validation split, verbose=0.
        names = {name for name, _ in net.callbacks_}
        assert not names & {"valid_loss", "valid_acc", "print_log"}


def test_inference_module_is_a_cached_copy_per_dtype_and_device(data):
    X, _ = data
    net = DAE(**FAST).fit(X).net_
    net.module_.train()
    double = inference_module(net)
    single = inference_module(net, torch.float32, "cpu")
    assert double is not single and double is inference_module(net)
    assert next(double.parameters()).dtype == torch.float64
    assert next(single.parameters()).dtype == torch.float32
    assert not double.training and not single.training
    # The trained module itself is left as it was.
    assert net.module_.training
    assert next(net.module_.parameters()).dtype == torch.float32


def test_predict_in_chunks_gives_the_values_of_one_pass(monkeypatch):
    module = torch.nn.Linear(2, 1)
    with torch.no_grad():
        module.weight.copy_(torch.tensor([[2.0, -1.0]]))
        module.bias.fill_(0.5)
    net = TrainingNet(module, criterion=torch.nn.MSELoss).initialize()
    net.module_ = module
    X = np.array([[1.0, 1.0], [0.0, 3.0], [0.1, 0.0]])
    monkeypatch.setattr(_training, "_CHUNK_ROWS", 2)  # 3 rows: 2 chunks
    out = predict_in_chunks(net, X, lambda m, x: m(x))
    # 2 - 1 + 0.5, 0 - 3 + 0.5, 0.2 + 0.5, in float64 (0.7 is not a float32 value)
    np.testing.assert_array_equal(out[:, 0], [1.5, -2.5, 0.2 + 0.5])
    assert out.dtype == np.float64


def test_net_settings_read_the_training_parameters():
    model = MetricDAE(
        "activation", max_epochs=7, batch_size=16, lr=0.01, verbose=1, patience=3
    )
    settings = net_settings(model, "cpu")
    assert settings["optimizer"] is torch.optim.Adam
    assert settings["optimizer__fused"] is True
    assert (settings["max_epochs"], settings["batch_size"], settings["lr"]) == (
        7,
        16,
        0.01,
    )
    assert settings["verbose"] == 1 and settings["iterator_train__shuffle"]
    assert settings["train_split"] is None
    ((name, stopping),) = settings["callbacks"]
    assert name == "early_stopping" and stopping.monitor == "train_loss"
    assert stopping.patience == 3
    files = net_settings(model, "cpu", tensor_batches=False, fused=False)
    assert "iterator_train" not in files and "optimizer__fused" not in files
    rmsprop = net_settings(model, "cpu", optimizer=torch.optim.RMSprop)
    assert rmsprop["optimizer"] is torch.optim.RMSprop
    assert "optimizer__fused" not in rmsprop  # fused is Adam's kernel


def test_net_settings_take_an_estimators_own_validation():
    split, callbacks = object(), [("early_stopping", object())]
    model = MetricDAE("activation", validation_fraction=0.5, patience=3)
    settings = net_settings(
        model, "cpu", validation={"train_split": split, "callbacks": callbacks}
    )
    # the estimator's own split and callbacks, not validation_fraction's
    assert settings["train_split"] is split and settings["callbacks"] is callbacks
    assert net_settings(model, "cpu", validation={})["train_split"] is None
    with pytest.raises(
        ValueError, match=r"'train_split' and 'callbacks', got \['lr'\]"
    ):
        net_settings(model, "cpu", validation={"lr": 0.1})


def test_seeded_fit_takes_the_seed_the_fit_drew_and_draws_no_other():
    X = torch.randn(16, 3)
    dataset = torch.utils.data.TensorDataset(X, X)

    def net():
        return TrainingNet(
            torch.nn.Linear, module__in_features=3, module__out_features=3,
            criterion=torch.nn.MSELoss, max_epochs=2, batch_size=4,
            iterator_train__shuffle=True, train_split=None,
        )  # fmt: skip

    random_state = np.random.RandomState(0)
    before = random_state.get_state()[1].copy()
    given = seeded_fit(net(), dataset, random_state, seed=11)
    # the seed is used as given; the estimator's RandomState is not drawn again
    np.testing.assert_array_equal(random_state.get_state()[1], before)
    with forked_random_state(11, numpy=True):
        by_hand = net().fit(dataset, None)
    for a, b in zip(
        given.module_.parameters(), by_hand.module_.parameters(), strict=True
    ):
        assert torch.equal(a, b)


def test_adam_is_fused_only_where_torch_has_the_kernel():
    assert fused_adam("cpu") == {"optimizer__fused": True}
    assert fused_adam("cuda:1") == {"optimizer__fused": True}
    assert fused_adam("mps") == {}


def test_validation_split_monitors_the_held_out_loss():
    settings = validation_settings(0.25, 4)
    assert settings["train_split"].cv == 0.25
    assert not settings["train_split"].stratified
    assert settings["callbacks"][0][1].monitor == "valid_loss"
    assert validation_settings(0.25, None)["callbacks"] == []


@pytest.mark.parametrize("model", [DAE(), RawCNNLSTMClassifier()], ids=["DAE", "raw"])
def test_history_needs_a_fit(model):
    with pytest.raises(NotFittedError):
        model.history_  # noqa: B018 (the property raises)


def test_end_to_end_predictions_come_from_one_cached_float64_copy():
    waveforms = np.random.default_rng(0).standard_normal((8, 800)).astype(np.float32)
    clf = DenseLSTMHighwayClassifier(
        sampling_rate=4000, n_mels=16, batch_size=4, max_epochs=1, random_state=0
    ).fit(waveforms, ["sad", "angry"] * 4)
    first = clf.predict_proba(waveforms)
    ((key, (_, module)),) = clf.net_._inference_modules.items()
    assert key == (torch.float64, None) and not module.training
    np.testing.assert_array_equal(clf.predict_proba(waveforms), first)
    assert clf.net_._inference_modules[key][1] is module  # not copied again
    # a row's prediction does not depend on its neighbours: float64 agrees to
    # rounding (BLAS may block another batch differently); float32 would not
    np.testing.assert_allclose(clf.predict_proba(waveforms[3:5]), first[3:5],
                               rtol=1e-12, atol=0)  # fmt: skip


def test_gan_draws_from_one_cached_cpu_copy_per_state_of_the_weights(data):
    X, y = data
    gan = MixupGANAugmenter(max_epochs=1, generator_sizes=(8,), random_state=0)
    gan.fit(X, y["emotion"])
    first = gan.sample(3, ["sad"], random_state=1)[0]
    copies = gan.net_._inference_modules
    generator = copies[torch.float32, "cpu"][1]
    np.testing.assert_array_equal(gan.sample(3, ["sad"], random_state=1)[0], first)
    assert copies[torch.float32, "cpu"][1] is generator
    gan.discriminator_features(X)  # a float64 copy beside it
    assert set(copies) == {(torch.float32, "cpu"), (torch.float64, None)}


@pytest.mark.parametrize(
    ("model", "moved"),
    [
        # The variational models had the denoising models' module; the nets and
        # their batch iterator were skser.latent._base's before the kit.
        (VAE(**FAST), {b"skser.latent._variational": b"skser.latent._autoencoders"}),
        (
            MultiTaskAAE({"emotion": 1.0}, max_epochs=1, random_state=0),
            {b"skser.nn._training": b"skser.latent._base"},
        ),
    ],
    ids=["VAE", "MultiTaskAAE"],
)
def test_models_saved_under_the_old_module_names_load(data, model, moved):
    X, y = data
    model.fit(X, y)
    # Protocol 0 names each global as "module\nname\n": the old names put back.
    saved = pickle.dumps(model, protocol=0)
    for new, old in moved.items():
        assert new + b"\n" in saved
        saved = saved.replace(new + b"\n", old + b"\n")
    np.testing.assert_array_equal(pickle.loads(saved).transform(X), model.transform(X))
