"""Extraction on every real EmoDB and URDU file (needs ../shared/data)."""

import opensmile
import pytest

from skser import EGeMAPSExtractor

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def corpora(data_root):
    emodb = sorted((data_root / "emodb" / "wav").glob("*.wav"))
    urdu = sorted((data_root / "urdu").glob("*/*.wav"))
    assert len(emodb) == 535 and len(urdu) == 400
    return {"emodb": [str(p) for p in emodb], "urdu": [str(p) for p in urdu]}


@pytest.fixture(scope="module")
def features(corpora):
    extractor = EGeMAPSExtractor(n_jobs=2).set_output(transform="pandas")
    return {name: extractor.fit_transform(paths) for name, paths in corpora.items()}


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
