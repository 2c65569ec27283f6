"""The shared machinery that reads many audio files (skser.io)."""

import functools

import numpy as np
import pytest
import soundfile as sf

from skser.io import (
    ExtractionError,
    UnusableFileError,
    file_paths,
    read_files,
    report_failures,
)


def _first_samples(path, n):
    """Per-file function of the tests: the first n samples of a file."""
    signal, _ = sf.read(path)
    if len(signal) < n:
        raise UnusableFileError(f"shorter than {n} samples")
    return signal[:n]


# Batches seen by _first_samples_batch, in order (module-level: not part of its hash).
CALLS = []


def _first_samples_batch(paths, n):
    CALLS.append(list(paths))
    return [_first_samples(path, n) for path in paths]


@pytest.fixture
def files(tmp_path):
    paths = []
    for i, length in enumerate([100, 50, 100, 100]):
        path = tmp_path / f"f{i}.wav"
        sf.write(path, np.full(length, (i + 1) / 10), 16000, subtype="FLOAT")
        paths.append(str(path))
    return paths


def test_results_in_order_and_failures_named(files, tmp_path):
    text = tmp_path / "notes.wav"
    text.write_text("not audio")
    paths = [*files, str(tmp_path / "gone.wav"), str(text), str(tmp_path)]
    per_file = functools.partial(_first_samples, n=80)
    results, failures = read_files(paths, per_file, n_jobs=2)
    for i in (0, 2, 3):
        np.testing.assert_allclose(results[i], np.full(80, (i + 1) / 10))
    assert results[1] is None and results[4] is None and results[5] is None
    assert list(failures) == [files[1], *paths[4:]]
    assert failures[files[1]] == "shorter than 80 samples"
    assert failures[paths[4]] == "file not found"
    assert failures[str(text)].startswith("LibsndfileError")
    assert failures[str(tmp_path)] == "not a file"


def test_a_bad_file_spoils_no_batch(files):
    CALLS.clear()
    per_batch = functools.partial(_first_samples_batch, n=80)
    results, failures = read_files(files, per_batch=per_batch, batch_size=2)
    assert list(failures) == [files[1]]
    # The batch [f0, f1] failed as a whole and was retried file by file.
    assert CALLS == [files[:2], files[:1], files[1:2], files[2:]]
    np.testing.assert_allclose(results[0], np.full(80, 0.1))
    np.testing.assert_allclose(results[3], np.full(80, 0.4))


def test_cache_stores_batches_and_keys_settings(files, tmp_path):
    cache = tmp_path / "cache"
    per_batch = functools.partial(_first_samples_batch, n=40)
    first, _ = read_files(files, per_batch=per_batch, batch_size=3, cache=cache)
    CALLS.clear()
    again, _ = read_files(files, per_batch=per_batch, batch_size=3, cache=cache)
    assert CALLS == []
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    other, _ = read_files(
        files, functools.partial(_first_samples, n=30), cache=cache
    )  # other settings: other entries
    assert other[0].shape == (30,)


def test_report_failures_policy():
    report_failures({}, "raise", "waveforms")
    with pytest.raises(ExtractionError, match="could not extract waveforms from 1"):
        report_failures({"a.wav": "file not found"}, "raise", "waveforms")
    with pytest.warns(UserWarning, match="a.wav: file not found"):
        report_failures({"a.wav": "file not found"}, "nan", "waveforms")


def test_file_paths_from_a_loader_frame():
    import pandas as pd

    frame = pd.DataFrame({"path": ["a.wav", "b.wav"], "emotion": ["x", "y"]})
    assert file_paths(frame) == ["a.wav", "b.wav"]
