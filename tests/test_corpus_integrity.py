"""No recording counted twice, no file dropped or mislabelled silently.

Each test builds a fake corpus folder in the test with the corpus's real naming
(no audio of the corpora is needed) and the layout problem seen in the wild:
RAVDESS or TESS downloads holding a second copy, modality twins with the same
audio, manifests listing one file twice, patterns without an emotion group,
recordings in formats skser does not read, ids outside a corpus's actors.
"""

import hashlib
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import write_stub

from skser.datasets import (
    CLASS_SETS,
    CORPORA,
    LOADERS,
    display_name,
    find_duplicates,
    load_bundled,
    load_cafe,
    load_crema_d,
    load_emodb,
    load_emovo,
    load_folder,
    load_manifest,
    load_msp_improv,
    load_ravdess,
    load_savee,
    load_tess,
)

RAVDESS = ["03-01-05-01-02-01-01", "03-01-04-02-01-02-01", "03-01-01-01-01-01-02"]


def layout(root, names):
    for name in names:
        write_stub(root / name)
    return root


# Row 1: RAVDESS held twice.


def test_ravdess_nested_second_copy_is_an_error_listing_the_pairs(tmp_path):
    names = [f"Actor_{name[-2:]}/{name}.wav" for name in RAVDESS]
    layout(tmp_path, names)
    layout(tmp_path, [f"audio_speech_actors_01-24/{name}" for name in names])
    with pytest.raises(ValueError) as error:
        load_ravdess(tmp_path)
    message = str(error.value)
    assert "ravdess: 3 recording(s) are under" in message
    assert (
        "Actor_01/03-01-05-01-02-01-01.wav and audio_speech_actors_01-24/Actor_01/"
        "03-01-05-01-02-01-01.wav" in message
    )
    assert "pass the folder of one copy as root" in message
    # The folder of one copy loads, each recording once.
    assert len(load_ravdess(tmp_path / "audio_speech_actors_01-24")) == 3


def test_ravdess_modality_twins_with_the_same_audio_are_listed(tmp_path):
    twin = "01" + RAVDESS[0][2:]  # the audio-video recording's audio
    for name in [RAVDESS[0], twin]:
        write_stub(tmp_path / "Actor_01" / f"{name}.wav", content="one recording")
    layout(tmp_path, [f"Actor_01/{RAVDESS[1]}.wav"])
    with pytest.warns(UserWarning, match="ravdess: 1 recording") as record:
        frame = load_ravdess(tmp_path)
    (message,) = [str(w.message) for w in record if "byte-identical" in str(w.message)]
    assert f"Actor_01/{twin}.wav = " in message
    assert f"Actor_01/{RAVDESS[0]}.wav." in message  # the pair, and nothing else
    assert RAVDESS[1] not in message
    assert len(frame) == 3  # kept: the protocol keeps the pair inside one fold


# Row 2: TESS (any folder loader) with a nested second copy.


def test_tess_nested_kaggle_copy_is_an_error(tmp_path):
    top = "TESS Toronto emotional speech set data"
    names = [f"{top}/OAF_angry/OAF_back_angry.wav", f"{top}/YAF_sad/YAF_bath_sad.wav"]
    layout(tmp_path, names)
    layout(tmp_path, [f"tess toronto emotional speech set data/{n}" for n in names])
    with pytest.raises(ValueError, match="tess: 2 recording.* more than once"):
        load_tess(tmp_path)


def test_tess_name_repeated_in_another_case_is_the_same_recording(tmp_path):
    layout(tmp_path, ["OAF_angry/OAF_back_angry.wav", "copy/oaf_back_ANGRY.wav"])
    with pytest.raises(ValueError, match="OAF_back_angry.wav and copy/oaf_back"):
        load_tess(tmp_path)


def test_same_name_in_two_formats_is_an_error(tmp_path):
    layout(tmp_path, ["wav/03a01Wa.wav", "flac/03a01Wa.flac", "wav/03a01Fa.wav"])
    with pytest.raises(ValueError, match="emodb: 1 recording.*two formats"):
        load_emodb(tmp_path)


