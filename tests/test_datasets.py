import os

import numpy as np
import pandas as pd
import pytest
from conftest import write_stub

from skser import EGeMAPSExtractor
from skser.datasets import (
    EMOTIONS,
    LOADERS,
    load_aesdd,
    load_bundled,
    load_cafe,
    load_crema_d,
    load_emodb,
    load_emovo,
    load_iemocap,
    load_msp_improv,
    load_ravdess,
    load_savee,
    load_shemo,
    load_tess,
    load_urdu,
    read_das_labels,
    to_class_set,
)
from skser.features import egemaps_feature_names


def touch_wav(path):
    return write_stub(path)


def make_layout(root, names):
    for name in names:
        touch_wav(root / name)
    return root


def check_frame(frame, corpus, n):
    assert len(frame) == n
    assert list(frame.columns[:8]) == [
        "path", "corpus", "language", "speaker", "gender",
        "emotion", "activation", "valence",
    ]  # fmt: skip
    assert (frame["corpus"] == corpus).all()
    assert frame["path"].map(os.path.isabs).all()
    assert frame["emotion"].isin(EMOTIONS).all()
    assert frame["activation"].dtype == np.float64


def test_emodb(tmp_path):
    root = make_layout(
        tmp_path, ["wav/03a01Fa.wav", "wav/08b02Wc.wav", "wav/16a05Tb.wav"]
    )
    frame = load_emodb(root)
    check_frame(frame, "emodb", 3)
    assert frame["emotion"].tolist() == ["happy", "angry", "sad"]
    assert frame["speaker"].tolist() == ["03", "08", "16"]
    assert frame["gender"].tolist() == ["male", "female", "female"]
    assert frame["activation"].isna().all()


def test_emodb_unknown_emotion_and_bad_name(tmp_path):
    make_layout(tmp_path / "a", ["wav/03a01Xa.wav"])
    with pytest.raises(ValueError, match=r"unknown emotion code 'X' in .*03a01Xa.wav"):
        load_emodb(tmp_path / "a")
    make_layout(tmp_path / "b", ["wav/happy_01.wav"])
    with pytest.raises(ValueError, match=r"'happy_01.wav' .* emodb naming convention"):
        load_emodb(tmp_path / "b")


def test_missing_root_and_empty_root(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        load_urdu(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="no audio files .* urdu folder"):
        load_urdu(tmp_path)


def test_urdu(tmp_path):
    root = make_layout(
        tmp_path,
        ["Angry/SM1_F10_A010.wav", "Happy/SF3_F1_H015.wav", "Sad/SM12_F2_S02.wav"],
    )
    frame = load_urdu(root)
    check_frame(frame, "urdu", 3)
    assert frame.set_index("speaker")["gender"].to_dict() == {
        "M1": "male", "F3": "female", "M12": "male",
    }  # fmt: skip
    assert sorted(frame["emotion"]) == ["angry", "happy", "sad"]


def test_urdu_folder_disagreeing_with_name(tmp_path):
    make_layout(tmp_path, ["Angry/SM1_F10_H010.wav"])
    with pytest.raises(ValueError, match="name says happy but .* Angry/ folder"):
        load_urdu(tmp_path)


def test_cafe_in_subfolders_with_label_quirks(tmp_path):
    root = make_layout(
        tmp_path / "cafe",
        ["Colère/Faible/01-C-1-1.wav", "Neutre/02-N-1-3.wav", "Joie/Fort/03-J-2-6.wav"],
    )
    labels = tmp_path / "CAFE.csv"
    # The released file: 'filname' and 'activation ' headers, and an extra label.
    labels.write_text(
        "filname,activation ,valence\n01-C-1-1.wav,4,1\n02-N-1-3.wav,2,3\n"
        "09-T-2-1.wav,1.5,1\n"
    )
    with pytest.warns(
        UserWarning, match="1 of 3 files have no label .* 1 labels match"
    ):
        frame = load_cafe(root, labels=labels)
    check_frame(frame, "cafe", 3)
    by_name = frame.set_index(frame["path"].map(os.path.basename))
    assert by_name.loc["01-C-1-1.wav", ["activation", "valence"]].tolist() == [4, 1]
    assert by_name.loc["03-J-2-6.wav", ["activation", "valence"]].isna().all()
    assert by_name["gender"].sort_index().tolist() == ["male", "female", "male"]
    assert by_name.loc["03-J-2-6.wav", "intensity"] == 2


def test_aesdd_with_missing_value(tmp_path):
    root = make_layout(
        tmp_path / "aesdd",
        ["anger/a01 (1).wav", "sadness/s05 (3).wav", "fear/f12 (01).wav"],
    )
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "AESD.csv").write_text(
        "filename,activation,valence \na01 (1).wav,4,2.5\ns05 (3).wav,nan,nan\n"
        "f12 (01).wav,3.5,2\n"
    )
    with pytest.warns(UserWarning, match="1 labelled files lack a value"):
        frame = load_aesdd(root, labels=labels)  # a folder of label files
    check_frame(frame, "aesdd", 3)
    assert frame["speaker"].tolist() == ["1", "1", "3"]
    assert frame["activation"].isna().sum() == 1


