import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC, LinearSVR

from skser import (
    DAE,
    VAE,
    ClusterDAE,
    ClusterVAE,
    ColumnStratifiedKFold,
    MetricDAE,
    OutlierFilter,
    TargetColumn,
    column_scorer,
    make_pipeline,
)

FAST = {"max_epochs": 3, "random_state": 0, "hidden_layer_sizes": (8,)}


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    n = 120
    emotion = np.array(["neutral", "sad", "happy", "angry"])[np.arange(n) % 4]
    activation = np.select(
        [emotion == "sad", emotion == "neutral", emotion == "happy"],
        [1.5, 2.0, 3.5],
        4.5,
    ) + rng.normal(0, 0.2, n)
    X = rng.standard_normal((n, 12))
    X[:, 0] += 2 * activation
    X[:, 1] += (emotion == "happy") * 3.0
    y = pd.DataFrame(
        {"emotion": emotion, "activation": activation, "valence": rng.uniform(1, 5, n)}
    )
    return pd.DataFrame(X, columns=[f"f{i}" for i in range(12)]), y


@pytest.mark.parametrize("model", [DAE(target="emotion"), VAE(target="activation")])
def test_unsupervised_models_refuse_a_target(model, data):
    X, y = data
    with pytest.raises(ValueError, match="is unsupervised and takes no target"):
        model.fit(X, y)


@pytest.mark.parametrize(
    ("model", "match"),
    [
        (MetricDAE(target="arousal"), r"target column 'arousal' not in y \(columns: "
         "emotion, activation, valence\\)"),
        (MetricDAE(), "set target= to the column"),
        (MetricDAE(target="emotion"), "learns from continuous labels"),
        (ClusterDAE(target=["emotion", "activation"]), "one column of class labels"),
    ],
)  # fmt: skip
def test_target_errors_name_the_columns(model, match, data):
    X, y = data
    with pytest.raises(ValueError, match=match):
        model.set_params(max_epochs=1).fit(X, y)


@pytest.mark.parametrize("model", [MetricDAE(), ClusterDAE(), ClusterVAE()])
def test_supervised_models_need_y(model, data):
    with pytest.raises(ValueError, match="requires y to be passed"):
        model.fit(data[0])


@pytest.mark.parametrize(
    "model",
    [
        DAE(**FAST),
        MetricDAE(target="activation", **FAST),
        MetricDAE(target=["activation", "valence"], pairs="all", **FAST),
        ClusterDAE(target="emotion", **FAST),
        VAE(**FAST),
        ClusterVAE(target="emotion", **FAST),
    ],
    ids=lambda m: type(m).__name__,
)
def test_fit_transform_contract(model, data):
    X, y = data
    Z = model.fit_transform(X, y)
    assert Z.shape == (len(X), 2) and Z.dtype == np.float32
    np.testing.assert_array_equal(model.transform(X), model.transform(X))
    assert list(model.get_feature_names_out()) == ["latent0", "latent1"]
    frame = model.set_output(transform="pandas").transform(X)
    assert list(frame.columns) == ["latent0", "latent1"]
    assert list(frame.index) == list(X.index)


def test_same_seed_same_code_bit_for_bit(data):
    X, y = data
    first = MetricDAE(target="activation", **FAST).fit_transform(X, y)
    second = MetricDAE(target="activation", **FAST).fit_transform(X, y)
    np.testing.assert_array_equal(first, second)
    other = MetricDAE(target="activation", **{**FAST, "random_state": 1})
    assert not np.array_equal(other.fit_transform(X, y), first)


def test_fit_leaves_torch_global_random_state_alone(data):
    import torch

    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    DAE(**FAST).fit(data[0])
    assert torch.equal(torch.rand(3), expected)


def test_missing_labels_train_reconstruction_only(data):
    X, y = data
    y = y.copy()
    y.loc[::2, "activation"] = np.nan
    model = MetricDAE(target="activation", **FAST).fit(X, y)
    assert np.isfinite(model.history_[:, "train_metric"]).all()
    y["activation"] = np.nan  # no label at all: the metric term is 0
    model = MetricDAE(target="activation", **FAST).fit(X, y)
    assert model.history_[:, "train_metric"] == [0.0] * 3
    y["emotion"] = None
    model = ClusterVAE(target="emotion", **FAST).fit(X, y)
    assert model.history_[:, "train_cluster"] == [0.0] * 3


def test_history_records_each_term(data):
    X, y = data
    model = ClusterVAE(target="emotion", **{**FAST, "max_epochs": 4, "kl_cycles": 2})
    model.fit(X, y)
    history = model.history_
    assert len(history) == 4
    for key in ["train_loss", "train_reconstruction", "train_kl", "train_cluster"]:
        assert all(np.isfinite(history[:, key])), key
    kl = history[:, "train_kl"]
    assert kl[0] == 0.0 and kl[2] == 0.0  # each annealing cycle starts at weight 0
    assert kl[1] > 0
    total = np.array(history[:, "train_loss"])
    parts = sum(np.array(history[:, k]) for k in ["train_reconstruction", "train_kl",
                                                   "train_cluster"])  # fmt: skip
    np.testing.assert_allclose(total, parts, rtol=1e-5)