def test_savee_names_repeat_across_speakers_but_not_within_one(tmp_path):
    # SAVEE's names are per speaker: DC/a01 and JE/a01 are two recordings.
    layout(tmp_path, ["AudioData/DC/a01.wav", "AudioData/JE/a01.wav"])
    assert len(load_savee(tmp_path)) == 2
    layout(tmp_path, ["copy/AudioData/DC/a01.wav"])
    with pytest.raises(ValueError, match="AudioData/DC/a01.wav and copy/AudioData"):
        load_savee(tmp_path)


# Row 3: a manifest listing one file twice.


def test_manifest_one_file_two_emotions_names_both_lines(tmp_path):
    write_stub(tmp_path / "a.wav")
    write_stub(tmp_path / "b.wav")
    manifest = tmp_path / "mine.csv"
    manifest.write_text("path,emotion\na.wav,angry\nb.wav,sad\n./a.wav,sad\n")
    with pytest.raises(ValueError) as error:
        load_manifest(manifest)
    assert (
        f"{tmp_path / 'a.wav'}: line 2 says emotion=angry, line 4 says emotion=sad"
        in str(error.value)
    )


def test_manifest_repeated_line_is_kept_once_with_a_warning(tmp_path):
    write_stub(tmp_path / "sub" / "a.wav")
    write_stub(tmp_path / "b.wav")
    manifest = tmp_path / "mine.csv"
    manifest.write_text(
        "path,emotion,activation\nsub/a.wav,Anger,4\nb.wav,sad,2\n"
        "./sub/../sub/a.wav,angry,4.0\n"
    )
    with pytest.warns(UserWarning, match=r"1 line\(s\) repeat .* line 4"):
        frame = load_manifest(manifest)
    assert frame["emotion"].tolist() == ["angry", "sad"]
    assert frame["activation"].tolist() == [4.0, 2.0]


def test_manifest_two_names_for_one_recording_warn(tmp_path):
    write_stub(tmp_path / "a.wav", content="one recording")
    write_stub(tmp_path / "copy.wav", content="one recording")
    table = pd.DataFrame({"path": [str(tmp_path / "a.wav"),
                                   str(tmp_path / "copy.wav")],
                          "emotion": ["angry", "sad"]})  # fmt: skip
    with pytest.warns(UserWarning, match="1 of the groups carry different emotions"):
        frame = load_manifest(table, corpus="mine")
    assert len(frame) == 2


# Row 4: a folder pattern without an emotion group.


def test_pattern_without_emotion_group_is_an_error(tmp_path):
    layout(tmp_path, ["anna_angry_01.wav", "ben_sad_02.wav"])
    typo = r"(?P<speaker>[a-z]+)_(?P<mood>[a-z]+)_\d+"
    with pytest.raises(ValueError, match=r"no group 'emotion'.*groups: speaker, mood"):
        load_folder(tmp_path, typo)
    frame = load_folder(tmp_path, typo, emotion="mood")
    assert frame["emotion"].tolist() == ["angry", "sad"]
    assert "mood" not in frame
    unlabelled = load_folder(tmp_path, typo, emotion=None)
    assert unlabelled["emotion"].isna().all()
    assert unlabelled["mood"].tolist() == ["angry", "sad"]


# Row 5: a speaker's recordings in a format skser does not read.


