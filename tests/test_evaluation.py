import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import StandardScaler

from skser import DAE, MetricDAE, OutlierFilter, make_pipeline
from skser.evaluation import (
    REFERENCE_MODELS,
    adapt,
    cross_corpus_validate,
    latent_codes,
    paper_models,
    render_table,
    summarize,
)

EMOTIONS = np.array(["neutral", "sad", "happy", "angry", "fear"])


def make_corpus(name, n=150, scale=1.0, shift=0.0, seed=0):
    """Five emotions separable in the first two features, then scaled and shifted."""
    rng = np.random.default_rng(seed)
    emotion = EMOTIONS[np.arange(n) % 5]
    centres = {"neutral": (0, 0), "sad": (-3, -3), "happy": (3, 3), "angry": (3, -3),
               "fear": (-3, 3)}  # fmt: skip
    X = rng.normal(0, 0.7, (n, 6))
    X[:, :2] += np.array([centres[e] for e in emotion])
    activation = X[:, 0] + rng.normal(0, 0.3, n) + 3
    y = pd.DataFrame({"emotion": emotion, "activation": activation,
                      "valence": X[:, 1] + 3, "corpus": name})  # fmt: skip
    return pd.DataFrame(X * scale + shift, columns=[f"f{i}" for i in range(6)]), y


FAST = {"max_epochs": 3, "hidden_layer_sizes": (6,), "random_state": 0}


def models():
    return {
        "DAE": make_pipeline(OutlierFilter(), StandardScaler(), DAE(**FAST)),
        "MetricDAE": make_pipeline(
            OutlierFilter(), StandardScaler(), MetricDAE(target="activation", **FAST)
        ),
    }


@pytest.fixture(scope="module")
def results():
    source = make_corpus("src")
    targets = {"tgt": make_corpus("tgt", n=100, scale=3.0, shift=10.0, seed=1)}
    return cross_corpus_validate(models(), source, targets, cv=3, progress=False)


def test_tidy_layout(results):
    assert list(results.columns) == [
        "fold",
        "model",
        "corpus",
        "role",
        "metric",
        "value",
    ]
    assert sorted(results["fold"].unique()) == [0, 1, 2]
    assert set(results["model"]) == {"DAE", "MetricDAE", *REFERENCE_MODELS.values()}
    assert set(results.groupby("corpus")["role"].unique().map(tuple)) == {
        ("source",), ("target",),
    }  # fmt: skip
    assert results["value"].notna().all()


def test_metrics_per_model(results):
    metrics = results.groupby("model")["metric"].unique().map(set)
    for model in ["DAE", "MetricDAE"]:
        assert {"balanced_accuracy_4class", "balanced_accuracy_3class",
                "adjusted_r2_activation", "p_activation", "pairwise_r2_valence",
                "spearman_pairs_activation", "spearman_projection_valence",
                "bhattacharyya_to_source"} <= metrics[model]  # fmt: skip
    # The raw features are no embedding: classification only.
    assert metrics[REFERENCE_MODELS["zero-shot"]] == {
        "balanced_accuracy_4class", "balanced_accuracy_3class",
    }  # fmt: skip
    supervised = results[results["model"] == REFERENCE_MODELS["supervised"]]
    assert set(supervised["corpus"]) == {"tgt"}
    bhattacharyya = results[results["metric"] == "bhattacharyya_to_source"]
    assert set(bhattacharyya["corpus"]) == {"src", "tgt"}


def test_adaptation_undoes_a_corpus_shift(results):
    # The target is the source's distribution scaled by 3 and shifted by 10: with
    # its own statistics the zero-shot classifier does as well as on the source;
    # with the source's it is lost.
    def zero_shot(frame, corpus):
        rows = frame[(frame["model"] == REFERENCE_MODELS["zero-shot"])
                     & (frame["metric"] == "balanced_accuracy_4class")
                     & (frame["corpus"] == corpus)]  # fmt: skip
        return rows["value"].mean()

    assert zero_shot(results, "tgt") > 0.9
    unadapted = cross_corpus_validate(
        {}, make_corpus("src"),
        {"tgt": make_corpus("tgt", n=100, scale=3.0, shift=10.0, seed=1)},
        cv=3, adapt_fraction=0.0, progress=False,
    )  # fmt: skip
    assert zero_shot(unadapted, "tgt") < 0.5


