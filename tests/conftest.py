"""Shared fixtures: tiny generated audio and the real corpora when present."""

import os
import zlib
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import settings

# The real corpora sit beside the checkout (../shared/data) on development
# machines and in CI; SKSER_DATA points elsewhere.
DATA_ROOT = Path(
    os.environ.get(
        "SKSER_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
    )
)
# The gallery examples run by tests/test_examples.py read the same variable.
os.environ.setdefault("SKSER_DATA", str(DATA_ROOT))


@pytest.fixture(scope="session")
def data_root():
    if not DATA_ROOT.is_dir():
        pytest.skip(f"real corpora not found at {DATA_ROOT} (set SKSER_DATA)")
    return DATA_ROOT


@pytest.fixture(scope="session")
def egemaps_cache(tmp_path_factory):
    """One eGeMAPS cache for the whole run: each real file is extracted once.

    Fresh every run (a cache kept between runs would hide a change in the
    extraction); pass it as ``EGeMAPSExtractor(cache=...)`` or ``--cache``.
    """
    return tmp_path_factory.mktemp("egemaps-cache")


@pytest.fixture(scope="session")
def real_corpora(data_root):
    """Sorted paths of every real EmoDB and URDU recording, by corpus."""
    emodb = sorted((data_root / "emodb" / "wav").glob("*.wav"))
    urdu = sorted((data_root / "urdu").glob("*/*.wav"))
    return {"emodb": [str(p) for p in emodb], "urdu": [str(p) for p in urdu]}


@pytest.fixture(scope="session")
def real_features(real_corpora, egemaps_cache):
    """eGeMAPS features of every real recording (rows in ``real_corpora`` order)."""
    from skser import EGeMAPSExtractor

    extractor = EGeMAPSExtractor(n_jobs=2, cache=egemaps_cache)
    extractor.set_output(transform="pandas")
    return {
        name: extractor.fit_transform(paths) for name, paths in real_corpora.items()
    }


def write_tone(
    path, seconds=1.0, rate=16000, freq=220.0, channels=1, seed=0, noise=0.01
):
    """Write a voiced-sounding test signal: a harmonic tone with a little noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    signal = sum(np.sin(2 * np.pi * freq * k * t) / k for k in range(1, 6))
    signal = 0.2 * signal * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
    signal = signal + noise * rng.standard_normal(t.size)
    if channels > 1:
        signal = np.column_stack([signal] * channels)
    sf.write(path, signal, rate)
    return str(path)


@pytest.fixture
def tones(tmp_path):
    """Three short tones at different rates and pitches."""
    return [
        write_tone(tmp_path / "a.wav", rate=16000, freq=180.0),
        write_tone(tmp_path / "b.wav", rate=22050, freq=220.0, seed=1),
        write_tone(tmp_path / "c.wav", rate=44100, freq=260.0, seed=2),
    ]


# CI runs the same examples every time (a failure there is reproducible); local
# runs explore new ones. HYPOTHESIS_PROFILE=thorough explores many more.
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "ci", parent=settings.get_profile("default"), derandomize=True
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
# `make mutation` re-runs the tests once per mutant: fewer, fixed examples.
settings.register_profile("mutation", max_examples=25, deadline=None, derandomize=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)


@pytest.fixture
def small_corpora(data_root, tmp_path):
    """A folder with emodb/ and urdu/ in their layouts, linking real files.

    EmoDB: 3 speakers x 4 classes (neutral, sad, happy, angry) x 2 files; URDU:
    three files per class.
    """
    corpora = tmp_path / "corpora"
    wav = corpora / "emodb" / "wav"
    wav.mkdir(parents=True)
    # three speakers, two files of each of the four classes (W N T F codes)
    for name in sorted(os.listdir(data_root / "emodb" / "wav")):
        if name[:2] in {"03", "08", "09"} and name[5] in "WNTF":
            group = [
                n for n in os.listdir(wav) if n[:2] == name[:2] and n[5] == name[5]
            ]
            if len(group) < 2:
                os.symlink(data_root / "emodb" / "wav" / name, wav / name)
    for emotion in ["Angry", "Happy", "Neutral", "Sad"]:
        (corpora / "urdu" / emotion).mkdir(parents=True)
        for name in sorted(os.listdir(data_root / "urdu" / emotion))[:3]:
            os.symlink(
                data_root / "urdu" / emotion / name, corpora / "urdu" / emotion / name
            )
    return corpora


def write_stub(path, content=None):
    """Write a 10 ms WAV file whose samples are its path's, unless ``content``.

    Files of a fake corpus differ in content, as recordings do, so that only the
    copies a test makes on purpose (same ``content``) are byte-identical.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    seed = zlib.crc32((str(path) if content is None else content).encode())
    samples = np.random.default_rng(seed).uniform(-0.5, 0.5, 160)
    sf.write(path, samples, 16000)
    return path
