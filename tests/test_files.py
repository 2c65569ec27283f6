"""The shared machinery that reads many audio files (skser.io)."""

import functools
import warnings

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

from skser.io import (
    ExtractionError,
    FileTransformer,
    UnusableFileError,
    check_on_error,
    extract_in_chunks,
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
    frame = pd.DataFrame({"path": ["a.wav", "b.wav"], "emotion": ["x", "y"]})
    assert file_paths(frame) == ["a.wav", "b.wav"]


def _first_samples_as_column(path, n):
    """Per-file function of a step that gives a file several rows (frames)."""
    return _first_samples(path, n)[:, np.newaxis]


class FirstSamples(FileTransformer):
    """A file-set step of the tests: the first ``n`` samples of each file."""

    _desc = "first samples"

    def __init__(
        self, n=3, per_file=_first_samples, path_column="path", n_jobs=None,
        cache=None, cache_key="content", progress=False, on_error="raise",
    ):  # fmt: skip
        self.n = n
        self.per_file = per_file
        self.path_column = path_column
        self.n_jobs = n_jobs
        self.cache = cache
        self.cache_key = cache_key
        self.progress = progress
        self.on_error = on_error

    def _reader(self):
        return functools.partial(self.per_file, n=self.n), None, 1

    def _n_features_out(self):
        return self.n

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"sample{i}" for i in range(self.n)], dtype=object)


@pytest.fixture
def good_and_broken(tmp_path):
    """A loader's frame: a file of samples 0.25, one not audio, one of samples 0.5."""
    paths = [str(tmp_path / name) for name in ("a.wav", "broken.wav", "c.wav")]
    sf.write(paths[0], np.full(100, 0.25), 16000, subtype="FLOAT")
    (tmp_path / "broken.wav").write_text("not audio")
    sf.write(paths[2], np.full(100, 0.5), 16000, subtype="FLOAT")
    return pd.DataFrame({"path": paths, "emotion": ["angry", "sad", "happy"]})


@pytest.mark.parametrize("on_error", ["raise", "nan"])
def test_rows_and_failures_of_a_file_set(good_and_broken, on_error):
    step = FirstSamples(n=3, on_error=on_error)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # on_error is the caller's: no warning either
        features, failures = step.transform_with_failures(good_and_broken)
    np.testing.assert_array_equal(
        features,
        [[0.25, 0.25, 0.25], [np.nan, np.nan, np.nan], [0.5, 0.5, 0.5]],
    )
    broken = good_and_broken["path"][1]
    assert list(failures) == [broken]
    assert failures[broken].startswith("LibsndfileError: ")
    # transform reads the same rows and then applies on_error.
    if on_error == "raise":
        with pytest.raises(ExtractionError, match="broken.wav: LibsndfileError"):
            step.transform(good_and_broken)
    else:
        with pytest.warns(UserWarning, match="broken.wav: LibsndfileError"):
            np.testing.assert_array_equal(step.transform(good_and_broken), features)


def test_rows_of_a_file_set_read_the_path_column_and_check_parameters(
    good_and_broken,
):
    frame = good_and_broken.rename(columns={"path": "file"})
    features, failures = FirstSamples(path_column="file").transform_with_failures(frame)
    assert features.shape == (3, 3) and list(failures) == [frame["file"][1]]
    with pytest.raises(ValueError, match="path column 'path' not in X"):
        FirstSamples().transform_with_failures(frame)
    with pytest.raises(ValueError, match="'on_error' parameter"):
        FirstSamples(on_error="ignore").transform_with_failures(good_and_broken)


def test_a_step_with_several_rows_per_file_is_refused_by_name(good_and_broken):
    step = FirstSamples(n=3, per_file=_first_samples_as_column)
    with pytest.raises(ValueError, match=r"a.wav an array of shape \(3, 1\), not one"):
        step.transform_with_failures(good_and_broken)


@pytest.mark.real_data
def test_rows_and_failures_of_real_recordings_and_an_empty_file(
    real_corpora, egemaps_cache, tmp_path
):
    from skser import EGeMAPSExtractor

    empty = tmp_path / "empty.wav"
    empty.touch()  # a recording cut off before its header: zero bytes
    # EmoDB at 22.05 kHz and URDU at 44.1 kHz, around the empty file.
    paths = [real_corpora["emodb"][0], str(empty), real_corpora["urdu"][0]]
    step = EGeMAPSExtractor(cache=egemaps_cache)
    features, failures = step.transform_with_failures(paths)
    assert list(failures) == [str(empty)]
    assert failures[str(empty)].startswith("not readable as audio")
    assert features.shape == (3, 88) and np.isnan(features[1]).all()
    alone = EGeMAPSExtractor()  # no cache: each good file read again, alone
    for row in (0, 2):
        np.testing.assert_array_equal(features[row], alone.transform([paths[row]])[0])


@pytest.mark.parametrize("policy", ["raise", "skip", "nan"])
def test_check_on_error_passes_each_policy(policy):
    assert check_on_error(policy) == policy


def test_every_on_error_caller_refuses_an_unknown_policy_before_reading(tmp_path):
    from skser.experiments import corpus_features, run_extract

    missing = tmp_path / "no-such-corpus"  # read first, this would be the error
    calls = [
        lambda: check_on_error("ignore"),
        lambda: corpus_features("files", missing, on_error="ignore"),
        lambda: run_extract("files", missing, tmp_path / "x.csv", on_error="ignore"),
        lambda: run_extract(
            "files", missing, tmp_path / "x", on_error="ignore", chunk_size=2
        ),  # fmt: skip
        lambda: extract_in_chunks(
            [str(missing / "a.wav")],
            tmp_path / "c",
            FileTransformer(),
            on_error="ignore",
        ),  # fmt: skip
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"one of raise, skip, nan, got 'ignore'"):
            call()
    assert not (tmp_path / "c").exists()