def test_das_labels_with_leading_empty_columns(tmp_path):
    path = tmp_path / "URDU.csv"
    path.write_text(",,filename,activation,valence\n,,SF1_F6_H06.wav,4,3\n")
    labels = read_das_labels(path)
    assert labels.loc["SF1_F6_H06.wav"].tolist() == [4.0, 3.0]
    assert list(labels.columns) == ["activation", "valence"]


def test_savee_and_emovo(tmp_path):
    savee = load_savee(
        make_layout(tmp_path / "s", ["DC/a01.wav", "JE/sa03.wav", "KL/su15.wav"])
    )
    check_frame(savee, "savee", 3)
    assert savee["emotion"].tolist() == ["angry", "sad", "surprise"]
    emovo = load_emovo(
        make_layout(tmp_path / "e", ["f1/gio-f1-b1.wav", "m3/rab-m3-l4.wav"])
    )
    check_frame(emovo, "emovo", 2)
    assert emovo[["emotion", "gender"]].values.tolist() == [
        ["happy", "female"], ["angry", "male"],
    ]  # fmt: skip


def test_iemocap(tmp_path):
    wav = "Session1/sentences/wav/Ses01F_impro01"
    root = make_layout(
        tmp_path,
        [f"{wav}/Ses01F_impro01_F000.wav", f"{wav}/Ses01F_impro01_M001.wav",
         f"{wav}/Ses01F_impro01_F002.wav"],
    )  # fmt: skip
    evaluation = root / "Session1/dialog/EmoEvaluation/Ses01F_impro01.txt"
    evaluation.parent.mkdir(parents=True)
    evaluation.write_text(
        "% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]\n\n"
        "[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]\n"
        "C-E2:\tNeutral;\t()\n"
        "[10.01 - 11.36]\tSes01F_impro01_M001\texc\t[4.0000, 3.5000, 3.0000]\n"
    )
    with pytest.warns(UserWarning, match="1 IEMOCAP utterance.* Ses01F_impro01_F002"):
        frame = load_iemocap(root)
    check_frame(frame.dropna(subset=["emotion"]), "iemocap", 2)
    frame.index = frame["path"].map(lambda p: os.path.basename(p)[:-4])
    first = frame.loc["Ses01F_impro01_F000"]
    assert (first["emotion"], first["valence"], first["activation"]) == (
        "neutral",
        2.5,
        2.5,
    )
    second = frame.loc["Ses01F_impro01_M001"]
    assert second[["emotion", "activation", "valence", "speaker"]].tolist() == [
        "excited", 3.5, 4.0, "Ses01M",
    ]  # fmt: skip
    with pytest.warns(UserWarning):
        merged = load_iemocap(root, merge_excited=True)
    assert sorted(merged["emotion"].dropna()) == ["happy", "neutral"]


