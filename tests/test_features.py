import os
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from conftest import write_tone

import skser.features
from skser import (
    EGEMAPS_GROUPS,
    EGeMAPSExtractor,
    ExtractionError,
    OpenSmileExtractor,
)
from skser.features import egemaps_feature_names

F0_MEAN = "F0semitoneFrom27.5Hz_sma3nz_amean"


def test_shape_dtype_and_names(tones):
    X = EGeMAPSExtractor().fit_transform(tones)
    assert X.shape == (3, 88)
    assert X.dtype == np.float64
    assert np.isfinite(X).all()
    names = EGeMAPSExtractor().get_feature_names_out()
    assert list(names) == egemaps_feature_names()
    assert len(set(names)) == 88


def test_pitch_follows_the_signal(tones):
    # Tones at 180, 220 and 260 Hz: the mean F0 (in semitones) must rise.
    X = EGeMAPSExtractor().set_output(transform="pandas").fit_transform(tones)
    assert X[F0_MEAN].is_monotonic_increasing
    # 220 Hz is 12 * log2(220 / 27.5) = 36 semitones above 27.5 Hz.
    assert X[F0_MEAN].iloc[1] == pytest.approx(36.0, abs=0.5)


def test_dataframe_input_and_pandas_output(tones):
    frame = pd.DataFrame({"file": tones, "emotion": ["a", "b", "c"]}, index=[7, 8, 9])
    extractor = EGeMAPSExtractor(path_column="file").set_output(transform="pandas")
    X = extractor.fit_transform(frame)
    assert isinstance(X, pd.DataFrame)
    assert list(X.columns) == egemaps_feature_names()
    assert list(X.index) == [7, 8, 9]
    np.testing.assert_allclose(X.to_numpy(), EGeMAPSExtractor().transform(tones))


def test_missing_path_column_names_the_columns(tones):
    frame = pd.DataFrame({"file": tones})
    with pytest.raises(
        ValueError, match=r"path column 'path' not in X \(columns: file\)"
    ):
        EGeMAPSExtractor().fit(frame)


def test_resampling_makes_rates_comparable(tmp_path):
    # Noise-free: white noise above 8 kHz would be lost by resampling, tone is not.
    low = write_tone(tmp_path / "low.wav", rate=16000, freq=200.0, noise=0)
    high = write_tone(tmp_path / "high.wav", rate=44100, freq=200.0, noise=0)
    X = EGeMAPSExtractor().set_output(transform="pandas").fit_transform([low, high])
    for name in [F0_MEAN, "loudness_sma3_amean", "mfcc1_sma3_amean"]:
        assert X[name].iloc[0] == pytest.approx(X[name].iloc[1], rel=0.05), name


