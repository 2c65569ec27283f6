"""Every step refuses what it cannot use, by name, and the label frame survives
scikit-learn's and imbalanced-learn's tools.

One test (or a few) per situation that a new user meets at the edges of the
scikit-learn ecosystem; each failed on the code before these checks, silently or
with an error that named nothing.
"""

import os

import numpy as np
import pandas as pd
import pytest
from conftest import write_tone
from imblearn.over_sampling import SMOTE, RandomOverSampler
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

import skser
from skser import (
    CORAL,
    MetricDAE,
    MixupGANAugmenter,
    RawCNNLSTMClassifier,
    SpeakerScaler,
    TargetColumn,
    make_pipeline,
)
from skser.cli import main
from skser.datasets import load_bundled
from skser.evaluation import evaluate_robustness
from skser.experiments import predict_files, train_model
from skser.nn import fgsm


@pytest.fixture(scope="module")
def frame():
    """60 rows of 4 features and a label frame of six columns."""
    rng = np.random.default_rng(0)
    emotion = np.array(["sad", "angry", "happy"])[np.arange(60) % 3]
    X = rng.standard_normal((60, 4)) + (emotion == "angry")[:, None] * 3.0
    y = pd.DataFrame({
        "emotion": emotion,
        "activation": rng.uniform(1, 5, 60),
        "valence": rng.uniform(1, 5, 60),
        "dominance": rng.uniform(1, 5, 60),
        "speaker": np.repeat(["s1", "s2", "s3", "s4", "s5", "s6"], 10),
        "corpus": "toy",
    })  # fmt: skip
    return X, y


# -- 1: scikit-learn label-encodes the frame into an unnamed int array ----------


