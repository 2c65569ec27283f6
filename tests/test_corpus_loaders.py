"""Every corpus loader on a fake folder with the corpus's real naming.

Each test lays out files named as the corpus names them, with every emotion code,
several speakers and both genders where the names carry them, and writes the
expected labels out by hand (not from the loader's tables), so that a swapped
code fails.
"""

import csv
import os

import numpy as np
import pytest
from conftest import write_stub

from skser.datasets import (
    load_aesdd,
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
)


def make_layout(root, names):
    for name in names:
        path = root / name
        write_stub(path)
    return root


def by_file(frame):
    """The frame indexed by file name without suffix."""
    return frame.set_index(frame["path"].map(lambda p: os.path.basename(p)[:-4]))


def test_emodb_every_code_and_speaker(tmp_path):
    expected = {"W": "angry", "L": "boredom", "E": "disgust", "A": "fear",
                "F": "happy", "T": "sad", "N": "neutral"}  # fmt: skip
    genders = {"03": "male", "08": "female", "09": "female", "10": "male",
               "11": "male", "12": "male", "13": "female", "14": "female",
               "15": "male", "16": "female"}  # fmt: skip
    names = [f"{speaker}a0{i % 5 + 1}{code}b" for speaker in genders
             for i, code in enumerate(expected)]  # fmt: skip
    frame = by_file(load_emodb(make_layout(tmp_path, [f"wav/{n}.wav" for n in names])))
    assert len(frame) == 70
    assert frame.index.str[5].map(expected).tolist() == frame["emotion"].tolist()
    assert frame["speaker"].map(genders).tolist() == frame["gender"].tolist()
    assert frame.loc["08a02Lb", ["text", "version"]].tolist() == ["a02", "b"]


def test_urdu_every_code(tmp_path):
    names = ["Angry/SM1_F10_A010.wav", "Happy/SF3_F1_H015.wav",
             "Neutral/SM12_F2_N02.wav", "Sad/SF12_F4_S101.wav"]  # fmt: skip
    frame = by_file(load_urdu(make_layout(tmp_path, names)))
    assert frame["emotion"].to_dict() == {
        "SM1_F10_A010": "angry", "SF3_F1_H015": "happy",
        "SM12_F2_N02": "neutral", "SF12_F4_S101": "sad",
    }  # fmt: skip
    assert frame[["speaker", "gender"]].values.tolist() == [
        ["M1", "male"], ["F3", "female"], ["M12", "male"], ["F12", "female"],
    ]  # fmt: skip


def test_cafe_every_code(tmp_path):
    expected = {"C": "angry", "D": "disgust", "J": "happy", "N": "neutral",
                "P": "fear", "S": "surprise", "T": "sad"}  # fmt: skip
    names = [f"{s:02d}-{code}-{1 + s % 2}-{s}.wav" for s, code in
             enumerate(expected, start=1)]  # fmt: skip
    frame = by_file(load_cafe(make_layout(tmp_path, names)))
    assert frame.index.str[3].map(expected).tolist() == frame["emotion"].tolist()
    assert frame.loc["01-C-2-1", ["gender", "intensity", "sentence"]].tolist() == [
        "male", 2, 1,
    ]  # fmt: skip
    assert frame.loc["02-D-1-2", "gender"] == "female"


def test_aesdd_every_code_and_take(tmp_path):
    names = ["anger/a01 (1).wav", "disgust/d03 (5)b.wav", "fear/f12 (01).wav",
             "happiness/h20 (4).wav", "sadness/s05 (3).wav"]  # fmt: skip
    frame = by_file(load_aesdd(make_layout(tmp_path, names)))
    assert frame["emotion"].tolist() == ["angry", "disgust", "fear", "happy", "sad"]
    assert frame["speaker"].tolist() == ["1", "5", "1", "4", "3"]
    assert frame.loc["d03 (5)b", ["utterance", "take"]].tolist() == [3, "b"]
    assert frame.loc["a01 (1)", "take"] == ""