def test_stereo_is_mixed_down(tmp_path):
    mono = write_tone(tmp_path / "mono.wav", channels=1)
    stereo = write_tone(tmp_path / "stereo.wav", channels=2)
    X = EGeMAPSExtractor().fit_transform([mono, stereo])
    np.testing.assert_allclose(X[0], X[1], rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("speech_channel", [0, 1])
def test_stereo_mixes_every_channel(tmp_path, data_root, speech_channel):
    # Real speech on one channel, silence on the other: the mixdown is the mean of
    # the channels, i.e. the speech at half amplitude, whichever side it is on.
    speech, rate = sf.read(sorted((data_root / "emodb" / "wav").glob("*.wav"))[0])
    channels = [np.zeros_like(speech), np.zeros_like(speech)]
    channels[speech_channel] = speech
    stereo = tmp_path / "stereo.wav"
    sf.write(stereo, np.column_stack(channels), rate, subtype="FLOAT")
    half = tmp_path / "half.wav"
    sf.write(half, speech / 2, rate, subtype="FLOAT")
    X = EGeMAPSExtractor().set_output(transform="pandas").fit_transform([stereo, half])
    np.testing.assert_allclose(X.iloc[0], X.iloc[1], rtol=1e-4, atol=1e-5)
    assert X[F0_MEAN].iloc[0] > 20  # voiced speech, not the silent channel


def test_bad_files_are_named(tmp_path, tones):
    missing = str(tmp_path / "nowhere.wav")
    text = tmp_path / "notes.wav"
    text.write_text("this is not audio")
    short = tmp_path / "short.wav"
    sf.write(short, 0.1 * np.random.default_rng(0).standard_normal(40), 16000)
    with pytest.raises(ExtractionError) as info:
        EGeMAPSExtractor().transform([tones[0], missing, str(text), str(short)])
    failures = info.value.failures
    assert set(failures) == {missing, str(text), str(short)}
    assert failures[missing] == "file not found"
    assert failures[str(text)].startswith("not readable as audio")
    assert "too short" in failures[str(short)]
    assert missing in str(info.value) and "on_error='nan'" in str(info.value)


def test_on_error_nan_warns_and_keeps_rows(tmp_path, tones):
    missing = str(tmp_path / "gone.wav")
    with pytest.warns(UserWarning, match="gone.wav: file not found"):
        X = EGeMAPSExtractor(on_error="nan").transform([tones[0], missing, tones[1]])
    assert X.shape == (3, 88)
    assert np.isnan(X[1]).all()
    assert np.isfinite(X[[0, 2]]).all()


@pytest.mark.parametrize(
    ("X", "error", "match"),
    [
        ([], ValueError, "no audio files given"),
        ("a.wav", TypeError, "single path 'a.wav'; wrap it in a list"),
        ([1.5], TypeError, r"X\[0\] is 1.5 \(float\), not a file path"),
        (np.empty((2, 3), dtype=object), ValueError, "shape"),
    ],
)
def test_input_errors(X, error, match):
    with pytest.raises(error, match=match):
        EGeMAPSExtractor().fit(X)


def test_bad_parameter_is_rejected(tones):
    with pytest.raises(ValueError, match="on_error"):
        EGeMAPSExtractor(on_error="ignore").fit(tones)


def test_parallel_equals_sequential(tones):
    np.testing.assert_array_equal(
        EGeMAPSExtractor(n_jobs=2).transform(tones), EGeMAPSExtractor().transform(tones)
    )


def _forbid_opensmile(monkeypatch):
    """Make any openSMILE extraction fail loudly: only cache hits may answer."""

    def no_extraction(*args, **kwargs):
        raise AssertionError("openSMILE called for a cached file")

    monkeypatch.setattr(skser.features._opensmile, "_smile", no_extraction)


@pytest.mark.parametrize("cache_key", ["content", "stat"])
def test_cache_serves_hits_and_reextracts_changed_files(tmp_path, tones, cache_key):
    cache = tmp_path / "cache"
    first = EGeMAPSExtractor(cache=cache, cache_key=cache_key).transform(tones)

    with pytest.MonkeyPatch.context() as monkeypatch:
        _forbid_opensmile(monkeypatch)
        again = EGeMAPSExtractor(cache=cache, cache_key=cache_key).transform(tones)
    np.testing.assert_array_equal(again, first)

    write_tone(tones[0], rate=16000, freq=400.0)  # same path, new content
    stat = os.stat(tones[0])
    os.utime(tones[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    changed = EGeMAPSExtractor(cache=cache, cache_key=cache_key).transform(tones)
    assert changed[0, 0] > first[0, 0] + 5  # 400 Hz is 6.8 semitones above 270
    np.testing.assert_array_equal(changed[1:], first[1:])


def test_content_key_is_not_fooled_by_same_size_and_mtime(tmp_path, data_root):
    # Two real EmoDB files cut to the same length: what `cp -p` or unzipping does
    # to a changed recording (same size, same modification time, new audio).
    speech = sorted((data_root / "emodb" / "wav").glob("*.wav"))[:2]
    signals = [sf.read(path)[0] for path in speech]
    n = min(len(s) for s in signals)
    path = tmp_path / "take.wav"
    sf.write(path, signals[0][:n], 16000)
    mtime = os.stat(path).st_mtime_ns
    cache = tmp_path / "cache"
    old = EGeMAPSExtractor(cache=cache).transform([path])
    EGeMAPSExtractor(cache=cache, cache_key="stat").transform([path])

    sf.write(path, signals[1][:n], 16000)
    os.utime(path, ns=(mtime, mtime))
    fresh = EGeMAPSExtractor().transform([path])
    assert not np.allclose(fresh, old)
    np.testing.assert_array_equal(
        EGeMAPSExtractor(cache=cache).transform([path]), fresh
    )
    # The fast key is an opt-in because it cannot see this change (documented).
    stale = EGeMAPSExtractor(cache=cache, cache_key="stat").transform([path])
    np.testing.assert_array_equal(stale, old)


def test_progress_bar(tones, capsys):
    EGeMAPSExtractor(progress=True).transform(tones)
    assert "eGeMAPS" in capsys.readouterr().err
    EGeMAPSExtractor().transform(tones)
    assert capsys.readouterr().err == ""


def test_feature_groups_follow_eyben_et_al():
    assert set(EGEMAPS_GROUPS) == set(egemaps_feature_names())
    # Counts per group from the eGeMAPS definition (Eyben et al. 2016, Table 1).
    assert Counter(EGEMAPS_GROUPS.values()) == {
        "pitch": 10,
        "loudness": 10,
        "spectral flux": 5,
        "MFCC": 16,
        "formants": 18,
        "voice quality": 10,
        "spectral balance": 12,
        "temporal": 6,
        "sound level": 1,
    }
    assert EGEMAPS_GROUPS["loudnessPeaksPerSec"] == "temporal"
    assert EGEMAPS_GROUPS["logRelF0-H1-A3_sma3nz_amean"] == "voice quality"
    assert EGEMAPS_GROUPS["F1amplitudeLogRelF0_sma3nz_amean"] == "formants"


def test_written_out_names_equal_opensmiles_own():
    import opensmile

    smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02)
    assert egemaps_feature_names() == list(smile.feature_names)


def test_egemaps_is_the_default_preset_of_opensmile_extractor(tones):
    np.testing.assert_array_equal(
        OpenSmileExtractor().fit_transform(tones), EGeMAPSExtractor().transform(tones)
    )
    assert "feature_set" not in EGeMAPSExtractor().get_params()


def test_other_feature_sets_and_their_names(tones):
    extractor = OpenSmileExtractor(feature_set="GeMAPSv01b").set_output(
        transform="pandas"
    )
    X = extractor.fit_transform(tones)
    assert X.shape == (3, 62)
    # GeMAPS shares eGeMAPS' pitch mean: 220 Hz is 36 semitones above 27.5 Hz.
    assert X[F0_MEAN].iloc[1] == pytest.approx(36.0, abs=0.5)


def test_low_level_descriptors_are_the_frames_functionals_summarise(tmp_path):
    short = write_tone(tmp_path / "short.wav", seconds=0.5)
    long = write_tone(tmp_path / "long.wav", seconds=1.0, freq=300.0)
    lld = OpenSmileExtractor(feature_level="lld")
    frames = lld.fit([short]).transform_frames([short, long])
    assert len(frames[1]) - len(frames[0]) == 50  # 0.5 s more at a 10 ms hop
    assert list(frames[0].columns) == list(lld.get_feature_names_out())
    functionals = (
        EGeMAPSExtractor().set_output(transform="pandas").transform([short, long])
    )
    np.testing.assert_allclose(
        [f["Loudness_sma3"].mean() for f in frames],
        functionals["loudness_sma3_amean"],
        rtol=0.01,  # edge frames differ; the two files differ by 12%
    )
    # transform is ragged: each file keeps its own frames, nothing is padded
    ragged = lld.transform([short, long])
    assert ragged.shape == (2,) and ragged.dtype == object
    assert [a.shape for a in ragged] == [(len(frames[0]), 25), (len(frames[1]), 25)]
    for values, frame in zip(ragged, frames, strict=True):
        np.testing.assert_array_equal(values, frame.to_numpy())


def test_unavailable_level_and_misuse_are_explained(tones):
    with pytest.raises(ValueError, match="not available for feature set 'GeMAPSv01b'"):
        OpenSmileExtractor(feature_set="GeMAPSv01b", feature_level="lld_deltas").fit(
            tones
        )
    with pytest.raises(ValueError, match="transform_frames needs feature_level"):
        OpenSmileExtractor().transform_frames(tones)
