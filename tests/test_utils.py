"""skser.utils: the label contract, seeding in forks of the generators, devices."""

import contextlib

import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import DataConversionWarning

from skser import DAE, MixupGANAugmenter, MultiTaskAAE, RawCNNLSTMClassifier
from skser.utils import draw_seed, forked_random_state, label_column, resolve_device


def frame():
    return pd.DataFrame({
        "emotion": ["sad", "angry", "sad", "happy"],
        "activation": [1.0, 4.5, 2.0, 3.5],
    })  # fmt: skip


# -- the label contract -------------------------------------------------------------


def test_label_column_reads_a_named_column_or_a_1d_y_as_it_is():
    y = frame()
    assert label_column(y, "activation").tolist() == [1.0, 4.5, 2.0, 3.5]
    assert label_column(["a", "b"], "emotion") == ["a", "b"]
    series = y["emotion"]
    assert label_column(series, "emotion") is series
    # One unnamed column is that column, ravelled with scikit-learn's warning.
    with pytest.warns(DataConversionWarning, match="A column-vector y was passed"):
        column = label_column(np.array([["a"], ["b"]]), "emotion")
    assert column.tolist() == ["a", "b"]


def test_label_column_refuses_unnamed_columns_naming_what_it_needs():
    encoded = np.array([[0, 1], [1, 0], [0, 2]])  # cross_val_predict's label codes
    with pytest.raises(
        ValueError,
        match=r"^TargetColumn\(column='emotion'\) needs the column 'emotion', but y "
        r"is a 2-D array of 2 columns without names.*cross_val_predict.*Pass the "
        r"column itself, y\['emotion'\], as y .*, use method='predict', or call "
        r"predict_proba fold by fold \(for train, test in cv.split\(X, y\)\)$",
    ):
        label_column(encoded, "emotion", "TargetColumn(column='emotion')")
    with pytest.raises(ValueError, match="target column 'valence' not in y "
                       r"\(columns: emotion, activation\)"):  # fmt: skip
        label_column(frame(), "valence")


# -- random state ---------------------------------------------------------------------


@given(st.integers(0, 2**32 - 1))
def test_draw_seed_is_a_function_of_an_int_seed_and_fits_torch(random_state):
    seed = draw_seed(random_state)
    assert seed == draw_seed(random_state)
    assert 0 <= seed < 2**31 - 1
    assert seed == np.random.RandomState(random_state).randint(2**31 - 1)


def test_forked_random_state_is_reproducible_and_restores_every_generator():
    torch.manual_seed(7)
    np.random.seed(7)
    torch_before, numpy_before = torch.random.get_rng_state(), np.random.rand()
    np.random.seed(7)
    with forked_random_state(3, numpy=True):
        first = (torch.rand(3), np.random.rand(3))
    with forked_random_state(3, numpy=True):
        second = (torch.rand(3), np.random.rand(3))
    assert torch.equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert torch.equal(torch.random.get_rng_state(), torch_before)
    assert np.random.rand() == numpy_before


def test_forked_random_state_forks_every_cuda_device(monkeypatch):
    # torch.manual_seed reseeds every CUDA generator: the fork must cover them all,
    # which fork_rng(devices=[]) (the old copies) did not.
    forked = []

    @contextlib.contextmanager
    def recording_fork(devices=None, **kwargs):
        forked.append(devices)
        yield

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setattr(torch.random, "fork_rng", recording_fork)
    monkeypatch.setattr(torch, "manual_seed", lambda seed: None)
    with forked_random_state(0):
        pass
    assert forked == [[0, 1]]


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((24, 5)).astype(np.float32)
    y = np.array(["sad", "angry"] * 12)
    return X, y


def _fits(data):
    X, y = data
    yield lambda: DAE(max_epochs=1, random_state=0).fit(X)
    yield lambda: MultiTaskAAE({"emotion": 1.0}, max_epochs=1, random_state=0).fit(
        X, pd.DataFrame({"emotion": y})
    )
    yield lambda: MixupGANAugmenter(max_epochs=1, random_state=0).fit_resample(X, y)
    waveforms = np.random.default_rng(1).standard_normal((4, 400)).astype(np.float32)
    yield lambda: RawCNNLSTMClassifier(
        sampling_rate=1000, max_epochs=1, random_state=0
    ).fit(waveforms, ["sad", "angry"] * 2)