def test_unread_audio_formats_are_listed_with_their_count(tmp_path):
    pattern = r"(?P<speaker>[a-z]+)_(?P<emotion>[a-z]+)_\d+"
    layout(tmp_path, ["anna_angry_01.wav", "anna_sad_02.wav"])
    for name in ["carl_angry_01.m4a", "carl_sad_02.M4A", "dora_sad_01.opus"]:
        (tmp_path / name).write_bytes(b"\x00" * 64)
    (tmp_path / "notes.aiff").write_bytes(b"\x00" * 64)  # not a corpus file
    with pytest.warns(UserWarning) as record:
        frame = load_folder(tmp_path, pattern)
    (message,) = [str(w.message) for w in record]
    assert "3 file(s)" in message and "(.M4A, .m4a, .opus)" in message
    assert "carl_angry_01.m4a, carl_sad_02.M4A, dora_sad_01.opus;" in message
    assert "notes.aiff" not in message
    assert frame["speaker"].tolist() == ["anna", "anna"]


def test_only_unread_formats_say_so_in_the_error(tmp_path):
    (tmp_path / "carl_angry_01.m4a").write_bytes(b"\x00" * 64)
    with pytest.raises(FileNotFoundError, match=r"1 file\(s\) in formats .*\.m4a"):
        load_folder(tmp_path, r"(?P<speaker>[a-z]+)_(?P<emotion>[a-z]+)_\d+")


# Row 6: ids outside a corpus's actors.


@pytest.mark.parametrize(
    ("loader", "good", "bad", "what"),
    [
        (load_crema_d, "1091_DFA_ANG_XX.wav", "1092_DFA_ANG_XX.wav", "speaker"),
        (load_crema_d, "1001_DFA_ANG_XX.wav", "1000_DFA_ANG_XX.wav", "speaker"),
        (load_ravdess, "03-01-05-01-02-01-24.wav", "03-01-05-01-02-01-25.wav",
         "speaker"),
        (load_ravdess, "03-01-05-01-02-02-24.wav", "03-01-05-01-02-03-24.wav",
         "repetition"),
        (load_emodb, "16a01Wa.wav", "04a01Wa.wav", "speaker"),
        (load_cafe, "12-C-1-1.wav", "13-C-1-1.wav", "speaker"),
        (load_savee, "KL/a01.wav", "XY/a01.wav", "speaker"),
        (load_emovo, "m3/gio-m3-b1.wav", "m4/gio-m4-b1.wav", "speaker"),
    ],
)  # fmt: skip
def test_unknown_ids_are_refused_by_file_name(tmp_path, loader, good, bad, what):
    layout(tmp_path / "good", [good])
    assert len(loader(tmp_path / "good")) == 1
    layout(tmp_path / "bad", [good, bad])
    with pytest.raises(ValueError, match=f"unknown {what} code .* in .*{bad}"):
        loader(tmp_path / "bad")


def test_msp_improv_session_outside_the_six_is_refused(tmp_path):
    (tmp_path / "Evalution.txt").write_text(
        "UTD-IMPROV-S01A-F06-S-FM01.avi; A; A:4.0; V:2.0; D:3.0; N:3.0;\n"
    )
    layout(tmp_path, ["Audio/MSP-IMPROV-S01A-F06-S-FM01.wav"])
    assert load_msp_improv(tmp_path)["emotion"].tolist() == ["angry"]
    layout(tmp_path, ["Audio/MSP-IMPROV-S01A-F07-S-FM01.wav"])
    with pytest.raises(ValueError, match="unknown session code '07'"):
        load_msp_improv(tmp_path)


def test_crema_d_error_shortens_the_actor_list(tmp_path):
    layout(tmp_path, ["1092_DFA_ANG_XX.wav"])
    with pytest.raises(ValueError, match=r"1001, 1002, 1003, \.\.\., 1091 \(91 codes"):
        load_crema_d(tmp_path)


# find_duplicates


def test_find_duplicates_groups_identical_files_by_content(tmp_path):
    paths = [write_stub(tmp_path / name, content=content) for name, content in [
        ("a.wav", "x"), ("b.wav", "y"), ("c.wav", "x"), ("d.wav", "z"),
        ("e.wav", "y"), ("f.wav", "x"),
    ]]  # fmt: skip
    frame = pd.DataFrame({"path": [str(p) for p in paths]}, index=list("pqrstu"))
    found = find_duplicates(frame)
    assert found.index.tolist() == ["p", "r", "u", "q", "t"]
    assert found["group"].tolist() == [0, 0, 0, 1, 1]
    sha = hashlib.sha256(paths[0].read_bytes()).hexdigest()
    assert found.loc["p", "sha256"] == sha == found.loc["u", "sha256"]
    assert list(found.columns) == ["group", "path", "sha256"]