def test_cross_val_predict_proba_is_refused_naming_the_column(frame):
    X, y = frame
    model = TargetColumn(RandomForestClassifier(n_estimators=5, random_state=0),
                         "emotion")  # fmt: skip
    message = (
        r"TargetColumn\(column='emotion'\) needs the column 'emotion', but y is a "
        r"2-D array of 6 columns without names.*y\['emotion'\].*method='predict'"
    )
    with pytest.raises(ValueError, match=message):
        cross_val_predict(model, X, y, cv=KFold(3), method="predict_proba")
    with pytest.raises(ValueError, match=r"^TargetColumn\(column='emotion'\) needs"):
        cross_val_predict(TargetColumn(LogisticRegression(), "emotion"), X, y,
                          cv=KFold(3), method="predict_proba")  # fmt: skip
    # What the message advises works: one column as y gives the probabilities.
    proba = cross_val_predict(model, X, y["emotion"], cv=KFold(3),
                              method="predict_proba")  # fmt: skip
    assert proba.shape == (60, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_a_latent_model_refuses_unnamed_columns_for_its_target(frame):
    X, y = frame
    encoded = np.column_stack([pd.factorize(y[c])[0] for c in y.columns])
    with pytest.raises(
        ValueError,
        match=r"^MetricDAE \(the metric term\) needs the "
        r"column 'activation', but y is a 2-D array of 6 columns",
    ):
        MetricDAE(target="activation", max_epochs=1).fit(X, encoded)
    gan_message = (
        r"^MixupGANAugmenter\(target='emotion'\) needs the column 'emotion', but y "
        r"is a 2-D array"
    )
    with pytest.raises(ValueError, match=gan_message):
        MixupGANAugmenter(target="emotion", max_epochs=1).fit_resample(X, encoded)
    # A 1-D y is the target column itself, as before.
    MetricDAE(target="activation", max_epochs=1).fit(X, y["activation"].to_numpy())


# -- 2: a bare imbalanced-learn sampler given the label frame -------------------


@pytest.mark.parametrize("sampler", [SMOTE(), RandomOverSampler()],
                         ids=["SMOTE", "RandomOverSampler"])  # fmt: skip
def test_a_bare_sampler_given_the_frame_points_at_column_sampler(frame, sampler):
    X, y = frame
    pipe = make_pipeline(StandardScaler(), sampler,
                         TargetColumn(LinearSVC(), "emotion"))  # fmt: skip
    name = type(sampler).__name__
    with pytest.raises(ValueError, match=rf"step '{name.lower()}' \({name}\) is an "
                       rf"imbalanced-learn sampler.*ColumnSampler\({name}\(\.\.\.\), "
                       r"'emotion'\)"):  # fmt: skip
        pipe.fit(X, y)
    # With one column as y the bare sampler is fine.
    make_pipeline(StandardScaler(), sampler, LinearSVC()).fit(X, y["emotion"])


# -- 3: end-to-end classifiers given missing labels ---------------------------------


@pytest.fixture(scope="module")
def waveforms():
    return np.random.default_rng(0).standard_normal((6, 500)).astype(np.float32)


@pytest.mark.parametrize(
    "labels",
    [
        pd.Series(["sad", "angry", np.nan, "sad", "angry", "sad"]),
        ["sad", "angry", None, "sad", "angry", "sad"],
    ],
    ids=["loader-column-with-nan", "list-with-none"],
)
def test_classifiers_refuse_missing_labels_naming_the_row(waveforms, labels):
    with pytest.raises(ValueError, match=r"RawCNNLSTMClassifier: 1 of 6 labels are "
                       r"missing \(NaN or None\), the first in row 2"):  # fmt: skip
        RawCNNLSTMClassifier(sampling_rate=1000, max_epochs=1).fit(waveforms, labels)


# -- 4: fitted on files of one length, given waveforms of another --------------------


@pytest.fixture(scope="module")
def fitted_on_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tones")
    paths = [write_tone(folder / f"{i}.wav", seconds=0.6, freq=150.0 + 40 * i,
                        seed=i) for i in range(4)]  # fmt: skip
    model = RawCNNLSTMClassifier(sampling_rate=1000, duration=0.5, max_epochs=1,
                                 random_state=0)  # fmt: skip
    return model.fit(paths, ["sad", "angry"] * 2), paths


def test_fitted_on_files_refuses_waveforms_of_another_length(fitted_on_files):
    model, paths = fitted_on_files
    assert model.n_audio_samples_ == 500
    one_second = np.zeros((2, 1000), dtype=np.float32)
    with pytest.raises(
        ValueError,
        match=r"fitted on waveforms of 500 samples \(audio "
        r"files cut or padded to duration=0.5 s at 1000 Hz\) and is "
        r"given waveforms of 1000 samples \(an array of waveforms\)",
    ):
        model.predict(one_second)
    # Waveforms of the length the files were cut to are what it was trained on.
    assert model.predict(np.zeros((2, 500), dtype=np.float32)).shape == (2,)
    assert model.predict(paths).shape == (4,)


def test_fitted_on_waveforms_refuses_files_of_another_length(
    waveforms, fitted_on_files
):
    _, paths = fitted_on_files
    model = RawCNNLSTMClassifier(
        sampling_rate=1000, duration=1.0, max_epochs=1, random_state=0
    ).fit(waveforms, ["sad", "angry"] * 3)
    with pytest.raises(ValueError, match=r"fitted on waveforms of 500 samples \(an "
                       r"array of waveforms\) and is given waveforms of 1000 samples "
                       r"\(audio files.*set duration= to 0.5 s"):  # fmt: skip
        model.predict(paths)
    assert model.set_params(duration=0.5).predict(paths).shape == (4,)


# -- 5: speaker ids as ints in fit, as strings in transform ---------------------------


def test_speaker_ids_match_across_int_and_string_spellings():
    fitted = pd.DataFrame(
        {"speaker": [1, 1, 2, 2], "pitch": [100.0, 120.0, 200.0, 260.0]}
    )
    scaler = SpeakerScaler(min_samples=2).fit(fitted)
    # Each speaker's own mean and deviation: (100, 120) -> -1, 1; (200, 260) -> -1, 1.
    expected = [-1.0, 1.0, -1.0, 1.0]
    as_text = fitted.astype({"speaker": str})  # as load_manifest gives them
    assert scaler.transform(as_text).ravel().tolist() == expected
    assert scaler.transform(fitted).ravel().tolist() == expected
    assert scaler.speakers_.tolist() == ["1", "2"]


# -- 6: CORAL without regularisation on a singular covariance -------------------


def test_coral_refuses_a_singular_covariance():
    rng = np.random.default_rng(0)
    few_rows = rng.standard_normal((5, 10))
    with pytest.raises(ValueError, match=r"CORAL\(regularization=0\): the covariance "
                       r"of the rows given to fit is singular or nearly so \(5 rows "
                       r"for 10 features.*Set regularization > 0"):  # fmt: skip
        CORAL(regularization=0).fit(few_rows)
    flat = rng.standard_normal((200, 3))
    flat[:, 2] = 1.0 + 1e-9 * rng.standard_normal(200)
    reference = CORAL(regularization=0).fit(rng.standard_normal((200, 3)))
    with pytest.raises(ValueError, match=r"rows given to adapt.*1 \(near-\)constant "
                       r"feature\(s\), the first 'column 2'"):  # fmt: skip
        reference.adapt(flat)
    # The default regularisation (Sun et al.'s identity) keeps the map tame.
    aligned = CORAL().fit(rng.standard_normal((200, 3))).adapt(flat).transform(flat)
    assert np.abs(aligned).max() < 10


# -- 7: robustness levels that are not levels, labels the model never saw ------------


@pytest.fixture(scope="module")
def raw_model(waveforms):
    return RawCNNLSTMClassifier(sampling_rate=1000, max_epochs=1, random_state=0).fit(
        waveforms, ["sad", "angry"] * 3
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"snrs": [10, -np.inf]}, "snrs: -inf is not a usable signal-to-noise ratio"),
        ({"snrs": [np.nan]}, "snrs: nan is not a usable signal-to-noise ratio"),
        (
            {"epsilons": [-0.01]},
            r"epsilons: -0.01 is not a usable FGSM perturbation "
            r"size; give finite numbers >= 0",
        ),  # fmt: skip
    ],
)
def test_robustness_refuses_bad_levels_by_name(raw_model, waveforms, options,
                                               message):  # fmt: skip
    with pytest.raises(ValueError, match=message):
        evaluate_robustness({"raw": raw_model}, waveforms, ["sad", "angry"] * 3,
                            **options)  # fmt: skip
    with pytest.raises(ValueError, match="epsilon: -1 is not a usable"):
        fgsm(raw_model.net_.module_, waveforms, np.zeros(6), epsilon=-1)