def test_a_fit_leaves_the_callers_torch_generators_untouched(data):
    for fit in _fits(data):
        torch.manual_seed(1234)
        cpu = torch.random.get_rng_state()
        cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else []
        fit()
        assert torch.equal(torch.random.get_rng_state(), cpu)
        if torch.cuda.is_available():
            after = torch.cuda.get_rng_state_all()
            assert all(torch.equal(a, b) for a, b in zip(after, cuda, strict=True))


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_a_cuda_fit_leaves_the_callers_cuda_generator_untouched(data):
    X, _ = data
    torch.cuda.manual_seed_all(1234)
    before = torch.cuda.get_rng_state_all()
    DAE(max_epochs=1, random_state=0, device="cuda").fit(X)
    after = torch.cuda.get_rng_state_all()
    assert all(torch.equal(a, b) for a, b in zip(after, before, strict=True))


# -- devices --------------------------------------------------------------------------


def test_resolve_device_names_the_owner_and_the_way_out(monkeypatch):
    assert resolve_device("cpu", "DAE") == "cpu"
    with pytest.raises(ValueError, match="^DAE: device='gpu' is not a torch device"):
        resolve_device("gpu", "DAE")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="^VAE: device='cuda' is not available.*"
                       "use device='cpu'"):  # fmt: skip
        resolve_device("cuda", "VAE")


# -- discovery and old paths --------------------------------------------------------


def test_all_estimators_filters_by_kind():
    from skser.utils import all_estimators

    samplers = dict(all_estimators(type_filter="sampler"))
    classifiers = dict(all_estimators(type_filter=["classifier"]))
    assert {"OutlierFilter", "MixupGANAugmenter", "ColumnSampler"} <= set(samplers)
    assert "DAE" not in samplers and "OutlierFilter" not in classifiers
    assert {"MultiTaskAAE", "BalancedSelfTraining"} <= set(classifiers)
    everything = all_estimators()
    assert [name for name, _ in everything] == sorted({n for n, _ in everything})
    # A re-exported scikit-learn class is not skser's; private classes stay out.
    assert all(cls.__module__.startswith("skser.") for _, cls in everything)
    assert not any(name.startswith("_") for name, _ in everything)


def test_all_estimators_names_an_unknown_kind():
    from skser.utils import all_estimators

    with pytest.raises(ValueError, match=r"\['classifer'\] is not a kind"):
        all_estimators(type_filter="classifer")


def test_moved_module_warns_with_new_path_and_removal_version():
    from skser.metrics import adjusted_r2
    from skser.utils import moved

    module_getattr, module_dir = moved(
        "skser.old", "skser.metrics", {"MOVED_MODULES": "skser.utils"}
    )
    with pytest.warns(FutureWarning) as caught:
        assert module_getattr("adjusted_r2") is adjusted_r2
    assert str(caught[0].message) == (
        "skser.old is deprecated and will be removed in 0.6: import adjusted_r2 "
        "from skser.metrics instead"
    )
    with pytest.warns(FutureWarning, match="skser.old is deprecated"):
        assert "skser.attribution" in module_getattr("MOVED_MODULES")
    with pytest.warns(FutureWarning, match="import MOVED_MODULES from skser.utils"):
        module_getattr("MOVED_MODULES")
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        module_getattr("nothing")
    assert "adjusted_r2" in module_dir() and "MOVED_MODULES" in module_dir()


def test_seeded_clone_sets_every_nested_random_state_and_leaves_the_original():
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    from skser.latent import SeedEnsemble
    from skser.utils import seeded_clone

    original = make_pipeline(SeedEnsemble(DAE(), random_state=1), LinearSVC())
    seeded = seeded_clone(original, 7)
    params = seeded.get_params()
    keys = [key for key in params if key.endswith("random_state")]
    assert len(keys) == 3 and all(params[key] == 7 for key in keys)
    assert original.get_params()["seedensemble__random_state"] == 1


def test_moved_names_of_a_module_that_stays():
    from skser.utils import moved

    module_getattr, _ = moved(
        "skser.old", "skser.metrics", {"spearman": "skser.metrics"}, rest=False
    )
    with pytest.warns(FutureWarning) as caught:
        module_getattr("spearman")
    assert str(caught[0].message) == (
        "skser.old.spearman is deprecated and will be removed in 0.6: import "
        "spearman from skser.metrics instead"
    )
    with pytest.raises(AttributeError, match="no attribute 'adjusted_r2'"):
        module_getattr("adjusted_r2")  # in skser.metrics, but not a moved name


def test_all_estimators_leaves_out_the_skorch_nets_of_the_training_kit():
    from skser.nn import AdversarialNet, TermsNet, TrainingNet
    from skser.utils import all_estimators

    found = {cls for _, cls in all_estimators()}
    assert not {AdversarialNet, TermsNet, TrainingNet} & found
    # The estimators built on them stay.
    assert {"MetricDAE", "MultiTaskAAE", "MixupGANAugmenter"} <= {
        name for name, _ in all_estimators()
    }
