"""Bringing one's own corpus: manifests, folder patterns, load_corpus; label files."""

import os
import shutil

import numpy as np
import pandas as pd
import pytest
from conftest import write_stub

from skser import EGeMAPSExtractor
from skser.datasets import (
    LOADERS,
    load_bundled,
    load_corpus,
    load_emodb,
    load_folder,
    load_manifest,
    read_das_labels,
)


def touch(path):
    return write_stub(path)


@pytest.fixture
def corpus(tmp_path):
    """Three files in a folder, and a manifest beside them with relative paths."""
    for name in ["audio/a.wav", "audio/b.wav", "audio/sub/c.wav"]:
        touch(tmp_path / name)
    manifest = tmp_path / "mine.csv"
    manifest.write_text(
        "path,emotion,activation,valence,speaker,gender,split,session\n"
        "audio/a.wav,Anger,4.5,2,s1,F,train,1\n"
        "audio/b.wav,hap,,3.5,s2,male,test,2\n"
        "audio/sub/c.wav,NEUTRAL,3,3,s1,f,train,1\n"
    )
    return manifest


def test_manifest_normalises_and_keeps_extra_columns(corpus):
    frame = load_manifest(corpus)
    assert list(frame.columns) == [
        "path", "corpus", "language", "speaker", "gender", "emotion",
        "activation", "valence", "split", "session",
    ]  # fmt: skip
    assert frame["path"].tolist() == [
        str(corpus.parent / name) for name in ["audio/a.wav", "audio/b.wav",
                                               "audio/sub/c.wav"]
    ]  # fmt: skip
    assert frame["emotion"].tolist() == ["angry", "happy", "neutral"]
    assert frame["gender"].tolist() == ["female", "male", "female"]
    assert frame["activation"].tolist()[::2] == [4.5, 3.0]
    assert np.isnan(frame["activation"][1])
    assert (frame["corpus"] == "mine").all()
    assert frame["session"].tolist() == ["1", "2", "1"]  # kept as written


def test_manifest_relative_paths_against_root(corpus, tmp_path):
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.copy(corpus, moved / "mine.csv")
    with pytest.raises(FileNotFoundError, match=r"3 of 3 file\(s\) not found"):
        load_manifest(moved / "mine.csv")  # paths are relative to the manifest
    frame = load_manifest(moved / "mine.csv", root=tmp_path)
    assert frame["path"].tolist()[0] == str(tmp_path / "audio" / "a.wav")


def test_manifest_lists_missing_paths(corpus):
    (corpus.parent / "audio" / "b.wav").unlink()
    (corpus.parent / "audio" / "sub" / "c.wav").unlink()
    with pytest.raises(
        FileNotFoundError,
        match=r"mine.csv: 2 of 3 file\(s\) not found.*line 3: audio/b.wav; "
        r"line 4: audio/sub/c.wav",
    ):
        load_manifest(corpus)


def test_manifest_unknown_emotion_lists_accepted_names(corpus):
    corpus.write_text(corpus.read_text().replace("hap", "elated"))
    with pytest.raises(ValueError, match=r"unknown emotion name\(s\) 'elated'.*angry"):
        load_manifest(corpus)


def test_manifest_column_names_and_frame(tmp_path):
    touch(tmp_path / "x.wav")
    table = pd.DataFrame(
        {"file": [str(tmp_path / "x.wav")], "label": ["Sadness"], "arousal": [1.5]}
    )
    frame = load_manifest(
        table,
        columns={"path": "file", "emotion": "label", "activation": "arousal"},
        corpus="table",
        language="Danish",
    )
    assert frame[["corpus", "language", "emotion", "activation"]].values.tolist() == [
        ["table", "Danish", "sad", 1.5],
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"lacks column\(s\) 'path'.*file, label"):
        load_manifest(table)


def test_manifest_bad_number_and_gender(corpus):
    text = corpus.read_text()
    corpus.write_text(text.replace("4.5", "high").replace(",3,3,", ',"3,5",3,'))
    with pytest.raises(
        ValueError,
        match=r"mine.csv: 2 value\(s\) are not numbers \(line 2, activation: 'high'; "
        r"line 4, activation: '3,5'\)",
    ):
        load_manifest(corpus)
    corpus.write_text(text.replace(",F,", ",x,"))
    with pytest.raises(ValueError, match=r"unknown gender\(s\) 'x'"):
        load_manifest(corpus)


def test_manifest_round_trip_through_extractor(data_root, tmp_path):
    """A manifest of real EmoDB files gives the features of the EmoDB loader."""
    emodb = load_emodb(data_root / "emodb").iloc[[0, 200, 400]]
    manifest = tmp_path / "emodb.csv"
    pd.DataFrame(
        {
            "path": [os.path.relpath(p, data_root) for p in emodb["path"]],
            "emotion": emodb["emotion"].str.upper(),
            "speaker": emodb["speaker"],
        }
    ).to_csv(manifest, index=False)
    frame = load_manifest(manifest, root=data_root)
    assert frame["path"].tolist() == emodb["path"].tolist()
    assert frame["emotion"].tolist() == emodb["emotion"].tolist()
    extractor = EGeMAPSExtractor(progress=False)
    np.testing.assert_array_equal(
        extractor.transform(frame), extractor.transform(emodb)
    )
    # and they are the bundled features of those files
    X, _ = load_bundled("emodb")
    names = emodb["path"].map(os.path.basename)
    np.testing.assert_allclose(
        extractor.transform(frame), X.loc[names], rtol=1e-6, atol=1e-6
    )