def test_fgsm_with_labels_the_model_never_saw(raw_model, waveforms):
    with pytest.raises(ValueError, match=r"FGSM on model 'raw': none of the test "
                       r"labels \(happy\) is a class the model was trained on "
                       r"\(angry, sad\)"):  # fmt: skip
        evaluate_robustness({"raw": raw_model}, waveforms, ["happy"] * 6,
                            snrs=[], epsilons=[0.01])  # fmt: skip
    labels = ["sad", "angry", "happy", "sad", "angry", "happy"]
    with pytest.warns(UserWarning, match=r"2 test row\(s\) have labels the model was "
                      r"not trained on \(happy\)"):  # fmt: skip
        results = evaluate_robustness({"raw": raw_model}, waveforms, labels,
                                      snrs=[], epsilons=[0.01])  # fmt: skip
    counts = results[results["metric"] == "n_scored"].set_index("condition")
    assert counts.loc["fgsm", "value"] == 4


# -- 8: the GAN with no labels, asked for a negative or fractional number of rows ----


def test_augmenter_refuses_an_all_missing_target_and_bad_counts(frame):
    X, y = frame
    unlabelled = y.assign(emotion=np.nan)
    with pytest.raises(ValueError, match=r"MixupGANAugmenter\(target='emotion'\): "
                       r"every one of the 60 rows of the target column 'emotion' is "
                       r"missing"):  # fmt: skip
        MixupGANAugmenter(target="emotion", max_epochs=1).fit_resample(X, unlabelled)
    gan = MixupGANAugmenter(max_epochs=1, random_state=0).fit(X, y["emotion"])
    for n in (-1, 2.7):
        with pytest.raises(ValueError, match=rf"a whole number >= 0, got {n}"):
            gan.sample(n, ["sad"])
    assert gan.sample(0, ["sad"])[0].shape == (0, 4)
    assert gan.sample(np.int64(2), ["sad"])[0].shape == (2, 4)


