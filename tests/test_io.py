"""skser.io: the one audio reader and its policy, through every consumer.

Bad audio is made inside each test from a clean signal; nothing bad is shipped.
"""

import functools
import os
import signal
import struct
import threading
import time

import numpy as np
import opensmile
import pandas as pd
import pytest
import soundfile as sf
import soxr
from conftest import write_tone
from hypothesis import given, settings
from hypothesis import strategies as st

from skser import EGeMAPSExtractor, ExtractionError
from skser.features import OpenSmileExtractor, WaveformLoader
from skser.io import (
    FULL_SCALE,
    AudioWarning,
    UnusableFileError,
    check_signal,
    read_audio,
    read_checked,
    read_files,
    read_waveform,
)


@functools.lru_cache(maxsize=None)
def _smile():
    return opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02,
        feature_level=opensmile.FeatureLevel.Functionals,
    )


def harmonic(seconds=1.0, rate=16000, freq=200.0, seed=0):
    """A voiced-sounding signal normalised to peak exactly 1."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    x = sum(np.sin(2 * np.pi * freq * k * t) / k for k in range(1, 6))
    x = x * (1 + 0.5 * np.sin(2 * np.pi * 3 * t)) + 0.01 * rng.standard_normal(t.size)
    return x / np.abs(x).max()


# -- nothing changes where nothing was wrong ---------------------------------------


def test_an_in_range_16k_file_gives_opensmiles_own_process_file_features(tmp_path):
    path = write_tone(tmp_path / "tone.wav", seconds=1.5, rate=16000)  # PCM_16
    ours = EGeMAPSExtractor().transform([path])[0]
    theirs = _smile().process_file(path).to_numpy()[0]
    np.testing.assert_array_equal(ours, theirs)
    lld = OpenSmileExtractor(feature_level="lld").transform_frames([path])[0]
    reference = opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02,
        feature_level=opensmile.FeatureLevel.LowLevelDescriptors,
    ).process_file(path)
    np.testing.assert_array_equal(lld.to_numpy(), reference.to_numpy())


def test_the_reader_streams_what_soxr_gives_in_one_go(tmp_path):
    rate = 44100
    x = 0.5 * harmonic(seconds=7.0, rate=rate)  # > one block of the reader
    path = tmp_path / "long.wav"
    sf.write(path, x, rate, subtype="FLOAT")
    signal_, notes = read_checked(path, 16000)
    whole = soxr.resample(x.astype(np.float32).astype(np.float64), rate, 16000, "HQ")
    assert notes == {} and len(signal_) == len(whole)
    np.testing.assert_allclose(signal_, whole, atol=1e-12)
    first = read_checked(path, 16000, max_samples=8000)[0]
    np.testing.assert_allclose(first, whole[:8000], atol=1e-12)


# -- row 1: the resampler's overshoot never wraps in openSMILE's int16 cast ----------


def test_resampled_full_scale_audio_is_clipped_before_opensmile(tmp_path):
    rate = 22050
    x = np.clip(1.6 * harmonic(rate=rate), -1, 32767 / 32768)  # a clipped recording
    path = str(tmp_path / "loud.wav")
    sf.write(path, x, rate, subtype="PCM_16")
    stored, _ = sf.read(path)
    overshoot = soxr.resample(stored, rate, 16000, quality="HQ")
    assert overshoot.max() > 1.0  # the resampler leaves 16-bit range: int16 wraps
    assert (overshoot * 32768).astype(np.int16).min() == -32768
    signal_ = read_audio(path, 16000)
    assert FULL_SCALE[0] <= signal_.min() and signal_.max() <= FULL_SCALE[1]
    np.testing.assert_array_equal(signal_, np.clip(overshoot, *FULL_SCALE))
    ours = EGeMAPSExtractor().transform([path])[0]
    expected = _smile().process_signal(signal_.astype(np.float32), 16000)
    np.testing.assert_array_equal(ours, expected.to_numpy()[0])


def test_the_emodb_file_the_int16_wrap_moved_most(data_root):
    # 08a02La.wav: openSMILE's own resampling and cast gave mfcc4V stddevNorm
    # -752.2; clipping first gives about -41.5.
    path = str(data_root / "emodb" / "wav" / "08a02La.wav")
    X = EGeMAPSExtractor().set_output(transform="pandas").transform([path])
    assert X["mfcc4V_sma3nz_stddevNorm"][0] == pytest.approx(-41.5, abs=1.0)


@settings(max_examples=20, deadline=None)
@given(
    gain=st.floats(1.01, 2.0),
    freq=st.floats(120.0, 300.0),
    seed=st.integers(0, 2**16),
)
def test_features_of_a_signal_beyond_full_scale_equal_those_of_its_clip(
    tmp_path_factory, gain, freq, seed
):
    folder = tmp_path_factory.mktemp("clip")
    x = gain * harmonic(seconds=0.6, freq=freq, seed=seed)
    sf.write(folder / "x.wav", x, 16000, subtype="FLOAT")
    sf.write(folder / "clipped.wav", np.clip(x, -1, 1), 16000, subtype="FLOAT")
    with pytest.warns(AudioWarning, match="beyond full scale") as caught:
        beyond = EGeMAPSExtractor().transform([str(folder / "x.wav")])
    clipped = EGeMAPSExtractor().transform([str(folder / "clipped.wav")])
    np.testing.assert_array_equal(beyond, clipped)
    count = int(np.count_nonzero(np.abs(x.astype(np.float32)) > 1))
    assert f"x.wav: {count} samples clipped" in str(caught[0].message)


# -- rows 2-4: silence, NaN samples, samples beyond full scale -------------------


def _bad_file(folder, kind):
    x = 0.3 * harmonic(rate=16000)
    if kind == "silent":
        x = np.zeros_like(x)
    elif kind == "nan":
        x[8000:8003] = np.nan
    elif kind == "inf":
        x[4000] = np.inf
    elif kind == "integer scale":
        x = np.round(x / 0.3 * 32767)
    elif kind == "dc offset":
        x = np.full_like(x, 0.25)
    path = folder / f"{kind.replace(' ', '_')}.wav"
    sf.write(path, x, 16000, subtype="FLOAT")
    return str(path)


REASONS = {
    "silent": "holds no usable signal (RMS about its mean -inf dBFS",
    "dc offset": "holds no usable signal",
    "nan": "holds NaN or infinite samples (first at 0.500 s)",
    "inf": "holds NaN or infinite samples (first at 0.250 s)",
    "integer scale": "samples reach 32767, far beyond full scale (1.0): a float "
    "file written at 16-bit integer scale? Divide its samples by 32768",
}


@pytest.mark.parametrize("kind", list(REASONS))
def test_extractor_and_waveforms_refuse_a_bad_file_with_the_same_reason(
    tmp_path, tones, kind
):
    bad = _bad_file(tmp_path, kind)
    reasons = []
    for step in (EGeMAPSExtractor(), WaveformLoader(duration=0.5)):
        with pytest.raises(ExtractionError) as info:
            step.transform([tones[0], bad])
        assert list(info.value.failures) == [bad]
        reasons.append(info.value.failures[bad])
        assert bad in str(info.value)
    assert reasons[0] == reasons[1]
    assert reasons[0].startswith(REASONS[kind])
    with pytest.raises(UnusableFileError, match="holds|reach"):
        read_audio(bad)
    with pytest.warns(UserWarning, match="their rows are NaN"):
        X = EGeMAPSExtractor(on_error="nan").transform([tones[0], bad])
    assert np.isfinite(X[0]).all() and np.isnan(X[1]).all()


def test_a_float_file_peaking_at_1_5_is_clipped_with_one_warning(tmp_path):
    paths = []
    for i, gain in enumerate([1.5, 1.2]):
        x = gain * harmonic(seed=i)
        paths.append(str(tmp_path / f"hot{i}.wav"))
        sf.write(paths[-1], x, 16000, subtype="FLOAT")
    with pytest.warns(AudioWarning) as caught:
        X = EGeMAPSExtractor().transform(paths)
    assert np.isfinite(X).all()
    texts = [str(w.message) for w in caught if w.category is AudioWarning]
    assert len(texts) == 1 and texts[0].startswith("2 file(s) hold samples beyond")
    assert paths[0] in texts[0] and paths[1] in texts[0]


def test_check_signal_threshold_is_one_16_bit_step():
    rng = np.random.default_rng(0)
    noise = rng.standard_normal(16000)
    check_signal(1.5 * 2**-15 * noise / noise.std())  # above: accepted
    with pytest.raises(UnusableFileError, match="no usable signal"):
        check_signal(0.5 + 0.5 * 2**-15 * noise / noise.std())  # below, any offset


# -- row 5: a header that says 0 bytes while audio follows ------------------------


@pytest.mark.parametrize("subtype", ["PCM_16", "FLOAT"])
def test_a_wav_header_saying_no_data_reads_the_data_that_follow(tmp_path, subtype):
    good = str(tmp_path / "good.wav")
    sf.write(good, 0.3 * harmonic(seconds=2.0, rate=22050), 22050, subtype=subtype)
    content = bytearray(open(good, "rb").read())
    at = content.find(b"data")
    content[at + 4 : at + 8] = struct.pack("<I", 0)  # never finished by the recorder
    broken = tmp_path / "unfinished.wav"
    broken.write_bytes(bytes(content))
    assert sf.info(str(broken)).frames == 0  # what libsndfile sees
    with pytest.warns(AudioWarning, match="unfinished.wav: header says 0 bytes of "
                      "audio; read the 2.00 s that follow"):  # fmt: skip
        X = EGeMAPSExtractor().transform([str(broken)])
    np.testing.assert_array_equal(X, EGeMAPSExtractor().transform([good]))


# -- row 6: audio below the analysis rate ------------------------------------------


def test_telephone_audio_is_upsampled_with_a_warning_naming_it(tmp_path):
    phone = write_tone(tmp_path / "phone.wav", rate=8000)
    wide = write_tone(tmp_path / "wide.wav", rate=22050)
    with pytest.warns(AudioWarning) as caught:
        EGeMAPSExtractor().transform([wide, phone])
    texts = [str(w.message) for w in caught if w.category is AudioWarning]
    assert len(texts) == 1
    assert "phone.wav: recorded at 8000 Hz, analysed at 16000 Hz" in texts[0]
    assert "wide.wav" not in texts[0]


# -- row 7: Ctrl-C always reaches the caller ----------------------------------------


def _swallows_an_interrupt(path):
    """A per-file function whose native code swallows Ctrl-C, as openSMILE's does."""
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
    except KeyboardInterrupt:
        pass  # what ctypes does with an exception raised in a callback
    return np.ones(2)


