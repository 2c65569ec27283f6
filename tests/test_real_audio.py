"""Extraction on every real EmoDB and URDU file (needs ../shared/data)."""

import audiofile
import audresample
import numpy as np
import opensmile
import pytest

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def corpora(real_corpora):
    assert len(real_corpora["emodb"]) == 535 and len(real_corpora["urdu"]) == 400
    return real_corpora


@pytest.fixture(scope="module")
def features(real_features):
    # Shared with every test of the run through conftest's session cache.
    return real_features


@pytest.mark.parametrize("corpus", ["emodb", "urdu"])
def test_every_file_gives_88_finite_features(features, corpus):
    X = features[corpus]
    assert X.shape[1] == 88
    assert not X.isna().any().any()


@pytest.mark.parametrize("corpus", ["emodb", "urdu"])
def test_values_equal_opensmiles_own(corpora, features, corpus):
    # openSMILE's own reading and resampling (audiofile, audresample), clipped to
    # 16-bit range before its int16 cast, as skser's reader clips: an independent
    # route to the same numbers. Where the resampled signal stays in range, that
    # is exactly openSMILE's process_file.
    smile = opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02,
        feature_level=opensmile.FeatureLevel.Functionals,
    )
    resampling = opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02,
        feature_level=opensmile.FeatureLevel.Functionals,
        sampling_rate=16000,
        resample=True,
    )
    rows = [0, 57, 199, 301]
    in_range = []
    for row in rows:
        path = corpora[corpus][row]
        signal, rate = audiofile.read(path, always_2d=True)
        signal = audresample.resample(audresample.remix(signal, mixdown=True),
                                      rate, 16000)  # fmt: skip
        in_range.append(signal.max() <= 32767 / 32768 and signal.min() >= -1)
        clipped = np.clip(signal, -1, 32767 / 32768)
        reference = smile.process_signal(clipped, 16000)
        ours = features[corpus].iloc[row]
        assert list(reference.columns) == list(ours.index)
        assert ours.to_numpy() == pytest.approx(
            reference.to_numpy()[0], rel=1e-6, abs=1e-6
        )
        if in_range[-1]:
            own = resampling.process_file(path).to_numpy()[0]
            assert ours.to_numpy() == pytest.approx(own, rel=1e-6, abs=1e-6)
    # EmoDB's row 57 is one whose resampled peaks leave 16-bit range
    assert in_range == ([True, False, True, True] if corpus == "emodb" else in_range)