def test_aesdd_reads_every_name_of_the_label_file(tmp_path, data_root):
    """All 455 file names Das et al. list, including the six 'a06 (5)b.wav' takes."""
    labels = data_root / "das2022_labels" / "AESD.csv"
    with open(labels, newline="") as file:
        names = [row[0] for row in csv.reader(file)][1:]
    folders = {"a": "anger", "d": "disgust", "f": "fear", "h": "happiness",
               "s": "sadness"}  # fmt: skip
    root = make_layout(tmp_path, [f"{folders[n[0]]}/{n}" for n in names])
    with pytest.warns(UserWarning, match=r"0 of 455 files have no label .* 1 labelled"):
        frame = load_aesdd(root, labels=labels)
    assert len(frame) == 455
    takes = by_file(frame).query("take != ''")
    assert sorted(takes.index) == [
        "a06 (5)b", "d03 (5)b", "d04 (5)b", "f18 (5)b", "s01 (5)b", "s04 (5)b",
    ]  # fmt: skip
    assert by_file(frame).loc["f18 (5)b", ["activation", "valence"]].tolist() == [
        4.5, 1.5,
    ]  # fmt: skip


def test_savee_every_code(tmp_path):
    expected = {"a": "angry", "d": "disgust", "f": "fear", "h": "happy",
                "n": "neutral", "sa": "sad", "su": "surprise"}  # fmt: skip
    speakers = ["DC", "JE", "JK", "KL"]
    names = [f"AudioData/{speakers[i % 4]}/{code}{i + 1:02d}.wav"
             for i, code in enumerate(expected)]  # fmt: skip
    frame = load_savee(make_layout(tmp_path, names))
    codes = frame["path"].map(lambda p: os.path.basename(p)[:-6])
    assert codes.map(expected).tolist() == frame["emotion"].tolist()
    assert sorted(set(frame["speaker"])) == speakers
    assert by_file(frame).loc["sa06", ["speaker", "sentence"]].tolist() == ["JE", 6]


def test_emovo_every_code(tmp_path):
    expected = {"dis": "disgust", "gio": "happy", "neu": "neutral", "pau": "fear",
                "rab": "angry", "sor": "surprise", "tri": "sad"}  # fmt: skip
    speakers = ["f1", "f2", "f3", "m1", "m2", "m3", "m1"]
    names = [
        f"{s}/{code}-{s}-b1.wav" for s, code in zip(speakers, expected, strict=True)
    ]
    frame = load_emovo(make_layout(tmp_path, names))
    codes = frame["path"].map(lambda p: os.path.basename(p)[:3])
    assert codes.map(expected).tolist() == frame["emotion"].tolist()
    genders = frame.set_index("speaker")["gender"].to_dict()
    assert genders == {"f1": "female", "f2": "female", "f3": "female",
                       "m1": "male", "m2": "male", "m3": "male"}  # fmt: skip


def test_iemocap_every_code(tmp_path):
    expected = {"neu": "neutral", "hap": "happy", "sad": "sad", "ang": "angry",
                "fea": "fear", "dis": "disgust", "sur": "surprise",
                "exc": "excited", "fru": "frustrated", "oth": "other",
                "xxx": "other"}  # fmt: skip
    dialog = "Ses02M_script01_1"
    utterances = [f"{dialog}_{'FM'[i % 2]}{i:03d}" for i in range(len(expected))]
    make_layout(
        tmp_path, [f"Session2/sentences/wav/{dialog}/{u}.wav" for u in utterances]
    )
    evaluation = tmp_path / f"Session2/dialog/EmoEvaluation/{dialog}.txt"
    evaluation.parent.mkdir(parents=True)
    evaluation.write_text(
        "".join(
            f"[1.0 - 2.0]\t{u}\t{code}\t[{1 + i % 4}.0000, 2.5000, 3.0000]\n"
            for i, (u, code) in enumerate(zip(utterances, expected, strict=True))
        )
    )
    frame = by_file(load_iemocap(tmp_path))
    assert frame.loc[utterances, "emotion"].tolist() == list(expected.values())
    assert frame.loc[utterances[1], ["speaker", "gender", "session"]].tolist() == [
        "Ses02M", "male", "Ses02",
    ]  # fmt: skip
    scores = frame.loc[utterances[2], ["valence", "activation", "dominance"]]
    assert scores.tolist() == [3.0, 2.5, 3.0]