def test_parallel_equals_sequential(results):
    source = make_corpus("src")
    targets = {"tgt": make_corpus("tgt", n=100, scale=3.0, shift=10.0, seed=1)}
    parallel = cross_corpus_validate(models(), source, targets, cv=3, n_jobs=2,
                                     progress=False)  # fmt: skip
    pd.testing.assert_frame_equal(parallel, results)


def test_adapt_refits_only_the_scaler():
    X, y = make_corpus("src")
    pipe = make_pipeline(OutlierFilter(), StandardScaler(), DAE(**FAST)).fit(X, y)
    before = pipe.transform(X)
    target = X * 2 + 5
    adapted = adapt(pipe, target)
    np.testing.assert_allclose(adapted[1].mean_, target.mean().to_numpy())
    np.testing.assert_array_equal(pipe.transform(X), before)  # original untouched
    np.testing.assert_allclose(adapted.transform(target), before, rtol=1e-4, atol=1e-5)
    assert adapted[2] is not pipe[2]


def test_adapt_needs_exactly_one_scaler():
    X, y = make_corpus("src")
    with pytest.raises(ValueError, match="exactly one StandardScaler step, found 0"):
        adapt(make_pipeline(DAE(**FAST)).fit(X), X)
    double = make_pipeline(StandardScaler(), StandardScaler()).fit(X)
    with pytest.raises(ValueError, match="found 2"):
        adapt(double, X)


def test_bad_inputs_are_named():
    X, y = make_corpus("src")
    with pytest.raises(ValueError, match="corpus 'tgt'.*'emotion' column"):
        cross_corpus_validate({}, (X, y), {"tgt": (X, y["activation"])})
    with pytest.raises(ValueError, match="adapt_fraction"):
        cross_corpus_validate({}, (X, y), {}, adapt_fraction=1.0)


def test_latent_codes_keep_labels_and_evaluation_rows():
    source = make_corpus("src")
    target = make_corpus("tgt", n=100, seed=1)
    codes = latent_codes(models()["MetricDAE"], source, {"tgt": target})
    assert list(codes) == ["src", "tgt"]
    assert len(codes["src"]) == 150 and len(codes["tgt"]) == 80  # 20% adapt
    assert {"latent0", "latent1", "emotion", "activation"} <= set(codes["tgt"].columns)


def test_summary_table():
    rows = [
        {"fold": f, "model": m, "corpus": c, "role": "source",
         "metric": "balanced_accuracy_4class", "value": v}
        for m, c, values in [("A", "x", [0.5, 0.7]), ("B", "x", [0.2, 0.2]),
                             ("A", "y", [0.1, 0.3])]
        for f, v in enumerate(values)
    ]  # fmt: skip
    table = summarize(pd.DataFrame(rows))
    assert list(table.index) == ["A", "B"]
    assert table.loc["A", ("balanced_accuracy_4class", "x")] == "0.60 ± 0.14"
    assert table.loc["B", ("balanced_accuracy_4class", "x")] == "0.20 ± 0.00"
    assert pd.isna(table.loc["B", ("balanced_accuracy_4class", "y")])
    markdown = render_table(table)
    assert "| A " in markdown and "balanced_accuracy_4class (y)" in markdown
    assert markdown.count("\n") == 3  # header, rule, two rows
    assert "\\toprule" in render_table(table, "latex")
    with pytest.raises(ValueError, match="metric.*spearman"):
        summarize(pd.DataFrame(rows), ["spearman"])


def test_paper_models():
    models = paper_models(random_state=3, max_epochs=7)
    assert list(models) == ["DAE", "MetricDAE (activation)", "MetricDAE (valence)",
                            "ClusterDAE", "VAE", "ClusterVAE"]  # fmt: skip
    latent = [pipe[-1] for pipe in models.values()]
    assert all(m.random_state == 3 and m.max_epochs == 7 for m in latent)
    assert models["MetricDAE (valence)"][-1].target == "valence"


def test_unlabelled_source_rows_still_train_the_embedding():
    X, y = make_corpus("src")
    y.loc[y.index[::4], "emotion"] = None
    results = cross_corpus_validate(
        {"DAE": models()["DAE"]}, (X, y), {"tgt": make_corpus("tgt", n=60, seed=2)},
        cv=3, progress=False,
    )  # fmt: skip
    accuracy = results[results["metric"] == "balanced_accuracy_4class"]
    assert set(accuracy["corpus"]) == {"src", "tgt"}
    assert accuracy["value"].between(0, 1).all()