def test_metric_weight_zero_is_a_dae_objective(data):
    X, y = data
    model = MetricDAE(target="activation", metric_weight=0.0, **FAST).fit(X, y)
    assert model.history_[:, "train_metric"] == [0.0] * 3


def test_verbose_prints_epochs(data, capsys):
    DAE(**{**FAST, "max_epochs": 2}).fit(data[0])
    assert capsys.readouterr().out == ""
    DAE(**{**FAST, "max_epochs": 2}, verbose=1).fit(data[0])
    out = capsys.readouterr().out
    assert "train_reconstruction" in out and "epoch" in out


def test_validation_split_and_early_stopping(data):
    X, y = data
    model = DAE(**{**FAST, "max_epochs": 200}, validation_fraction=0.2, patience=2)
    model.fit(X)
    assert "valid_loss" in model.history_[-1]
    assert len(model.history_) < 200


def test_pickled_pipeline_transforms_the_same(data):
    X, y = data
    pipe = make_pipeline(
        OutlierFilter(), StandardScaler(), MetricDAE(target="activation", **FAST)
    ).fit(X, y)
    clone = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_array_equal(clone.transform(X), pipe.transform(X))


def paper_pipeline(**params):
    return make_pipeline(
        OutlierFilter(),
        StandardScaler(),
        MetricDAE(target="activation", **{**FAST, **params}),
        TargetColumn(LinearSVC(), "emotion"),
    )


def test_pipeline_with_label_frame(data):
    X, y = data
    pipe = paper_pipeline().fit(X, y)
    assert set(pipe.predict(X)) <= set(y["emotion"])
    assert 0 <= pipe.score(X, y) <= 1
    scores = cross_val_score(
        paper_pipeline(),
        X,
        y,
        cv=ColumnStratifiedKFold(3, "emotion", shuffle=True, random_state=0),
        scoring=column_scorer("balanced_accuracy", "emotion"),
    )
    assert scores.shape == (3,) and np.all((scores >= 0) & (scores <= 1))


def test_grid_search_over_loss_weights(data):
    X, y = data
    grid = [0.1, 1.0, 10.0]
    search = GridSearchCV(
        paper_pipeline(),
        {"metricdae__metric_weight": grid},
        cv=ColumnStratifiedKFold(3, "emotion"),
        scoring=column_scorer("balanced_accuracy", "emotion"),
    ).fit(X, y)
    assert search.best_params_["metricdae__metric_weight"] in grid
    assert search.cv_results_["mean_test_score"].shape == (3,)


def test_plain_pipeline_with_one_dimensional_y(data):
    X, y = data
    pipe = make_pipeline(StandardScaler(), MetricDAE(**FAST), LinearSVR(random_state=0))
    pipe.fit(X, y["activation"].to_numpy())
    assert pipe.predict(X).shape == (len(X),)


def test_column_scorer_and_splitter_name_missing_columns(data):
    X, y = data
    with pytest.raises(ValueError, match="target column 'mood' not in y"):
        list(ColumnStratifiedKFold(3, "mood").split(X, y))
    pipe = paper_pipeline().fit(X, y)
    with pytest.raises(ValueError, match="target column 'mood' not in y"):
        column_scorer("balanced_accuracy", "mood")(pipe, X, y)
    folds = ColumnStratifiedKFold(3, "emotion").split(X, y)
    for _, test in folds:  # every fold keeps the class proportions
        assert y["emotion"].iloc[test].value_counts().nunique() == 1


@pytest.mark.parametrize("cluster_on", ["sample", "mean"])
def test_cluster_vae_clusters_the_chosen_codes(cluster_on):
    import torch

    from skser.nn import cluster_loss

    model = ClusterVAE(cluster_weight=2.0, cluster_on=cluster_on, max_epochs=4,
                       kl_cycles=1)  # fmt: skip
    mu = torch.tensor([[0.0, 0.0], [0.0, 1.0], [5.0, 0.0], [5.0, 1.0]])
    sample = torch.tensor([[0.0, 3.0], [1.0, 1.0], [2.0, 0.0], [5.0, 9.0]])
    logvar = torch.zeros_like(mu)
    targets = torch.tensor([[0.0], [0.0], [1.0], [1.0]])
    terms = model._extra_terms((None, mu, logvar, sample), targets, epoch=1)
    codes = sample if cluster_on == "sample" else mu
    expected = 2.0 * cluster_loss(codes, torch.tensor([0, 0, 1, 1]))
    assert terms["cluster"].item() == pytest.approx(expected.item())
    assert terms["kl"].item() == 0.0  # epoch 1 of the cycle: KL weight 0


def test_vae_reconstruction_is_summed_over_features():
    import torch

    X = torch.zeros(4, 10)
    reconstruction = torch.ones(4, 10)
    assert VAE()._reconstruction_loss(reconstruction, X).item() == 10.0
    assert DAE()._reconstruction_loss(reconstruction, X).item() == 1.0


def test_stratified_folds_spread_unlabelled_rows(data):
    X, y = data
    y = y.copy()
    y.loc[y.index[::6], "emotion"] = None  # 20 unlabelled rows
    for _, test in ColumnStratifiedKFold(4, "emotion").split(X, y):
        assert y["emotion"].iloc[test].isna().sum() == 5