# -- 9: saving, loading and predicting files ------------------------------------------


def test_save_refuses_an_unfitted_model(tmp_path):
    path = tmp_path / "model.skser"
    with pytest.raises(NotFittedError, match=r"skser.save: this Pipeline is not "
                       r"fitted.*fit it first"):  # fmt: skip
        skser.save(make_pipeline(StandardScaler(), LinearSVC()), path)
    assert not path.exists()


def test_load_says_truncated_or_damaged_with_the_cause(tmp_path):
    path = tmp_path / "model.skser"
    skser.save(LinearSVC().fit([[0.0], [1.0]], ["sad", "angry"]), path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ValueError, match=r"model.skser is truncated or damaged: .*"
                       r"\((EOFError|UnpicklingError): "):  # fmt: skip
        skser.load(path)
    empty = tmp_path / "empty.skser"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match=r"empty.skser is not a model file written "
                       r"by skser.save \(it is empty\)"):  # fmt: skip
        skser.load(empty)


@pytest.fixture(scope="module")
def trained():
    X, y = load_bundled("emodb")
    return train_model(X, y, max_epochs=2, classifier="logistic", random_state=0)


def test_predict_files_checks_the_model_and_paths_before_reading(trained, tmp_path):
    missing = str(tmp_path / "missing.wav")  # read first, it would fail otherwise
    no_classifier = make_pipeline(*[step for _, step in trained.steps[:-1]])
    with pytest.raises(ValueError, match="ends with a MetricDAE, which predicts "
                       "nothing: it has no classifier"):  # fmt: skip
        predict_files(no_classifier, [missing])
    with pytest.raises(TypeError, match="got the single path 'one.wav'; wrap it in "
                       "a list"):  # fmt: skip
        predict_files(trained, "one.wav")


@pytest.fixture
def good_and_bad(tmp_path):
    good = [write_tone(tmp_path / "a.wav"), write_tone(tmp_path / "c.wav", freq=300.0)]
    bad = tmp_path / "b.wav"
    bad.write_text("not audio")
    return [good[0], str(bad), good[1]]


def test_predict_command_on_error_and_cache(trained, good_and_bad, tmp_path, capsys):
    model = tmp_path / "model.skser"
    skser.save(trained, model)
    out = tmp_path / "predictions.csv"
    # By default nothing is predicted, and the way out is the command's option.
    assert main(["predict", str(model), *good_and_bad, "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "could not read 1 of 3 file(s)" in err and "b.wav" in err
    assert "--on-error nan" in err and "on_error=" not in err
    assert not out.exists()
    cache = tmp_path / "cache"
    assert main(["predict", str(model), *good_and_bad, "-o", str(out), "-q",
                 "--on-error", "nan", "--cache", str(cache)]) == 1  # fmt: skip
    table = pd.read_csv(out)
    assert table["path"].tolist() == good_and_bad
    assert table["predicted"].isna().tolist() == [False, True, False]
    assert set(table["predicted"].dropna()) <= {"neutral", "sad", "happy", "angry"}
    assert table.filter(like="probability_").iloc[1].isna().all()
    err = capsys.readouterr().err
    assert "b.wav" in err and "1 of 3 file(s) could not be read" in err
    assert any(files for _, _, files in os.walk(cache))  # the good files' features
    assert main(["predict", str(model), *good_and_bad, "-o", str(out), "-q",
                 "--on-error", "skip", "--cache", str(cache)]) == 1  # fmt: skip
    skipped = pd.read_csv(out)
    assert skipped["path"].tolist() == [good_and_bad[0], good_and_bad[2]]
    assert skipped["predicted"].tolist() == table["predicted"].dropna().tolist()
