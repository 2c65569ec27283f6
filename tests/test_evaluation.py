import re

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser import DAE, MetricDAE, OutlierFilter, make_pipeline
from skser.datasets import load_bundled
from skser.evaluation import (
    MODEL_NAMES,
    PREDICTION_COLUMNS,
    REFERENCE_MODELS,
    RESULT_COLUMNS,
    adapt,
    cross_corpus_validate,
    latent_codes,
    paper_models,
    render_table,
    summarize,
    table_caption,
)
from skser.experiments import experiment_models
from skser.preprocessing import zscore_inliers

EMOTIONS = np.array(["neutral", "sad", "happy", "angry", "fear"])


def make_corpus(name, n=150, scale=1.0, shift=0.0, seed=0):
    """Five emotions separable in the first two features, then scaled and shifted.

    Six speakers, each speaking every emotion.
    """
    rng = np.random.default_rng(seed)
    emotion = EMOTIONS[np.arange(n) % 5]
    centres = {"neutral": (0, 0), "sad": (-3, -3), "happy": (3, 3), "angry": (3, -3),
               "fear": (-3, 3)}  # fmt: skip
    X = rng.normal(0, 0.7, (n, 6))
    X[:, :2] += np.array([centres[e] for e in emotion])
    activation = X[:, 0] + rng.normal(0, 0.3, n) + 3
    y = pd.DataFrame({"emotion": emotion, "activation": activation,
                      "valence": X[:, 1] + 3, "corpus": name,
                      "speaker": (np.arange(n) // 5) % 6})  # fmt: skip
    return pd.DataFrame(X * scale + shift, columns=[f"f{i}" for i in range(6)]), y


FAST = {"max_epochs": 3, "hidden_layer_sizes": (6,), "random_state": 0}
FOUR = {"neutral", "sad", "happy", "angry"}


def models():
    return {
        "DAE": make_pipeline(OutlierFilter(), StandardScaler(), DAE(**FAST)),
        "MetricDAE": make_pipeline(
            OutlierFilter(), StandardScaler(), MetricDAE(target="activation", **FAST)
        ),
    }


def target():
    return make_corpus("tgt", n=100, scale=3.0, shift=10.0, seed=1)


@pytest.fixture(scope="module")
def results():
    return cross_corpus_validate(models(), make_corpus("src"), {"tgt": target()},
                                 cv=3, progress=False)  # fmt: skip


def rows_of(frame, metric, model=None, corpus=None):
    chosen = frame[frame["metric"] == metric]
    if model is not None:
        chosen = chosen[chosen["model"] == model]
    if corpus is not None:
        chosen = chosen[chosen["corpus"] == corpus]
    return chosen["value"]


def test_tidy_layout(results):
    assert list(results.columns) == RESULT_COLUMNS
    assert sorted(results["fold"].unique()) == [0, 1, 2]
    assert set(results["seed"]) == {0}
    assert set(results["model"]) == {
        "DAE", "MetricDAE", "MetricDAE supervised", "eGeMAPS zero-shot",
        "eGeMAPS supervised",
    }  # fmt: skip
    assert set(results.groupby("corpus")["role"].unique().map(tuple)) == {
        ("source",), ("target",),
    }  # fmt: skip
    assert results["value"].notna().all()


def test_metrics_per_model(results):
    metrics = results.groupby("model")["metric"].unique().map(set)
    for model in ["DAE", "MetricDAE"]:
        assert {"balanced_accuracy_4class", "balanced_accuracy_3class",
                "adjusted_r2_activation", "p_activation", "pairwise_r2_valence",
                "ccc_activation", "ccc_valence", "spearman_pairs_activation",
                "spearman_projection_valence", "bhattacharyya_to_source",
                "n_scored", "n_outliers", "n_trained"} <= metrics[model]  # fmt: skip
    # The raw features are no embedding: classification and row counts only.
    assert metrics[REFERENCE_MODELS["zero-shot"]] == {
        "balanced_accuracy_4class", "balanced_accuracy_3class", "n_scored",
        "n_outliers", "n_trained",
    }  # fmt: skip
    scores = results[results["metric"] != "n_trained"]  # counted on the source
    for reference in ["eGeMAPS supervised", "MetricDAE supervised"]:
        assert set(scores.loc[scores["model"] == reference, "corpus"]) == {"tgt"}
    bhattacharyya = results[results["metric"] == "bhattacharyya_to_source"]
    assert set(bhattacharyya["corpus"]) == {"src", "tgt"}


def test_trains_on_the_four_classes_only(results):
    # 150 source rows, 30 of them fear: 120 in the four classes; with 3 folds
    # every row trains in two of them (no outliers in this corpus).
    trained = rows_of(results, "n_trained", "eGeMAPS zero-shot")
    assert trained.sum() == 2 * 120
    scored = rows_of(results, "n_scored", "DAE", "src")
    assert scored.sum() == 120
    every = cross_corpus_validate({}, make_corpus("src"), {"tgt": target()}, cv=3,
                                  train_classes=None, references=("zero-shot",),
                                  progress=False)  # fmt: skip
    assert rows_of(every, "n_trained").sum() == 2 * 150


class Recorder(TransformerMixin, BaseEstimator):
    """Passes X through; remembers the label rows of every fit."""

    seen = []

    def fit(self, X, y=None):
        Recorder.seen.append(y.copy())
        self.n_features_in_ = np.shape(X)[1]
        return self

    def transform(self, X):
        return np.asarray(X)


def recorded(**options):
    Recorder.seen = []
    pipe = make_pipeline(OutlierFilter(), StandardScaler(), Recorder())
    cross_corpus_validate({"rec": pipe}, make_corpus("src"), {"tgt": target()},
                          cv=3, references=False, progress=False,
                          **options)  # fmt: skip
    return Recorder.seen


def test_models_never_see_other_classes():
    for y in recorded():
        assert set(y["emotion"]) == FOUR
    assert any("fear" in set(y["emotion"]) for y in recorded(train_classes=None))


def test_speaker_independent_folds():
    fits = recorded(groups="speaker")
    assert len(fits) == 3
    held_out = [set(range(6)) - set(y["speaker"]) for y in fits]
    assert all(held_out)  # every fold leaves speakers out ...
    assert set().union(*held_out) == set(range(6))  # ... and each speaker once
    assert sum(map(len, held_out)) == 6
    # The papers' stratified folds share every speaker.
    assert all(set(y["speaker"]) == set(range(6)) for y in recorded())


# Positions of the adaptation rows of a 200-row corpus with seed 0 (20%).
ADAPTATION_ROWS = np.random.RandomState(0).permutation(200)[:40]


def test_outliers_leave_adaptation_and_scored_rows():
    # One row alone in its column reaches |z| = sqrt(n - 1): 14 for 200 rows.
    X, y = make_corpus("tgt", n=200, scale=3.0, shift=10.0, seed=1)
    X.iloc[ADAPTATION_ROWS[0], 0] = 1e6
    X.iloc[next(i for i in range(200) if i not in ADAPTATION_ROWS), 2] = 1e6
    planted = (X, y)

    def zero_shot(**options):
        return cross_corpus_validate({}, make_corpus("src"), {"tgt": planted},
                                     cv=3, references=("zero-shot",),
                                     progress=False, **options)  # fmt: skip

    filtered, unfiltered = zero_shot(), zero_shot(outlier_threshold=None)
    assert set(rows_of(filtered, "n_outliers", corpus="tgt")) == {2}
    assert set(rows_of(filtered, "n_scored", corpus="tgt")) == {159}
    assert set(rows_of(unfiltered, "n_scored", corpus="tgt")) == {160}
    # One extreme row among the 20 adaptation rows makes feature 0 useless.
    accuracy = rows_of(filtered, "balanced_accuracy_4class", corpus="tgt").mean()
    assert accuracy > 0.8
    spoiled = rows_of(unfiltered, "balanced_accuracy_4class", corpus="tgt").mean()
    assert spoiled < accuracy - 0.1


class CountingSVC(LinearSVC):
    fits = []

    def fit(self, X, y, sample_weight=None):
        CountingSVC.fits.append(len(X))
        return super().fit(X, y, sample_weight)


def test_latent_classifier_sees_only_the_rows_the_model_trained_on():
    # 240 rows of the four classes: training folds of 160 rows, where one row
    # alone in its column reaches |z| = sqrt(159) > 10.
    X, y = make_corpus("src", n=300)
    X.iloc[0, 1] = 1e6  # a neutral training row that OutlierFilter drops
    CountingSVC.fits = []
    results = cross_corpus_validate(
        {"DAE": models()["DAE"]}, (X, y), {"tgt": target()}, cv=3,
        classifier=CountingSVC(), class_sets={"4class": sorted(FOUR)},
        references=False, progress=False,
    )  # fmt: skip
    assert CountingSVC.fits == list(rows_of(results, "n_trained"))
    assert sum(CountingSVC.fits) == 2 * 240 - 2  # the outlier trains in 2 folds
    # ... and the held-out fold holding it scores one row fewer.
    assert rows_of(results, "n_scored", corpus="src").sum() == 239
    assert rows_of(results, "n_outliers", corpus="src").sum() == 1


def test_seeds_repeat_the_whole_protocol(results):
    repeated = cross_corpus_validate(models(), make_corpus("src"), {"tgt": target()},
                                     cv=3, random_state=[0, 5],
                                     progress=False)  # fmt: skip
    assert set(repeated["seed"]) == {0, 5}
    first = repeated[repeated["seed"] == 0].reset_index(drop=True)
    pd.testing.assert_frame_equal(first, results)
    later = repeated[repeated["seed"] == 5]
    assert not np.allclose(
        rows_of(later, "adjusted_r2_activation", "DAE", "tgt"),
        rows_of(results, "adjusted_r2_activation", "DAE", "tgt"),
    )
    table = summarize(repeated)
    assert table.attrs["runs"] == 6
    assert (
        "3 stratified folds (speakers not held out) × 2 seeds; mean ± std over 6 runs"
        in render_table(table)
    )


class RecordingMetricDAE(MetricDAE):
    seen = []

    def fit(self, X, y=None):
        RecordingMetricDAE.seen.append(y.copy())
        return super().fit(X, y)


def test_supervised_metric_reference_learns_the_targets_labels():
    RecordingMetricDAE.seen = []
    pipe = make_pipeline(OutlierFilter(), StandardScaler(),
                         RecordingMetricDAE(target="activation", **FAST))  # fmt: skip
    results = cross_corpus_validate(
        {"M": pipe}, make_corpus("src"), {"tgt": target()}, cv=3,
        references=("supervised-metric",), progress=False,
    )  # fmt: skip
    plain = [y for y in RecordingMetricDAE.seen if set(y["corpus"]) == {"src"}]
    supervised = [y for y in RecordingMetricDAE.seen if "tgt" in set(y["corpus"])]
    assert len(plain) == len(supervised) == 3
    for y in supervised:
        from_target = y[y["corpus"] == "tgt"]
        assert len(from_target) == 20  # the adaptation rows ...
        assert from_target["activation"].notna().all()  # ... with their labels
        assert from_target["emotion"].isna().all()  # ... but not their emotions
    scores = results[results["metric"] == "balanced_accuracy_4class"]
    assert set(scores.loc[scores["model"] == "M supervised", "corpus"]) == {"tgt"}


def test_predictions_match_the_balanced_accuracy():
    results, predictions = cross_corpus_validate(
        {}, make_corpus("src"), {"tgt": target()}, cv=3,
        references=("zero-shot",), return_predictions=True, progress=False,
    )  # fmt: skip
    assert list(predictions.columns) == PREDICTION_COLUMNS
    from sklearn.metrics import balanced_accuracy_score

    rows = predictions[(predictions["fold"] == 1) & (predictions["corpus"] == "tgt")
                       & (predictions["class_set"] == "3class")]  # fmt: skip
    expected = rows_of(
        results[results["fold"] == 1], "balanced_accuracy_3class", corpus="tgt"
    )
    assert balanced_accuracy_score(rows["true"], rows["predicted"]) == pytest.approx(
        expected.item()
    )
    evaluation = np.random.RandomState(0).permutation(100)[20:]
    assert (
        len(rows)
        == target()[1]["emotion"]
        .iloc[evaluation]
        .isin(["neutral", "sad", "angry"])
        .sum()
    )


def test_adaptation_undoes_a_corpus_shift(results):
    # The target is the source's distribution scaled by 3 and shifted by 10: with
    # its own statistics the zero-shot classifier does as well as on the source;
    # with the source's it is lost.
    def zero_shot(frame):
        return rows_of(frame, "balanced_accuracy_4class", "eGeMAPS zero-shot",
                       "tgt").mean()  # fmt: skip

    assert zero_shot(results) > 0.9
    unadapted = cross_corpus_validate(
        {}, make_corpus("src"), {"tgt": target()}, cv=3, adapt_fraction=0.0,
        progress=False, references=("zero-shot",),
    )  # fmt: skip
    assert zero_shot(unadapted) < 0.5


def test_target_columns_are_matched_by_name(results):
    X, y = target()
    shuffled = cross_corpus_validate(models(), make_corpus("src"),
                                     {"tgt": (X[X.columns[::-1]], y)}, cv=3,
                                     progress=False)  # fmt: skip
    pd.testing.assert_frame_equal(shuffled, results)
    with pytest.raises(ValueError, match="corpus 'tgt' lacks 1 feature column.*f3"):
        cross_corpus_validate({}, make_corpus("src"),
                              {"tgt": (X.drop(columns="f3"), y)})  # fmt: skip


def test_parallel_equals_sequential(results):
    parallel = cross_corpus_validate(models(), make_corpus("src"), {"tgt": target()},
                                     cv=3, n_jobs=2, progress=False)  # fmt: skip
    pd.testing.assert_frame_equal(parallel, results)


def test_adapt_refits_only_the_scaler():
    X, y = make_corpus("src")
    pipe = make_pipeline(OutlierFilter(), StandardScaler(), DAE(**FAST)).fit(X, y)
    before = pipe.transform(X)
    shifted = X * 2 + 5
    adapted = adapt(pipe, shifted)
    np.testing.assert_allclose(adapted[1].mean_, shifted.mean().to_numpy())
    np.testing.assert_array_equal(pipe.transform(X), before)  # original untouched
    np.testing.assert_allclose(adapted.transform(shifted), before, rtol=1e-4,
                               atol=1e-5)  # fmt: skip
    assert adapted[2] is not pipe[2]
    # Columns in another order are matched by name, not position.
    reordered = adapt(pipe, shifted[shifted.columns[::-1]])
    np.testing.assert_allclose(reordered[1].mean_, adapted[1].mean_)


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
    with pytest.raises(ValueError, match="'src' has the source's name"):
        cross_corpus_validate({}, (X, y), {"src": target()})
    with pytest.raises(ValueError, match="unknown reference.*zero"):
        cross_corpus_validate({}, (X, y), {}, references=["zero"])


def test_too_small_corpora_are_refused_before_training():
    X, y = make_corpus("src")
    with pytest.raises(
        ValueError, match="source corpus 'source' has 0 row.*at least 5"
    ):
        cross_corpus_validate(models(), (X[:0], y[:0]), {"tgt": target()})
    X_t, y_t = target()
    with pytest.raises(ValueError, match="'tgt' has 1 row.*needs at least 6: 2 to "):
        cross_corpus_validate(models(), (X, y), {"tgt": (X_t[:1], y_t[:1])})
    with pytest.raises(ValueError, match="'tgt' has 0 row"):
        cross_corpus_validate(models(), (X, y), {"tgt": (X_t[:0], y_t[:0])})


def test_mixed_label_types_are_named():
    X, y = make_corpus("src")
    y["emotion"] = y["emotion"].astype(object)
    y.loc[3, "emotion"] = 7
    with pytest.raises(ValueError, match="corpus 'source'.*'emotion' mixes.*int.*str"):
        cross_corpus_validate({}, (X, y), {"tgt": target()})


def test_latent_codes_keep_labels_and_evaluation_rows():
    codes = latent_codes(models()["MetricDAE"], make_corpus("src"), {"tgt": target()})
    assert list(codes) == ["src", "tgt"]
    # The four training classes of 150 rows; 80% of the target.
    assert len(codes["src"]) == 120 and len(codes["tgt"]) == 80
    assert {"latent0", "latent1", "emotion", "activation"} <= set(codes["tgt"].columns)


def summary_rows():
    rows = [
        {"seed": 0, "fold": f, "model": m, "corpus": c, "role": "source",
         "metric": "balanced_accuracy_4class", "value": v}
        for m, c, values in [("A", "x", [0.5, 0.7]), ("B", "x", [0.2, 0.2]),
                             ("A", "y", [0.1, 0.3])]
        for f, v in enumerate(values)
    ]  # fmt: skip
    # Adjusted R2 of A on x: significant in one fold of two (median p 0.26).
    rows += [
        {"seed": 0, "fold": f, "model": "A", "corpus": "x", "role": "source",
         "metric": metric, "value": v}
        for metric, values in [("adjusted_r2_activation", [0.3, 0.1]),
                               ("p_activation", [0.02, 0.5]),
                               ("adjusted_r2_valence", [0.4, 0.6]),
                               ("p_valence", [0.001, 0.04]),
                               ("ccc_activation", [0.5, 0.3])]
        for f, v in enumerate(values)
    ]  # fmt: skip
    return pd.DataFrame(rows)


def test_summary_table():
    table = summarize(summary_rows())
    assert list(table.index) == ["A", "B"]
    assert table.loc["A", ("balanced_accuracy_4class", "x")] == "0.60 ± 0.14"
    assert table.loc["B", ("balanced_accuracy_4class", "x")] == "0.20 ± 0.00"
    assert pd.isna(table.loc["B", ("balanced_accuracy_4class", "y")])
    # The paper's asterisk: F-test p > 0.05.
    assert table.loc["A", ("adjusted_r2_activation", "x")] == "0.20 ± 0.14*"
    assert table.loc["A", ("adjusted_r2_valence", "x")] == "0.50 ± 0.14"
    # The CCC sits beside the adjusted R2 of its label, with no asterisk.
    assert table.loc["A", ("ccc_activation", "x")] == "0.40 ± 0.14"
    assert list(dict.fromkeys(table.columns.get_level_values("metric"))) == [
        "balanced_accuracy_4class", "adjusted_r2_activation", "ccc_activation",
        "adjusted_r2_valence",
    ]  # fmt: skip
    assert table.attrs["runs"] == 2
    markdown = render_table(table, caption="")
    assert "| A " in markdown and "Balanced accuracy, 4 classes (y)" in markdown
    assert "Adjusted R² activation (x)" in markdown
    assert "CCC activation (x)" in markdown
    assert markdown.count("\n") == 3  # header, rule, two rows
    assert "* adjusted R² with F-test p > 0.05" in render_table(table)
    assert "CCC: Lin's concordance correlation" in render_table(table)
    assert "CCC" not in table_caption(summarize(summary_rows(), ["p_valence"]))
    with pytest.raises(ValueError, match="metric.*spearman"):
        summarize(summary_rows(), ["spearman"])


def test_latex_table_is_escaped_with_a_caption(results):
    latex = render_table(summarize(results), "latex")
    assert latex.isascii()
    assert not re.search(r"(?<!\\)[_%#]", latex)  # every special character escaped
    assert "\\toprule" in latex and "\\caption{src $\\rightarrow$ tgt." in latex
    assert "Balanced accuracy, 4 classes" in latex
    assert "0.0 to 1.0" not in latex
    assert latex.count("\\begin{") == latex.count("\\end{")


def test_paper_models():
    models = paper_models(random_state=3, max_epochs=7)
    assert list(models) == list(MODEL_NAMES.values())
    latent = [pipe[-1] for pipe in models.values()]
    assert all(m.random_state == 3 and m.max_epochs == 7 for m in latent)
    assert models[MODEL_NAMES["metric_valence"]][-1].target == "valence"


def test_metric_models_left_out_without_labels():
    X, y = make_corpus("src")
    with pytest.warns(UserWarning, match=r"MetricDAE \(activation\) left out: the "
                      "source has 1 row"):  # fmt: skip
        models = experiment_models(
            (X, y.assign(activation=[1.0] + [np.nan] * 149)), max_epochs=1
        )
    assert list(models) == [
        name for key, name in MODEL_NAMES.items() if key != "metric_activation"
    ]


def test_unlabelled_source_rows_still_train_the_embedding():
    X, y = make_corpus("src")
    y.loc[y.index[::4], "emotion"] = None
    results = cross_corpus_validate(
        {"DAE": models()["DAE"]}, (X, y), {"tgt": make_corpus("tgt", n=60, seed=2)},
        cv=3, progress=False, references=False,
    )  # fmt: skip
    accuracy = results[results["metric"] == "balanced_accuracy_4class"]
    assert set(accuracy["corpus"]) == {"src", "tgt"}
    assert accuracy["value"].between(0, 1).all()
    # Unlabelled rows are kept: 150 - 30 fear rows + the unlabelled fear rows.
    unlabelled_fear = int(((np.arange(150) % 5 == 4) & (np.arange(150) % 4 == 0)).sum())
    assert rows_of(results, "n_trained").sum() == 2 * (120 + unlabelled_fear)


@pytest.mark.real_data
def test_protocol_on_the_bundled_corpora():
    dae = paper_models(max_epochs=2, hidden_layer_sizes=(8,))["DAE"]
    results = cross_corpus_validate(
        {"DAE": dae}, load_bundled("emodb"), {"urdu": load_bundled("urdu")}, cv=2,
        random_state=[0, 1], groups="speaker", references=("zero-shot",),
        progress=False,
    )  # fmt: skip
    assert set(results["seed"]) == {0, 1}
    emodb = load_bundled("emodb")[1]
    four = emodb["emotion"].isin(FOUR).sum()
    assert results.attrs["protocol"]["n_source_selected"] == four == 339
    scored = rows_of(results, "n_scored", "DAE", "emodb")
    outlying = rows_of(results, "n_outliers", "DAE", "emodb")
    assert scored.sum() + outlying.sum() == 2 * four  # each row held out once a seed
    # URDU's scored rows: the 80% evaluation part of each seed, outliers out.
    X_urdu = load_bundled("urdu")[0]
    inliers = zscore_inliers(X_urdu, 10.0)
    for seed in [0, 1]:
        evaluation = np.random.RandomState(seed).permutation(400)[80:]
        scored = rows_of(results[results["seed"] == seed], "n_scored", "DAE", "urdu")
        assert set(scored) == {inliers[evaluation].sum()}