def test_ravdess_every_code_and_song_left_out(tmp_path):
    emotions = {"01": "neutral", "02": "calm", "03": "happy", "04": "sad",
                "05": "angry", "06": "fear", "07": "disgust",
                "08": "surprise"}  # fmt: skip
    names = [
        f"Actor_{actor:02d}/03-01-{code}-{'01' if code == '01' else '02'}-"
        f"{1 + actor % 2:02d}-01-{actor:02d}.wav"
        for actor, code in zip([1, 2, 3, 4, 11, 12, 23, 24], emotions, strict=True)
    ]
    names.append("Actor_01/03-02-03-01-01-01-01.wav")  # a song file
    with pytest.warns(UserWarning, match="1 song file"):
        frame = by_file(load_ravdess(make_layout(tmp_path, names)))
    assert len(frame) == 8
    assert frame.index.str[6:8].map(emotions).tolist() == frame["emotion"].tolist()
    assert frame["gender"].tolist() == ["male", "female"] * 4
    row = frame.loc["03-01-02-02-01-01-02"]
    columns = ["speaker", "intensity", "statement", "repetition", "modality"]
    assert row[columns].tolist() == [
        "02", "strong", "Kids are talking by the door", 1, "audio",
    ]  # fmt: skip
    assert frame.loc["03-01-01-01-02-01-01", "statement"] == (
        "Dogs are sitting by the door"
    )


def test_crema_d_every_code_and_ratings(tmp_path):
    emotions = {"ANG": "angry", "DIS": "disgust", "FEA": "fear", "HAP": "happy",
                "NEU": "neutral", "SAD": "sad"}  # fmt: skip
    levels = ["LO", "MD", "HI", "XX", "XX", "XX"]
    actors = ["1001", "1002", "1076", "1090", "1091", "1045"]
    clips = [
        f"{a}_IEO_{e}_{lv}" for a, e, lv in zip(actors, emotions, levels, strict=True)
    ]
    root = make_layout(tmp_path, [f"AudioWAV/{c}.wav" for c in clips])
    ratings = tmp_path / "tabulatedVotes.csv"
    header = (
        '"","A","D","F","H","N","S","fileName","numResponses","agreement","emoVote"'
    )
    rows = [
        f'"10000{i}",0,0,0,0,0,0,"{clip}",10,{0.3 + 0.1 * i:.1f},"{vote}"'
        for i, (clip, vote) in enumerate(zip(clips, "ADFHN", strict=False))
    ]
    rows.append(f'"100009",0,0,0,0,0,0,"{clips[5]}",9,0.4,"N:S"')  # a tie
    rows.append(f'"200001",0,0,0,0,0,0,"{clips[0]}",7,1,"S"')  # face only
    ratings.write_text("\n".join([header, *rows]) + "\n")
    frame = by_file(load_crema_d(root, ratings=ratings)).loc[clips]
    assert frame["emotion"].tolist() == list(emotions.values())
    assert frame["gender"].tolist() == [
        "male", "female", "female", "male", "female", "male",
    ]  # fmt: skip
    assert frame["level"].tolist() == ["low", "medium", "high"] + ["unspecified"] * 3
    assert frame.loc[clips[0], "sentence"] == "It's eleven o'clock"
    assert frame["perceived"].iloc[:5].tolist() == [
        "angry", "disgust", "fear", "happy", "neutral",
    ]  # fmt: skip
    assert np.isnan(frame.loc[clips[5], "perceived"])
    assert frame["n_ratings"].tolist() == [10, 10, 10, 10, 10, 9]
    with pytest.warns(UserWarning, match="5 of 6 CREMA-D files have no face"):
        faces = load_crema_d(root, ratings, emotion="perceived", modality="face")
    faces = by_file(faces)
    assert faces.loc[clips[0], ["emotion", "intended", "agreement"]].tolist() == [
        "sad", "angry", 1.0,
    ]  # fmt: skip


def test_tess_every_code(tmp_path):
    expected = {"angry": "angry", "disgust": "disgust", "fear": "fear",
                "happy": "happy", "neutral": "neutral", "ps": "surprise",
                "sad": "sad"}  # fmt: skip
    # The distributed folders differ in case and spelling.
    folders = {"angry": "angry", "disgust": "disgust", "fear": "Fear",
               "happy": "happy", "neutral": "neutral",
               "ps": "Pleasant_surprise", "sad": "Sad"}  # fmt: skip
    names = [f"{s}_{folders[e]}/{s}_{w}_{e}.wav" for s, w in [("OAF", "back"),
             ("YAF", "chair")] for e in expected]  # fmt: skip
    names.append("YAF_fear/YAF_germ_Fear.wav")
    frame = by_file(load_tess(make_layout(tmp_path, names)))
    assert len(frame) == 15
    words = frame.index.str.split("_").str[2].str.lower()
    assert words.map(expected).tolist() == frame["emotion"].tolist()
    assert sorted(set(frame["speaker"])) == ["OAF", "YAF"]
    assert (frame["gender"] == "female").all()
    assert frame.loc["YAF_germ_Fear", ["emotion", "word"]].tolist() == ["fear", "germ"]


