"""Features written chunk by chunk: an interrupted run resumes where it stopped."""

import re

import numpy as np
import pandas as pd
import pytest
from conftest import write_tone

from skser import EGeMAPSExtractor, ExtractionError
from skser.features import OpenSmileExtractor, extract_in_chunks


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tones")
    paths = [
        write_tone(folder / f"{i}.wav", freq=150.0 + 30 * i, seed=i) for i in range(5)
    ]
    # activation is missing in the whole of the last chunk (chunk_size=2)
    return pd.DataFrame(
        {"path": paths, "emotion": list("ansha"), "activation": [1, 2, 3, 4, None]}
    )


@pytest.fixture(scope="module")
def expected(manifest):
    return EGeMAPSExtractor().transform(manifest)


class RunInterruptedError(Exception):
    pass


class CountingExtractor(EGeMAPSExtractor):
    """Counts the chunks it reads; stops the run at chunk ``stop_at``."""

    stop_at = None

    def _read(self, paths):
        self.chunks = getattr(self, "chunks", [])
        if len(self.chunks) == self.stop_at:
            raise RunInterruptedError
        self.chunks.append(paths)
        return super()._read(paths)


def test_an_interrupted_run_resumes_at_the_first_missing_chunk(
    manifest, expected, tmp_path
):
    out = tmp_path / "features"
    first = CountingExtractor()
    first.stop_at = 2
    with pytest.raises(RunInterruptedError):
        extract_in_chunks(manifest, out, first, chunk_size=2, progress=False)
    assert sorted(p.name for p in out.glob("part-*")) == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    (out / "_part-00002.parquet.partial").write_bytes(b"cut off mid-write")
    again = CountingExtractor()
    assert extract_in_chunks(manifest, out, again, chunk_size=2, progress=False) == {}
    assert again.chunks == [[manifest["path"][4]]]  # only the missing chunk
    table = pd.read_parquet(out)
    np.testing.assert_array_equal(table.iloc[:, 3:].to_numpy(), expected)
    pd.testing.assert_frame_equal(table.iloc[:, :3], manifest)
    assert list(table.columns[3:]) == list(EGeMAPSExtractor().get_feature_names_out())
    # A finished run resumes to nothing.
    done = CountingExtractor()
    extract_in_chunks(manifest, out, done, chunk_size=2, progress=False)
    assert not hasattr(done, "chunks")


def test_a_folder_of_other_settings_is_refused(manifest, tmp_path):
    out = tmp_path / "features"
    extract_in_chunks(manifest[:2], out, EGeMAPSExtractor(), progress=False)
    with pytest.raises(ValueError, match="n_files: 2.*now n_files: 5"):
        extract_in_chunks(manifest, out, EGeMAPSExtractor(), progress=False)
    with pytest.raises(ValueError, match="chunk_size: 1000.*now chunk_size: 1"):
        extract_in_chunks(manifest[:2], out, EGeMAPSExtractor(), chunk_size=1)
    with pytest.raises(ValueError, match="sampling_rate"):
        extract_in_chunks(manifest[:2], out, EGeMAPSExtractor(sampling_rate=8000))
    with pytest.raises(FileExistsError, match="remove the folder to start over"):
        extract_in_chunks(manifest[:2], out, EGeMAPSExtractor(), resume=False)
    # n_jobs changes no feature: the run resumes.
    assert extract_in_chunks(manifest[:2], out, EGeMAPSExtractor(n_jobs=2)) == {}


@pytest.mark.parametrize("on_error", ["raise", "skip", "nan"])
def test_failed_files_are_listed_and_handled(manifest, expected, tmp_path, on_error):
    paths = [*manifest["path"][:3], str(tmp_path / "missing.wav")]
    out = tmp_path / "features"
    if on_error == "raise":
        with pytest.raises(ExtractionError, match=r"(?s)chunk 1.*missing\.wav"):
            extract_in_chunks(
                paths, out, EGeMAPSExtractor(), chunk_size=2, progress=False
            )
        assert [p.name for p in out.glob("part-*")] == ["part-00000.parquet"]
        return
    failures = extract_in_chunks(
        paths, out, EGeMAPSExtractor(), chunk_size=2, on_error=on_error,
        progress=False,
    )  # fmt: skip
    assert failures == {paths[3]: "file not found"}
    features = pd.read_parquet(out).iloc[:, 1:].to_numpy()
    np.testing.assert_array_equal(features[:3], expected[:3])
    assert len(features) == (3 if on_error == "skip" else 4)
    if on_error == "nan":
        assert np.isnan(features[3]).all()


def test_a_resume_with_other_labels_or_on_error_is_refused(manifest, tmp_path):
    out = tmp_path / "features"
    extract_in_chunks(manifest, out, EGeMAPSExtractor(), chunk_size=2, progress=False)
    relabelled = manifest.assign(emotion=list("nnnnn"))
    with pytest.raises(ValueError, match="labels_sha256"):
        extract_in_chunks(relabelled, out, EGeMAPSExtractor(), chunk_size=2)
    with pytest.raises(ValueError, match="columns: .*'activation'.*now columns"):
        extract_in_chunks(manifest.drop(columns="activation"), out,
                          EGeMAPSExtractor(), chunk_size=2)  # fmt: skip
    with pytest.raises(ValueError, match="on_error: 'raise'.*now on_error: 'nan'"):
        extract_in_chunks(manifest, out, EGeMAPSExtractor(), chunk_size=2,
                          on_error="nan")  # fmt: skip
    assert not list(out.glob("*.partial"))  # the record was written whole


def test_damaged_chunks_are_named_and_extracted_again(manifest, expected, tmp_path):
    out = tmp_path / "features"
    extract_in_chunks(manifest, out, CountingExtractor(), chunk_size=2, progress=False)
    (out / "part-00001.parquet").write_bytes(b"PAR1 cut off")
    other = pd.read_parquet(out / "part-00002.parquet").assign(path="elsewhere.wav")
    other.to_parquet(out / "part-00002.parquet", index=False)
    again = CountingExtractor()
    with pytest.warns(UserWarning) as caught:
        extract_in_chunks(manifest, out, again, chunk_size=2, progress=False)
    text = str(caught[0].message)
    assert text.startswith("2 chunk(s) in")
    assert "part-00001.parquet: unreadable" in text
    assert "part-00002.parquet: holds other files than its 1" in text
    assert again.chunks == [list(manifest["path"][2:4]), [manifest["path"][4]]]
    table = pd.read_parquet(out)
    np.testing.assert_array_equal(table.iloc[:, 3:].to_numpy(), expected)


def test_a_damaged_resume_record_is_named_with_the_fix(manifest, tmp_path):
    out = tmp_path / "features"
    extract_in_chunks(manifest, out, EGeMAPSExtractor(), chunk_size=2, progress=False)
    (out / "_extraction.json").write_text('{"n_files": 5, "files_sha')  # cut off
    with pytest.raises(ValueError, match=r"resume record .*_extraction\.json is "
                       r"damaged \(JSONDecodeError.*remove the folder"):  # fmt: skip
        extract_in_chunks(manifest, out, EGeMAPSExtractor(), chunk_size=2)


def test_a_frame_level_extractor_is_refused_naming_the_file(manifest, tmp_path):
    frames = OpenSmileExtractor(feature_level="lld")
    first = manifest["path"][0]
    with pytest.raises(
        ValueError, match=rf"gave {re.escape(first)} an array of shape \(\d+, 25\)"
    ):
        extract_in_chunks(manifest, tmp_path / "out", frames, progress=False)
    assert not list((tmp_path / "out").glob("part-*"))