def test_an_interrupt_swallowed_by_native_code_still_reaches_the_caller(tones):
    handler = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        read_files(tones, _swallows_an_interrupt)
    assert signal.getsignal(signal.SIGINT) is handler
    results, failures = read_files(tones, np.ones_like)  # the flag does not stick
    assert failures == {} and len(results) == 3


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3])
def test_ctrl_c_during_extraction_stops_it(tmp_path, delay):
    long = write_tone(tmp_path / "long.wav", seconds=60.0, rate=16000)
    timer = threading.Timer(delay, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            EGeMAPSExtractor().transform([long] * 4)
    finally:
        timer.cancel()


# -- row 8 lives in test_features (ragged frames); the public reader ---------------


def test_read_audio_mixes_resamples_and_warns_once(tmp_path):
    x = np.column_stack([0.4 * harmonic(rate=8000), np.zeros(8000)])
    path = tmp_path / "stereo.wav"
    sf.write(path, x, 8000, subtype="FLOAT")
    with pytest.warns(AudioWarning, match="recorded at 8000 Hz, analysed at 16000"):
        signal_ = read_audio(path, 16000)
    expected = soxr.resample(x.astype(np.float32).mean(axis=1).astype(np.float64),
                             8000, 16000, "HQ")  # fmt: skip
    np.testing.assert_allclose(signal_, expected, atol=1e-12)
    waveform = read_waveform(tmp_path / "stereo.wav", 8000, n_samples=9000)
    np.testing.assert_allclose(waveform[:8000], 0.2 * harmonic(rate=8000), atol=1e-7)
    assert not waveform[8000:].any()


def test_cached_files_warn_again_and_old_cache_entries_are_not_served(tmp_path):
    hot = str(tmp_path / "hot.wav")
    sf.write(hot, 1.5 * harmonic(), 16000, subtype="FLOAT")
    cache = tmp_path / "cache"
    for _ in range(2):
        with pytest.warns(AudioWarning, match="hot.wav: "):
            EGeMAPSExtractor(cache=cache).transform([hot])
    frame = pd.DataFrame({"path": [hot]})
    with pytest.warns(AudioWarning):
        EGeMAPSExtractor(cache=cache).transform(frame)
