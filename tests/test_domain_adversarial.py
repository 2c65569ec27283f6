"""Domain-adversarial training, the joint metric + cluster model, and the protocol
rows that bring unlabelled target rows into training."""

import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import StandardScaler

from skser import (
    DAE,
    VAE,
    ClusterVAE,
    MetricClusterDAE,
    MetricDAE,
    make_pipeline,
)
from skser.evaluation import cross_corpus_validate
from skser.nn import reverse_gradient

FAST = {"max_epochs": 3, "hidden_layer_sizes": (8,), "random_state": 0}


@given(
    x=st.lists(st.floats(-10, 10), min_size=1, max_size=5),
    scale=st.floats(0, 5),
)
def test_reverse_gradient_is_identity_forward_and_negated_backward(x, scale):
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    weights = torch.arange(1.0, len(x) + 1, dtype=torch.float64)
    y = reverse_gradient(x, scale)
    assert torch.equal(y, x)
    (weights * y).sum().backward()
    assert torch.allclose(x.grad, -scale * weights)


def two_domains(n=80, seed=0):
    """Two domains, the second shifted in every feature; emotion known in a only."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2 * n, 6))
    X[n:] += 1.0
    y = pd.DataFrame(
        {
            "corpus": ["a"] * n + ["b"] * n,
            "activation": np.r_[X[:n, 0] + 3, [np.nan] * n],
            "emotion": [["sad", "angry"][i % 2] for i in range(n)] + [None] * n,
        }
    )
    return X.astype(np.float32), y


def domain_accuracy(model, X, y):
    """How well a logistic regression tells the domains apart from the code."""
    z = model.transform(X)
    return cross_val_score(LogisticRegression(), z, y["corpus"], cv=4).mean()


def test_domain_term_hides_the_domain_in_the_code():
    X, y = two_domains()
    settings = {"hidden_layer_sizes": (16,), "max_epochs": 60, "random_state": 0}
    plain = DAE(**settings).fit(X, y)
    adversarial = DAE(domain_weight=3.0, **settings).fit(X, y)
    # The shift is in the code (a linear classifier finds the domain of 4 in 5
    # rows), less so with the adversary (chance is 0.5).
    assert domain_accuracy(plain, X, y) > 0.8
    assert domain_accuracy(adversarial, X, y) < 0.72


def test_domain_term_is_recorded_and_trains_a_classifier_on_the_code():
    X, y = two_domains()
    model = MetricDAE("activation", domain_weight=1.0, **FAST).fit(X, y)
    assert list(model.domains_) == ["a", "b"]
    assert "train_domain" in model.history_[-1]
    classifier = model.net_.module_.domain_classifier
    assert classifier[0].in_features == model.latent_dim
    assert classifier[-1].out_features == 2


@pytest.mark.parametrize("model", [DAE, VAE, MetricDAE, ClusterVAE])
def test_zero_domain_weight_changes_nothing(model):
    X, y = two_domains()
    target = {"DAE": None, "VAE": None, "MetricDAE": "activation"}.get(
        model.__name__, "emotion"
    )
    without = model(target, **FAST).fit(X, y)
    zero = model(target, domain_weight=0.0, **FAST).fit(X, y)
    assert np.array_equal(without.transform(X), zero.transform(X))
    assert not hasattr(zero, "domains_")
    assert not hasattr(zero.net_.module_, "domain_classifier")


def test_domain_term_needs_a_label_frame_with_two_domains():
    X, y = two_domains()
    with pytest.raises(ValueError, match="column 'corpus' of a label frame"):
        DAE(domain_weight=1.0, **FAST).fit(X)
    with pytest.raises(ValueError, match="needs rows of at least two"):
        DAE(domain_weight=1.0, **FAST).fit(X, y.assign(corpus="a"))
    with pytest.raises(ValueError, match="domain column 'room' holds 1"):
        DAE(domain_weight=1.0, domain_column="room", **FAST).fit(X, y.assign(room="x"))


def test_domain_training_is_seeded_bit_for_bit():
    X, y = two_domains()
    first = DAE(domain_weight=1.0, **FAST).fit(X, y).transform(X)
    second = DAE(domain_weight=1.0, **FAST).fit(X, y).transform(X)
    assert np.array_equal(first, second)


# -- MetricClusterDAE ----------------------------------------------------------------


def test_metric_cluster_dae_without_cluster_weight_is_metric_dae():
    X, y = two_domains()
    joint = MetricClusterDAE("activation", cluster_weight=0.0, **FAST).fit(X, y)
    metric = MetricDAE("activation", **FAST).fit(X, y)
    assert np.array_equal(joint.transform(X), metric.transform(X))


def test_metric_cluster_dae_trains_both_terms_each_on_its_column():
    X, y = two_domains()
    y = y.assign(valence=y["activation"] * 0.5)
    model = MetricClusterDAE(["activation", "valence"], **FAST).fit(X, y)
    last = model.history_[-1]
    assert last["train_metric"] > 0 and last["train_cluster"] > 0
    assert list(model.classes_) == ["angry", "sad"]
    assert list(model.target_names_) == ["activation", "valence"]
    cluster_only = MetricClusterDAE("activation", metric_weight=0.0, **FAST).fit(X, y)
    assert cluster_only.history_[-1]["train_metric"] == 0


# -- the protocol's adaptation rows in training ---------------------------------------


class RecordingDAE(DAE):
    seen = []

    def fit(self, X, y=None):
        RecordingDAE.seen.append((np.asarray(X).copy(), y.copy()))
        return super().fit(X, y)


def corpus(name, n, shift, scale, seed):
    rng = np.random.default_rng(seed)
    emotion = np.array(["neutral", "sad", "happy", "angry"])[np.arange(n) % 4]
    X = pd.DataFrame(rng.normal(0, 1, (n, 4)) * scale + shift,
                     columns=[f"f{i}" for i in range(4)])  # fmt: skip
    y = pd.DataFrame({"emotion": emotion, "activation": rng.uniform(1, 5, n),
                      "valence": rng.uniform(1, 5, n), "corpus": name,
                      "speaker": np.arange(n) % 5})  # fmt: skip
    return X, y


def test_adaptation_rows_enter_training_unlabelled_at_the_source_scale():
    RecordingDAE.seen = []
    source, target = corpus("src", 60, 0.0, 1.0, 0), corpus("tgt", 50, 10.0, 4.0, 1)
    pipe = make_pipeline(StandardScaler(), RecordingDAE(domain_weight=1.0, **FAST))
    results = cross_corpus_validate(
        {"D": pipe}, source, {"tgt": target}, cv=3, references=(),
        progress=False, train_on_adaptation=True,
    )  # fmt: skip
    assert len(RecordingDAE.seen) == 3
    for _, y in RecordingDAE.seen:
        from_target = y[y["corpus"] == "tgt"]
        assert len(from_target) == 10  # the adaptation rows (20 % of 50) ...
        assert from_target[["emotion", "activation", "valence"]].isna().all().all()
        assert from_target["speaker"].notna().all()  # ... keep their metadata
    # The scaler is fitted on source and target rows together, the target moved to
    # the source's mean and scale first: without the move, a shift of 10 would
    # put its mean far from the source's 0.
    X_fit, y_fit = RecordingDAE.seen[0]
    moved = X_fit[(y_fit["corpus"] == "tgt").to_numpy()]
    source_part = X_fit[(y_fit["corpus"] == "src").to_numpy()]
    # (the recorded rows are after the pipeline's scaler, fitted on both)
    assert np.allclose(moved.mean(axis=0), source_part.mean(axis=0), atol=1e-6)
    n_trained = results.loc[results["metric"] == "n_trained", "value"]
    assert (n_trained == 40).all()  # the source's rows only


def test_without_the_option_no_target_row_is_trained_on():
    RecordingDAE.seen = []
    source, target = corpus("src", 60, 0.0, 1.0, 0), corpus("tgt", 50, 10.0, 4.0, 1)
    pipe = make_pipeline(StandardScaler(), RecordingDAE(**FAST))
    cross_corpus_validate({"D": pipe}, source, {"tgt": target}, cv=3,
                          references=(), progress=False)  # fmt: skip
    assert all(set(y["corpus"]) == {"src"} for _, y in RecordingDAE.seen)


def test_a_domain_adversarial_model_saves_and_loads(tmp_path):
    from skser import load, save

    X, y = two_domains()
    model = DAE(domain_weight=1.0, **FAST).fit(X, y)
    save(model, tmp_path / "model.skser")
    loaded = load(tmp_path / "model.skser")
    assert np.array_equal(loaded.transform(X), model.transform(X))
    assert list(loaded.domains_) == ["a", "b"]
