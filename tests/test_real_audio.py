"""Extraction on every real EmoDB and URDU file (needs ../shared/data)."""

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
    smile = opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02,
        feature_level=opensmile.FeatureLevel.Functionals,
        sampling_rate=16000,
        resample=True,
    )
    rows = [0, 57, 199, 301]
    reference = smile.process_files([corpora[corpus][i] for i in rows])
    ours = features[corpus].iloc[rows]
    assert list(reference.columns) == list(ours.columns)
    assert ours.to_numpy() == pytest.approx(reference.to_numpy(), rel=1e-6, abs=1e-6)