def test_class_sets():
    emotions = ["neutral", "happy", "fear", "sad", "angry"]
    assert to_class_set(emotions).tolist()[:2] == ["neutral", "happy"]
    assert to_class_set(emotions).isna().tolist() == [False, False, True, False, False]
    assert to_class_set(emotions, "3class").isna().tolist() == [
        False, True, True, False, False,
    ]  # fmt: skip
    with pytest.raises(ValueError, match="unknown class set '5class'"):
        to_class_set(emotions, "5class")
    with pytest.raises(ValueError, match="unknown emotion.* joy"):
        to_class_set(emotions, ["joy", "sad"])


def test_loader_registry():
    assert LOADERS == {
        "emodb": load_emodb, "urdu": load_urdu, "cafe": load_cafe,
        "aesdd": load_aesdd, "savee": load_savee, "emovo": load_emovo,
        "iemocap": load_iemocap, "msp-improv": load_msp_improv,
        "ravdess": load_ravdess, "crema-d": load_crema_d, "tess": load_tess,
        "shemo": load_shemo,
    }  # fmt: skip


@pytest.mark.parametrize("name", ["emodb", "urdu"])
def test_bundled_tables(name):
    X, y = load_bundled(name)
    assert list(X.columns) == egemaps_feature_names()
    assert X.notna().all().all()
    assert list(y.columns) == [
        "emotion",
        "activation",
        "valence",
        "speaker",
        "gender",
        "corpus",
    ]
    assert (X.index == y.index).all()
    assert y[["activation", "valence"]].notna().all().all()
    assert y["activation"].between(1, 5).all()


def test_bundled_unknown_name():
    with pytest.raises(ValueError, match="no bundled features for 'iemocap'"):
        load_bundled("iemocap")


# Real corpora in ../shared/data.


@pytest.mark.real_data
def test_real_emodb(data_root):
    frame = load_emodb(data_root / "emodb", labels=data_root / "das2022_labels")
    assert len(frame) == 535
    assert frame[["activation", "valence"]].notna().all().all()
    letters = frame["path"].map(lambda p: os.path.basename(p)[5])
    expected = letters.map(
        {"W": "angry", "L": "boredom", "E": "disgust", "A": "fear", "F": "happy",
         "T": "sad", "N": "neutral"}
    )  # fmt: skip
    assert (
        frame["emotion"].value_counts().to_dict() == expected.value_counts().to_dict()
    )
    assert frame["speaker"].nunique() == 10


@pytest.mark.real_data
def test_real_urdu(data_root):
    frame = load_urdu(
        data_root / "urdu", labels=data_root / "das2022_labels" / "URDU.csv"
    )
    assert len(frame) == 400
    assert frame[["activation", "valence"]].notna().all().all()
    folders = frame["path"].map(lambda p: os.path.basename(os.path.dirname(p)).lower())
    assert (frame["emotion"] == folders).all()
    assert frame["emotion"].value_counts().to_dict() == dict.fromkeys(
        ["angry", "happy", "neutral", "sad"], 100
    )
    assert frame["speaker"].nunique() == 29


@pytest.mark.real_data
@pytest.mark.parametrize(
    ("name", "loader"), [("emodb", load_emodb), ("urdu", load_urdu)]
)
def test_bundled_equal_fresh_extraction(data_root, name, loader):
    X, y = load_bundled(name)
    frame = loader(data_root / name, labels=data_root / "das2022_labels")
    frame.index = frame["path"].map(os.path.basename)
    rows = frame.loc[X.index[::53]]
    fresh = EGeMAPSExtractor().transform(rows)
    np.testing.assert_allclose(
        X.loc[rows.index].to_numpy(), fresh, rtol=1e-6, atol=1e-6
    )
    pd.testing.assert_series_equal(
        y["activation"], frame.loc[X.index, "activation"], check_names=False
    )