def test_find_duplicates_reads_only_files_of_a_shared_size(tmp_path, monkeypatch):
    import skser.datasets._duplicates as module

    read = []
    monkeypatch.setattr(module, "content_hash",
                        lambda path: read.append(path) or path)  # fmt: skip
    short = tmp_path / "short.wav"
    short.write_bytes(b"\x01" * 10)
    for name in ["a.wav", "b.wav"]:
        (tmp_path / name).write_bytes(b"\x02" * 20)
    found = module.find_duplicates(
        [str(tmp_path / n) for n in ["short.wav", "a.wav", "b.wav"]]
    )
    assert sorted(read) == [str(tmp_path / "a.wav"), str(tmp_path / "b.wav")]
    assert found.empty  # different keys (here: the paths)


def test_find_duplicates_same_path_twice_and_none(tmp_path):
    a = str(write_stub(tmp_path / "a.wav"))
    b = str(write_stub(tmp_path / "b.wav"))
    assert find_duplicates([a, b]).empty
    assert find_duplicates([a, b, a])["group"].to_dict() == {0: 0, 2: 0}
    with pytest.raises(FileNotFoundError, match="file not found: .*missing.wav"):
        find_duplicates([a, str(tmp_path / "missing.wav")])
    with pytest.raises(ValueError, match="path column 'path' not in the frame"):
        find_duplicates(pd.DataFrame({"file": [a]}))


# The corpus table


def test_corpus_table_is_the_one_source_of_names():
    assert LOADERS == {name: corpus.loader for name, corpus in CORPORA.items()}
    assert display_name("emodb") == "EmoDB"
    assert display_name("crema-d") == "CREMA-D"
    assert display_name("mine") == "mine"
    assert [n for n, c in CORPORA.items() if c.annotation_file] == [
        "emodb", "urdu", "cafe", "aesdd",
    ]  # fmt: skip
    assert CORPORA["aesdd"].class_sets == ()  # no neutral recordings
    assert CORPORA["urdu"].class_sets == ("4class", "3class")
    assert CORPORA["urdu"].emotions == ("neutral", "happy", "sad", "angry")
    assert set(CLASS_SETS["4class"]) <= set(CORPORA["ravdess"].emotions)
    for name, corpus in CORPORA.items():
        if corpus.bundled:
            _, y = load_bundled(name)
            assert set(y["emotion"]) <= set(corpus.emotions)


def test_loader_emotions_come_from_its_codes(tmp_path):
    # Every emotion the table lists is one the loader produces, and no more.
    names = [f"{s:02d}-{code}-1-1.wav" for s, code in enumerate("CDJNPST", 1)]
    frame = load_cafe(layout(tmp_path, names))
    assert tuple(sorted(frame["emotion"])) == tuple(sorted(CORPORA["cafe"].emotions))


def test_distinct_recordings_load_without_a_warning(tmp_path):
    layout(tmp_path, [f"Actor_{n[-2:]}/{n}.wav" for n in RAVDESS])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_ravdess(tmp_path)) == 3
    assert np.array_equal(load_ravdess(tmp_path)["speaker"], ["01", "01", "02"])


@pytest.mark.real_data
def test_real_corpora_hold_each_recording_once(data_root):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no duplicate, no unread format
        emodb = load_emodb(data_root / "emodb")
        urdu = LOADERS["urdu"](data_root / "urdu")
    assert (len(emodb), len(urdu)) == (535, 400)
    # Every EmoDB file has the same size (cut to 2.0 s): all are hashed.
    assert find_duplicates(emodb).empty and find_duplicates(urdu).empty
