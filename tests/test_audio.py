import os

import numpy as np
import pytest
import soundfile as sf
import torch
from hypothesis import given
from hypothesis import strategies as st

from skser import ExtractionError, LogMelSpectrogram, WaveformLoader
from skser.io import is_path_input, read_waveform
from skser.nn import LogMel, WaveformFiles, log_mel_spectrogram, mel_filter_bank


def _reference_log_mel(signal, bank, win_length, hop, floor):
    """numpy: Hann window centred in the FFT frame, |rfft|^2, Mel bank, log."""
    n_fft = 2 * (bank.shape[1] - 1)
    window = np.zeros(n_fft)
    left = (n_fft - win_length) // 2
    window[left : left + win_length] = np.hanning(win_length + 1)[:-1]
    frames = [
        signal[start : start + n_fft] * window
        for start in range(0, len(signal) - n_fft + 1, hop)
    ]
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    return np.log(np.maximum(bank @ power.T, floor))


def test_log_mel_matches_a_numpy_reference():
    rng = np.random.default_rng(0)
    t = np.arange(4000) / 16000
    signal = 0.5 * np.sin(2 * np.pi * 1000 * t) + 0.01 * rng.standard_normal(t.size)
    bank = mel_filter_bank(16000, 512, n_mels=40)
    ours = log_mel_spectrogram(torch.from_numpy(signal)[None], bank.double(), 400, 160)
    expected = _reference_log_mel(signal, bank.double().numpy(), 400, 160, 1e-6)
    np.testing.assert_allclose(ours[0].numpy(), expected, rtol=1e-9, atol=1e-9)


def test_silence_is_the_floor_and_frames_follow_the_hop():
    # 16000 samples, FFT 512, hop 160: 1 + (16000 - 512) // 160 = 97 frames.
    out = LogMel(n_mels=64, floor=1e-4)(torch.zeros(1, 16000))
    assert out.shape == (1, 64, 97)
    torch.testing.assert_close(out, torch.full_like(out, np.log(1e-4)))


@given(st.floats(0.1, 10))
def test_louder_by_a_factor_adds_twice_its_log(gain):
    rng = np.random.default_rng(1)
    x = torch.from_numpy(0.1 * rng.standard_normal((1, 2000)))
    module = LogMel(n_mels=32, floor=1e-30).double()
    torch.testing.assert_close(module(gain * x), module(x) + 2 * np.log(gain))


def test_log_mel_transformer_is_the_module_frame_major():
    X = np.random.default_rng(2).standard_normal((3, 4000)).astype(np.float32)
    step = LogMelSpectrogram(n_mels=20).fit(X)
    out = step.transform(X)
    spectra = LogMel(n_mels=20)(torch.from_numpy(X)).numpy()
    assert out.shape == (3, step.n_frames_ * 20)
    # column t * n_mels + m is band m of frame t
    np.testing.assert_array_equal(out[:, 5 * 20 + 7], spectra[:, 7, 5])
    assert step.get_feature_names_out()[5 * 20 + 7] == "frame5_mel7"


def test_is_path_input():
    assert is_path_input(["a.wav"])
    assert is_path_input(np.array([["a.wav"], ["b.wav"]], dtype=object))
    assert not is_path_input(np.zeros((2, 5)))
    assert not is_path_input([[0.1, 0.2], [0.3, 0.4]])
    assert not is_path_input(np.zeros((2, 5)).astype(object))


def test_read_waveform_mixes_resamples_cuts_and_pads(tmp_path):
    t = np.arange(22050) / 22050
    tone = 0.4 * np.sin(2 * np.pi * 300 * t)
    path = str(tmp_path / "stereo.wav")
    sf.write(path, np.column_stack([tone, -tone + 0.2]), 22050, subtype="FLOAT")
    padded = read_waveform(path, sampling_rate=16000, n_samples=20000)
    assert padded.dtype == np.float32
    # channels averaged: (tone - tone + 0.2) / 2 = 0.1, resampled, then zeros
    np.testing.assert_allclose(padded[1000:15000], 0.1, atol=1e-3)
    assert not padded[16100:].any()
    # a cut reads only what it keeps (plus 50 ms for the resampler's filter)
    cut = read_waveform(path, sampling_rate=16000, n_samples=8000)
    np.testing.assert_allclose(cut, padded[:8000], atol=1e-6)


def test_loader_names_bad_files_and_follows_on_error(tmp_path, tones):
    text = tmp_path / "notes.wav"
    text.write_text("not audio")
    empty = str(tmp_path / "empty.wav")
    sf.write(empty, np.zeros((0,)), 16000)
    paths = [tones[0], str(text), str(tmp_path / "missing.wav"), empty]
    loader = WaveformLoader(duration=0.25)
    with pytest.raises(ExtractionError) as error:
        loader.fit_transform(paths)
    message = str(error.value)
    assert "missing.wav: file not found" in message
    assert "notes.wav: not readable as audio" in message
    assert "empty.wav: holds no audio samples" in message
    with pytest.warns(UserWarning, match="3 file"):
        X = loader.set_params(on_error="nan").fit_transform(paths)
    assert X.shape == (4, 4000) and X.dtype == np.float32
    assert np.isfinite(X[0]).all() and np.isnan(X[1:]).all()


def test_waveform_files_match_the_loader_and_name_bad_files(tones, tmp_path):
    dataset = WaveformFiles(tones, [0, 1, 2], duration=0.5)
    expected = WaveformLoader(duration=0.5).fit_transform(tones)
    np.testing.assert_array_equal(dataset[1][0].numpy(), expected[1])
    assert int(dataset[2][1]) == 2
    with pytest.raises(ExtractionError, match="gone.wav: file not found"):
        WaveformFiles([tones[0], str(tmp_path / "gone.wav")])
    bad = tmp_path / "bad.wav"
    bad.write_text("text")
    with pytest.raises(ExtractionError, match="bad.wav: not readable"):
        WaveformFiles([str(bad)])[0]


@pytest.mark.real_data
def test_classifier_trains_on_real_files_lazily(data_root):
    from skser import RawCNNLSTMClassifier

    wavs = sorted((data_root / "emodb" / "wav").glob("*.wav"))[:6]
    paths = [os.fspath(p) for p in wavs]
    y = ["a", "b"] * 3
    clf = RawCNNLSTMClassifier(duration=0.3, max_epochs=1, batch_size=3,
                               random_state=0)  # fmt: skip
    clf.fit(paths, y)
    from_arrays = clf.predict_proba(WaveformLoader(duration=0.3).fit_transform(paths))
    np.testing.assert_allclose(clf.predict_proba(paths), from_arrays)