def test_load_folder_on_a_layout_of_ones_own(tmp_path):
    for name in ["anna/Anger/01.wav", "anna/sad/02.wav", "ben/Happiness/01.flac"]:
        touch(tmp_path / name)
    frame = load_folder(
        tmp_path, r"(?P<speaker>[a-z]+)/(?P<emotion>\w+)/(?P<take>\d+)", match="path"
    )
    assert frame[["speaker", "emotion", "take"]].values.tolist() == [
        ["anna", "angry", "01"], ["anna", "sad", "02"], ["ben", "happy", "01"],
    ]  # fmt: skip
    assert (frame["corpus"] == tmp_path.name).all()
    with pytest.raises(ValueError, match="file name '01.wav' .* does not follow"):
        load_folder(tmp_path, r"(?P<speaker>[a-z]+)_(?P<emotion>\w+)")
    with pytest.raises(ValueError, match="codes for gender, but the pattern has no"):
        load_folder(tmp_path, r"(?P<emotion>\w+)", {"gender": {"m": "male"}})
    touch(tmp_path / "ben/bliss/02.wav")
    with pytest.raises(ValueError, match=r"unknown emotion name\(s\) 'bliss'"):
        load_folder(tmp_path, r"(?P<speaker>\w+)/(?P<emotion>\w+)/\d+", match="path")


def test_load_corpus_by_name_or_manifest(corpus, tmp_path, data_root):
    frame = load_corpus("mine", corpus)
    assert (frame["corpus"] == "mine").all()
    assert len(frame) == 3
    with pytest.raises(ValueError, match="is a manifest: it carries its own"):
        load_corpus("mine", corpus, labels=tmp_path)
    with pytest.raises(ValueError, match="unknown corpus 'mine': use one of emodb"):
        load_corpus("mine", tmp_path)
    with pytest.raises(
        ValueError, match="annotated emodb, urdu, cafe, aesdd only, not tess"
    ):
        load_corpus("tess", tmp_path, labels=tmp_path)
    urdu = load_corpus("urdu", data_root / "urdu", labels=data_root / "das2022_labels")
    assert urdu["activation"].notna().all()
    assert set(LOADERS) >= {"msp-improv", "ravdess", "crema-d", "tess", "shemo"}


# Label files as users hand them over (Das et al. 2022 format).


def test_das_labels_empty_file(tmp_path):
    path = tmp_path / "EMO_DB.csv"
    path.write_text("")
    with pytest.raises(ValueError, match=r"label file .*EMO_DB.csv is empty"):
        read_das_labels(path)


def test_das_labels_utf16_from_a_spreadsheet(tmp_path):
    path = tmp_path / "EMO_DB.csv"
    text = "filename\tactivation\tvalence \r\n03a01Fa.wav\t3,5\t4\r\n"
    path.write_bytes(text.encode("utf-16"))  # with a byte-order mark, tabs
    with pytest.raises(
        ValueError, match=r"EMO_DB.csv: 1 value.*line 2, activation: '3,5'"
    ):
        read_das_labels(path)
    path.write_bytes(text.replace("3,5", "3.5").encode("utf-16"))
    assert read_das_labels(path).loc["03a01Fa.wav"].tolist() == [3.5, 4.0]
    path.write_bytes(text.encode("utf-16-le"))  # no byte-order mark
    with pytest.raises(ValueError, match=r"EMO_DB.csv holds NUL bytes.*UTF-16"):
        read_das_labels(path)


def test_das_labels_unparsable_values_listed(tmp_path):
    path = tmp_path / "CAFE.csv"
    path.write_text(
        "filname,activation ,valence\n01-C-1-1.wav,4,1\n\n01-C-1-2.wav,high,2\n"
        '01-C-1-3.wav,"3,5",\n01-C-1-4.wav,nan,NA\n'
    )
    with pytest.raises(
        ValueError,
        match=r"CAFE.csv: 2 value\(s\) are not numbers \(line 4, activation: 'high'; "
        r"line 5, activation: '3,5'\)",
    ):
        read_das_labels(path)


def test_das_labels_outside_the_scale_warn(tmp_path):
    path = tmp_path / "URDU.csv"
    path.write_text(",,filename,activation,valence\n,,a.wav,50,3\n,,b.wav,2,-3\n")
    with pytest.warns(
        UserWarning,
        match=r"URDU.csv: 2 value\(s\) outside the annotation scale 1-5 "
        r"\(line 2, activation: 50; line 3, valence: -3\)",
    ):
        labels = read_das_labels(path)
    assert labels.loc["a.wav"].tolist() == [50.0, 3.0]  # kept, not dropped


def test_das_labels_not_utf8(tmp_path):
    path = tmp_path / "AESD.csv"
    path.write_bytes("filename,activation,valence\nä.wav,3,3\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"AESD.csv is not valid utf-8 .*UTF-8"):
        read_das_labels(path)


@pytest.mark.real_data
def test_real_label_files_read_without_warning(data_root):
    counts = {}
    for name in ["EMO_DB.csv", "CAFE.csv", "URDU.csv", "AESD.csv"]:
        labels = read_das_labels(data_root / "das2022_labels" / name)
        counts[name] = len(labels)
        values = labels.to_numpy()
        assert ((values >= 1) & (values <= 5) | np.isnan(values)).all()
    assert counts == {
        "EMO_DB.csv": 535, "CAFE.csv": 936, "URDU.csv": 400, "AESD.csv": 455,
    }  # fmt: skip