def test_shemo_every_code(tmp_path):
    expected = {"A": "angry", "H": "happy", "N": "neutral", "S": "sad",
                "W": "surprise", "F": "fear"}  # fmt: skip
    names = [f"{'female' if g == 'F' else 'male'}/{g}{n:02d}{code}{u:02d}.wav"
             for g, n in [("F", 1), ("M", 1), ("M", 56)]
             for u, code in enumerate(expected, start=1)]  # fmt: skip
    frame = by_file(load_shemo(make_layout(tmp_path, names)))
    assert len(frame) == 18
    assert frame.index.str[3].map(expected).tolist() == frame["emotion"].tolist()
    # F01F06: female speaker 01, fear; M01 is another person than F01.
    columns = ["speaker", "gender", "emotion", "utterance"]
    assert frame.loc["F01F06", columns].tolist() == ["F01", "female", "fear", 6]
    assert frame.loc["M01F06", ["speaker", "gender"]].tolist() == ["M01", "male"]
    assert frame["speaker"].nunique() == 3


def test_msp_improv_every_code(tmp_path):
    clips = ["S01A-F01-S-FM01", "S02H-M01-R-FM01", "S03N-F03-P-MF02",
             "S04S-M06-T-FM05", "S05A-F06-P-FM11", "S06H-M02-S-MF01"]  # fmt: skip
    root = make_layout(
        tmp_path,
        [f"Audio/session{int(c[6:8])}/{c[:4]}/{c[9]}/MSP-IMPROV-{c}.wav"
         for c in clips],
    )  # fmt: skip
    lines = [
        f"UTD-IMPROV-{clip}.avi; {label}; A:{a}; V:2.500000; D:3.000000 ; N:4.0;\n"
        f"Rater1; Neutral; angry; A:3.0; V:2.0; D:3.0; N:4.0;\n\n"
        for clip, label, a in zip(
            clips, "AHNSO", ["4.2", "3.0", "2.1", "NaN", "1.0"], strict=False
        )
    ]
    (root / "Evalution.txt").write_text("".join(lines))
    with pytest.warns(UserWarning, match="1 MSP-IMPROV file.* S06H-M02-S-MF01"):
        frame = by_file(load_msp_improv(root))
    frame.index = frame.index.str[11:]
    assert frame.loc[clips, "emotion"].tolist()[:5] == [
        "angry", "happy", "neutral", "sad", "other",
    ]  # fmt: skip
    frame = frame.loc[clips]
    assert frame["target"].tolist() == [
        "angry",
        "happy",
        "neutral",
        "sad",
        "angry",
        "happy",
    ]
    assert frame["activation"].tolist()[:3] == [4.2, 3.0, 2.1]
    assert np.isnan(frame.loc["S04S-M06-T-FM05", "activation"])
    assert frame.loc["S06H-M02-S-MF01", ["emotion", "valence"]].isna().all()
    assert frame[["speaker", "gender", "session"]].values.tolist()[:4] == [
        ["F01", "female", 1], ["M01", "male", 1], ["F03", "female", 3],
        ["M06", "male", 6],
    ]  # fmt: skip
    assert frame["condition"].tolist() == ["S", "R", "P", "T", "P", "S"]


def test_msp_improv_without_evaluation_list(tmp_path):
    make_layout(tmp_path, ["MSP-IMPROV-S01A-F01-S-FM01.wav"])
    with pytest.raises(FileNotFoundError, match="no Evalution.txt or Evaluation.txt"):
        load_msp_improv(tmp_path)


@pytest.mark.parametrize(
    ("loader", "name"),
    [(load_ravdess, "03-01-09-01-01-01-01.wav"), (load_crema_d, "1001_IEO_JOY_HI.wav"),
     (load_tess, "OAF_back_bored.wav"), (load_shemo, "F01X01.wav"),
     (load_emovo, "m1/xyz-m1-b1.wav"), (load_savee, "DC/x01.wav")],
)  # fmt: skip
def test_unknown_code_names_the_file(tmp_path, loader, name):
    make_layout(tmp_path, [name])
    with pytest.raises(ValueError, match=rf"{os.path.basename(name)}"):
        loader(tmp_path)
