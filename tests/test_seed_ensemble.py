import numpy as np
import pandas as pd
import pytest

from skser import DAE, MetricDAE
from skser.latent import SeedEnsemble, member_seeds

X = np.random.default_rng(0).standard_normal((80, 5))
Y = pd.DataFrame({"activation": np.linspace(1, 5, 80)})


def test_each_member_is_the_model_trained_from_its_seed():
    ensemble = SeedEnsemble(DAE(max_epochs=3), n_members=3, random_state=7).fit(X)
    assert ensemble.seeds_.tolist() == member_seeds(7, 3).tolist()
    codes = ensemble.transform(X)
    for i, seed in enumerate(ensemble.seeds_):
        alone = DAE(max_epochs=3, random_state=int(seed)).fit(X).transform(X)
        np.testing.assert_array_equal(codes[:, 2 * i : 2 * i + 2], alone)
    # Distinct seeds give distinct members.
    assert not np.allclose(codes[:, :2], codes[:, 2:4])


def test_the_ensemble_seed_overrides_a_seed_set_on_the_member():
    a = SeedEnsemble(DAE(max_epochs=2, random_state=1), 2, random_state=0).fit(X)
    b = SeedEnsemble(DAE(max_epochs=2, random_state=2), 2, random_state=0).fit(X)
    np.testing.assert_array_equal(a.transform(X), b.transform(X))


def test_members_see_the_label_frame():
    member = MetricDAE("activation", max_epochs=2)
    ensemble = SeedEnsemble(member, n_members=2, random_state=0).fit(X, Y)
    for fitted, seed in zip(ensemble.estimators_, ensemble.seeds_, strict=True):
        alone = MetricDAE("activation", max_epochs=2, random_state=int(seed))
        np.testing.assert_array_equal(fitted.transform(X), alone.fit(X, Y).transform(X))


def test_member_seeds_are_distinct_and_reproducible():
    seeds = member_seeds(3, 50)
    assert len(set(seeds.tolist())) == 50
    assert seeds.tolist() == member_seeds(3, 50).tolist()
    assert seeds.tolist() != member_seeds(4, 50).tolist()


def test_rejects_a_step_without_transform():
    with pytest.raises(ValueError, match="estimator"):
        SeedEnsemble(object()).fit(X)
