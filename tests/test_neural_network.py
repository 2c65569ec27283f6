"""Training of the end-to-end classifiers: split, early stopping, inputs read once."""

import copy

import numpy as np
import pandas as pd
import pytest
import soundfile as sf
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.data import TensorDataset

import skser.nn._audio
from skser.neural_network import (
    DenseLSTMHighwayClassifier,
    RawCNNLSTMClassifier,
    _training,
    held_out_split,
    signal_frames,
)

TINY_RAW = {"sampling_rate": 1000, "batch_size": 8, "device": "cpu"}
TINY_DENSE = {"sampling_rate": 4000, "n_mels": 16, "batch_size": 8, "device": "cpu"}


def two_kinds(n, n_samples, sampling_rate, seed):
    """Half 150-250 Hz tones, half white noise, random level: clearly different."""
    rng = np.random.default_rng(seed)
    t = np.arange(n_samples) / sampling_rate
    tones = [np.sin(2 * np.pi * rng.uniform(150, 250) * t + rng.uniform(0, 6))
             for _ in range(n // 2)]  # fmt: skip
    noise = list(rng.uniform(-1, 1, (n - n // 2, n_samples)))
    level = rng.uniform(0.2, 0.8, (n, 1))
    X = (level * np.array(tones + noise)).astype(np.float32)
    y = np.array(["tone"] * (n // 2) + ["noise"] * (n - n // 2))
    return X, y


# -- pure pieces --------------------------------------------------------------------


def test_signal_frames_hand_computed():
    rows = torch.tensor([[1.0, 0, 0, 0, 0, 0, 0, 0],   # signal in frame 1 of 4
                         [1, 1, 1, 1, 1, 0, 0, 0],     # ends in frame 3
                         [1, 1, 1, 1, 1, 1, 1, 1],     # no padding
                         [0, 0, 0, 0, 0, 0, 0, 0]])  # silence: one frame  # fmt: skip
    assert signal_frames(rows != 0, 4).tolist() == [1, 3, 4, 1]


def test_lstm_output_is_taken_at_the_last_signal_frame():
    from skser.neural_network._modules import _last_output

    outputs = torch.arange(2 * 4 * 3, dtype=torch.float32).view(2, 4, 3)
    picked = _last_output(outputs, torch.tensor([2, 4]))
    assert picked.tolist() == [outputs[0, 1].tolist(), outputs[1, 3].tolist()]


def test_padding_reaches_the_raw_network_as_fewer_frames():
    # Trailing zeros (a file padded to the network's length) end the sequence
    # early: 600 samples of signal in 2400 at a 10-sample stride.
    x = torch.nn.functional.pad(torch.randn(1, 600), (0, 1800))
    assert signal_frames(x != 0, 59).tolist() == [15]


@settings(max_examples=40, deadline=None)
@given(
    speakers=st.lists(st.integers(0, 7), min_size=6, max_size=40),
    fraction=st.sampled_from([0.2, 0.25, 0.5]),
    seed=st.integers(0, 100),
)
def test_no_speaker_in_both_parts(speakers, fraction, seed):
    speakers = np.array(speakers)
    y = speakers % 2  # classes tied to speakers, as in a real corpus
    data = TensorDataset(torch.arange(len(y)))
    train, valid = held_out_split(data, y, groups=speakers, fraction=fraction,
                                  random_state=seed)  # fmt: skip
    rows_train, rows_valid = np.asarray(train.indices), np.asarray(valid.indices)
    assert sorted([*rows_train, *rows_valid]) == list(range(len(y)))
    if len(np.unique(speakers)) >= 2:
        assert len(rows_valid) and len(rows_train)
        assert not set(speakers[rows_train]) & set(speakers[rows_valid])


def test_split_without_speakers_is_stratified():
    y = np.repeat([0, 1], [40, 10])
    train, valid = held_out_split(TensorDataset(torch.zeros(50)), y, random_state=0)
    assert len(valid.indices) == 10
    assert np.bincount(y[valid.indices]).tolist() == [8, 2]


def test_fit_holds_out_the_label_frames_speakers():
    X, y = two_kinds(24, 400, 1000, seed=0)
    speakers = np.repeat(list("abcdef"), 4)
    frame = pd.DataFrame({"emotion": y, "speaker": speakers})
    clf = RawCNNLSTMClassifier(max_epochs=1, random_state=0, **TINY_RAW)
    clf.fit(X, frame)
    split = clf.net_.train_split
    np.testing.assert_array_equal(split.keywords["groups"], speakers)
    train, valid = split(TensorDataset(torch.from_numpy(X)))
    assert not set(speakers[train.indices]) & set(speakers[valid.indices])
    # a plain 1-D y has no speakers: stratified split
    clf.fit(X, y)
    assert clf.net_.train_split.keywords["groups"] is None


def test_target_column_is_read_from_the_label_frame():
    X, y = two_kinds(12, 400, 1000, seed=0)
    frame = pd.DataFrame({"kind": y})
    clf = RawCNNLSTMClassifier(max_epochs=1, target="kind", random_state=0, **TINY_RAW)
    assert set(clf.fit(X, frame).classes_) == {"noise", "tone"}
    with pytest.raises(ValueError, match="target column 'emotion' not in y"):
        RawCNNLSTMClassifier(max_epochs=1, **TINY_RAW).fit(X, frame)


# -- early stopping -------------------------------------------------------------------


def test_early_stopping_restores_the_best_epoch(monkeypatch):
    # The validation UAR is scripted: best at epoch 2, then three epochs without
    # improvement stop training (patience 3) after epoch 5.
    scripted = iter([0.5, 0.9, 0.6, 0.7, 0.8, 0.1, 0.1])
    weights = []

    def scripted_uar(net, X, y):
        weights.append(copy.deepcopy(net.module_.state_dict()))
        return next(scripted)

    monkeypatch.setattr(_training, "_valid_uar", scripted_uar)
    X, y = two_kinds(24, 400, 1000, seed=1)
    clf = RawCNNLSTMClassifier(max_epochs=20, n_iter_no_change=3, lr=1e-2,
                               random_state=0, **TINY_RAW).fit(X, y)  # fmt: skip
    assert clf.n_epochs_ == 5
    assert clf.best_epoch_ == 2
    assert clf.history_[:, "valid_uar"] == [0.5, 0.9, 0.6, 0.7, 0.8]
    kept = clf.net_.module_.state_dict()
    for name, value in weights[1].items():
        torch.testing.assert_close(kept[name], value)
    assert any(not torch.equal(kept[n], v) for n, v in weights[-1].items())
    # patience // 2 = 1: halved once more than one epoch failed to improve
    # (epochs 3 and 4), then the count starts again (epoch 5)
    assert clf.net_.optimizer_.param_groups[0]["lr"] == pytest.approx(5e-3)


def test_without_early_stopping_max_epochs_are_trained():
    X, y = two_kinds(12, 400, 1000, seed=0)
    clf = RawCNNLSTMClassifier(max_epochs=3, early_stopping=False, random_state=0,
                               **TINY_RAW).fit(X, y)  # fmt: skip
    assert (clf.n_epochs_, clf.best_epoch_) == (3, 3)
    assert clf.net_.train_split is None


def test_a_last_batch_of_one_row_is_dropped_and_tiny_data_trains_on_all():
    # 9 rows in batches of 8: a last batch of 1 row cannot be batch-normalised.
    X, y = two_kinds(9, 400, 1000, seed=0)
    clf = RawCNNLSTMClassifier(max_epochs=2, early_stopping=False, random_state=0,
                               **TINY_RAW).fit(X, y)  # fmt: skip
    assert clf.net_.iterator_train__drop_last
    # 2 rows: holding one out would leave 1 to train on
    clf = RawCNNLSTMClassifier(max_epochs=2, random_state=0, **TINY_RAW)
    clf.fit(X[[0, 8]], y[[0, 8]])
    assert clf.net_.train_split is None and clf.best_epoch_ == 2


# -- inputs read once per fit ---------------------------------------------------------


def test_log_mel_is_computed_once_per_file_per_fit(monkeypatch):
    rows = []
    original = skser.nn._audio.log_mel_spectrogram

    def counting(waveforms, *args, **kwargs):
        rows.append(len(waveforms))
        return original(waveforms, *args, **kwargs)

    monkeypatch.setattr(skser.nn._audio, "log_mel_spectrogram", counting)
    X, y = two_kinds(20, 800, 4000, seed=0)
    clf = DenseLSTMHighwayClassifier(max_epochs=4, early_stopping=False,
                                     random_state=0, **TINY_DENSE)  # fmt: skip
    clf.fit(X, y)
    assert clf.n_epochs_ == 4
    assert sum(rows) == 20  # once per waveform, not once per epoch


def test_files_are_read_once_per_fit(monkeypatch, tmp_path):
    X, y = two_kinds(10, 800, 4000, seed=0)
    paths = []
    for i, waveform in enumerate(X):
        paths.append(str(tmp_path / f"{i}.wav"))
        sf.write(paths[-1], waveform, 4000)
    reads = []
    original = skser.nn._audio.fixed_length_waveform

    def counting(path, *args, **kwargs):
        reads.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(skser.nn._audio, "fixed_length_waveform", counting)
    clf = DenseLSTMHighwayClassifier(max_epochs=3, duration=0.2, random_state=0,
                                     **TINY_DENSE)  # fmt: skip
    clf.fit(paths, y)
    assert sorted(reads) == sorted(paths)


# -- learning with the defaults -----------------------------------------------------


@pytest.mark.parametrize("cls", [RawCNNLSTMClassifier, DenseLSTMHighwayClassifier])
def test_defaults_learn_two_clearly_different_signals(cls):
    # Defaults (16 kHz, early stopping, class weights), tiny inputs: 0.2 s each.
    X, y = two_kinds(48, 3200, 16000, seed=0)
    X_test, y_test = two_kinds(40, 3200, 16000, seed=1)
    clf = cls(random_state=0, device="cpu").fit(X, y)
    assert np.mean(clf.predict(X_test) == y_test) >= 0.9
