"""The protocol never scores a recording it trained on, and checks before it fits.

A recording held twice (the RAVDESS modality twins, a second copy of a corpus)
gives two identical rows of features: the protocol keeps them inside one fold and
on one side of a transfer corpus's adaptation split, and counts them. Every
condition a reference needs on a corpus is checked before the first model is
fitted; a reference that cannot be computed is left out with a note.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import write_stub
from hypothesis import given
from hypothesis import strategies as st
from sklearn.preprocessing import FunctionTransformer, StandardScaler

import skser.evaluation._corpora as corpora
import skser.evaluation._protocol as protocol
from skser import MetricDAE, OutlierFilter, make_pipeline
from skser.evaluation import cross_corpus_validate, summarize, table_caption
from skser.evaluation._checks import (
    count_duplicates,
    duplicate_ids,
    fold_groups,
    make_folds,
    split_adaptation,
)
from skser.model_selection import ColumnStratifiedGroupKFold, ColumnStratifiedKFold

CLASSES = ("neutral", "sad", "happy", "angry")


def make_corpus(name, n=80, seed=0, classes=CLASSES, speakers=8):
    rng = np.random.default_rng(seed)
    emotion = np.array(classes)[np.arange(n) % len(classes)]
    X = pd.DataFrame(rng.normal(size=(n, 4)), columns=["f0", "f1", "f2", "f3"])
    X["f0"] += [3.0 * classes.index(e) for e in emotion]
    y = pd.DataFrame({"emotion": emotion, "activation": X["f0"] / 3 + 1,
                      "valence": rng.uniform(1, 5, n), "corpus": name,
                      "speaker": [f"s{i % speakers}" for i in range(n)]})  # fmt: skip
    return X, y


def plant_twins(X, y, copies):
    """Append a second copy (same features and labels) of the rows ``copies``."""
    return (
        pd.concat([X, X.iloc[copies]], ignore_index=True),
        pd.concat([y, y.iloc[copies]], ignore_index=True),
    )


def _first_two(X):
    return np.asarray(X)[:, :2]


def projection():
    return make_pipeline(OutlierFilter(), StandardScaler(),
                         FunctionTransformer(_first_two))  # fmt: skip


@pytest.fixture
def recorded(monkeypatch):
    """Every fold the protocol fits, as (seed, model, train rows, test rows)."""
    folds = []
    evaluate = protocol._evaluate_fold

    def recording(task, *args):
        folds.append((task.seed, task.name, task.train, task.test))
        return evaluate(task, *args)

    monkeypatch.setattr(protocol, "_evaluate_fold", recording)
    return folds


def twin_rows(n, copies):
    """Pairs of row positions holding one recording."""
    return [(row, n + k) for k, row in enumerate(copies)]


def test_planted_duplicates_never_straddle_a_fold(recorded):
    X, y = make_corpus("src")
    copies = list(range(0, 80, 5))  # 16 recordings held twice
    X, y = plant_twins(X, y, copies)
    target = make_corpus("tgt", seed=1)
    with pytest.warns(UserWarning, match=r"src: 16 recording\(s\) in 32 rows"):
        results = cross_corpus_validate(
            {"projection": projection()}, (X, y), {"tgt": target},
            references=("zero-shot",), random_state=[0, 1], progress=False,
        )  # fmt: skip
    assert len(recorded) == 2 * 5 * 2  # seeds x folds x (model, zero-shot)
    for _, _, train, test in recorded:
        for a, b in twin_rows(80, copies):
            assert (a in train) == (b in train), (a, b)
            assert (a in test) == (b in test), (a, b)
    assert results.attrs["protocol"]["n_duplicates"] == {"src": 16, "tgt": 0}
    caption = table_caption(summarize(results))
    assert "Rows repeating a recording, kept in its fold: src 16." in caption


def test_without_grouping_the_same_folds_split_twins():
    # What the protocol used to do: plain stratified folds split most twins.
    X, y = make_corpus("src")
    copies = list(range(0, 80, 5))
    X, y = plant_twins(X, y, copies)
    cv = ColumnStratifiedKFold(5, "emotion", shuffle=True, random_state=0)
    train, test = next(cv.split(X, y))
    split = sum((a in train) != (b in train) for a, b in twin_rows(80, copies))
    assert split >= 4
    ids = np.full(len(X), -1)
    ids[copies] = ids[80:] = np.arange(16)
    # A splitter given by the user that splits a twin is refused, naming it.
    with pytest.raises(ValueError, match=r"corpus 'src': the folds of .* put \d+ "):
        make_folds(cv, None, 0, X, y, ids, "src")
    # A splitter that takes groups gets them, and keeps each twin together.
    grouped = ColumnStratifiedGroupKFold(5, shuffle=True, random_state=0)
    for train, _ in make_folds(grouped, None, 0, X, y, ids, "src"):
        assert all((a in train) == (b in train) for a, b in twin_rows(80, copies))


def test_twins_in_a_transfer_corpus_stay_on_one_side_of_the_adaptation(recorded):
    source = make_corpus("src")
    X, y = make_corpus("tgt", seed=1)
    copies = list(range(0, 80, 3))
    X, y = plant_twins(X, y, copies)
    seen = []
    adapt = corpora.adapt

    def adapting(model, X_adapt):
        seen.append(X_adapt)
        return adapt(model, X_adapt)

    corpora.adapt, restore = adapting, adapt
    try:
        with pytest.warns(UserWarning, match="tgt: 27 recording"):
            results = cross_corpus_validate(
                {"projection": projection()}, source, {"tgt": (X, y)},
                references=("supervised",), progress=False, return_predictions=True,
            )  # fmt: skip
    finally:
        corpora.adapt = restore
    adapt_rows, eval_rows = corpora._Corpus(
        "tgt", X, y, np.ones(len(X), bool),
        corpora.duplicate_ids(X)).adaptation_split(0.2, 0)  # fmt: skip
    for a, b in twin_rows(80, copies):
        assert (a in adapt_rows) == (b in adapt_rows)
    assert {tuple(rows.index) for rows in seen} == {tuple(adapt_rows)}
    supervised = results[0][results[0]["model"] == "eGeMAPS supervised"]
    assert sorted(supervised["fold"].unique()) == [0, 1, 2, 3, 4]


@given(st.lists(st.integers(-1, 5), min_size=1, max_size=40),
       st.floats(0, 0.9), st.integers(0, 2**16))  # fmt: skip
def test_adaptation_split_keeps_groups_and_equals_the_draw_without_them(
    ids, fraction, seed
):
    ids = np.array(ids)
    adapt_rows, eval_rows = split_adaptation(len(ids), fraction, seed, ids)
    assert sorted([*adapt_rows, *eval_rows]) == list(range(len(ids)))
    held = ids >= 0
    assert not set(ids[adapt_rows][held[adapt_rows]]) & set(
        ids[eval_rows][held[eval_rows]]
    )
    order = np.random.RandomState(seed).permutation(len(ids))
    n_adapt = int(np.ceil(fraction * len(ids)))
    plain = split_adaptation(len(ids), fraction, seed, np.full(len(ids), -1))
    assert plain[0].tolist() == sorted(order[:n_adapt])


def test_fold_groups_join_speakers_and_recordings():
    y = pd.DataFrame({"speaker": ["a", "a", "b", "c", "d", "d"]})
    ids = np.array([-1, -1, 0, -1, 0, -1])  # rows 2 and 4: one recording
    labels = fold_groups(y, "speaker", ids)
    # a | b, d joined through the recording | c
    assert labels[0] == labels[1] != labels[2]
    assert labels[2] == labels[4] == labels[5] != labels[3]
    assert len(set(labels)) == 3
    assert fold_groups(y, "speaker", np.full(6, -1)) is None
    assert len(set(fold_groups(y, None, ids))) == 5


# Row 7: a transfer corpus with none of the trained classes.


def test_corpus_without_trained_classes_is_noted_before_any_fit(recorded):
    source = make_corpus("src")
    other = make_corpus("other", classes=("fear", "disgust"), seed=2)
    caught = []

    def check_warned_first(*args):
        caught.append(len(record))
        return evaluate(*args)

    evaluate = protocol._evaluate_fold
    protocol._evaluate_fold = check_warned_first
    try:
        with pytest.warns(UserWarning) as record:
            results = cross_corpus_validate(
                {"projection": projection()}, source, {"other": other},
                progress=False,
            )  # fmt: skip
    finally:
        protocol._evaluate_fold = evaluate
    notes = results.attrs["protocol"]["notes"]
    assert notes[0] == (
        "other: no balanced accuracy: it holds none of the classes scored "
        "(4class: neutral, sad, happy, angry; 3class: neutral, sad, angry)"
    )
    assert notes[1] == (
        "other: the supervised reference is left out: it holds none of the "
        "training classes (neutral, sad, happy, angry), and a classifier needs two"
    )
    assert caught[0] >= 1 and "other: the supervised reference" in str(
        record[0].message
    )
    assert "eGeMAPS supervised" not in set(results["model"])
    assert f"Left out: {notes[0]}; {notes[1]}." in table_caption(summarize(results))
    scored = results[
        (results["corpus"] == "other") & (results["model"] == "projection")
    ]
    assert "bhattacharyya_to_source" in set(scored["metric"])


def test_source_without_two_classes_is_refused_before_any_fit(recorded):
    source = make_corpus("src", classes=("sad", "fear"))
    with pytest.raises(ValueError, match="source corpus 'src' lacks the classes"):
        cross_corpus_validate({"projection": projection()}, source,
                              {"tgt": make_corpus("tgt")}, progress=False)  # fmt: skip
    assert recorded == []


# Row 8: group folds and a transfer corpus of one speaker.


def test_one_speaker_transfer_corpus_leaves_its_supervised_reference_out(recorded):
    source = make_corpus("src")
    lone = make_corpus("lone", seed=3, speakers=1)
    with pytest.warns(UserWarning, match="lone: the supervised reference is left"):
        results = cross_corpus_validate(
            {"projection": projection()}, source, {"lone": lone}, groups="speaker",
            progress=False,
        )  # fmt: skip
    assert results.attrs["protocol"]["notes"] == [
        "lone: the supervised reference is left out: 5 group folds need at least "
        "5 groups in 'speaker', found 1"
    ]
    assert set(results.loc[results["corpus"] == "lone", "model"]) == {
        "projection", "eGeMAPS zero-shot",
    }  # fmt: skip


def test_source_with_too_few_speakers_is_refused_by_name_before_any_fit(recorded):
    source = make_corpus("src", speakers=3)
    with pytest.raises(ValueError, match="corpus 'src': 5 group folds need at least"):
        cross_corpus_validate({"projection": projection()}, source,
                              {"tgt": make_corpus("tgt")}, groups="speaker",
                              progress=False)  # fmt: skip
    assert recorded == []


def test_metric_reference_without_target_labels_is_left_out(recorded):
    source = make_corpus("src")
    X, y = make_corpus("bare", seed=4)
    y = y.assign(activation=np.nan)
    model = make_pipeline(OutlierFilter(), StandardScaler(),
                          MetricDAE("activation", max_epochs=1,
                                    hidden_layer_sizes=(4,)))  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = cross_corpus_validate(
            {"MetricDAE": model}, source, {"bare": (X, y)}, cv=2,
            references=("supervised-metric",), progress=False,
        )  # fmt: skip
    assert results.attrs["protocol"]["notes"] == [
        "bare: no activation labels: no activation metrics",
        "bare: MetricDAE supervised is left out: its adaptation rows hold 0 row(s) "
        "labelled with activation, it needs 2",
    ]
    assert {name for _, name, _, _ in recorded} == {"MetricDAE"}


def test_duplicate_ids_of_features_and_of_audio_paths(tmp_path):
    X = pd.DataFrame({"f0": [1.0, 2.0, 1.0, np.nan, np.nan, 2.0, 3.0],
                      "f1": [0.5, 0.5, 0.5, 1.0, 1.0, 0.5, 0.5]})  # fmt: skip
    # rows 0 and 2, 1 and 5 are one recording; NaN rows are never grouped
    assert duplicate_ids(X).tolist() == [0, 1, 0, -1, -1, 1, -1]
    paths = [write_stub(tmp_path / n, content=c) for n, c in
             [("a.wav", "x"), ("b.wav", "y"), ("copy.wav", "x")]]  # fmt: skip
    assert duplicate_ids(pd.DataFrame({"path": map(str, paths)})).tolist() == [
        0, -1, 0,
    ]  # fmt: skip
    assert count_duplicates(np.array([0, 1, 0, -1, 1, 1])) == (2, 5)
