import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import zscore
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVR

from skser import OutlierFilter, make_pipeline
from skser.preprocessing import zscore_inliers

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=64)
matrices = st.integers(2, 30).flatmap(
    lambda n: arrays(
        np.float64, st.tuples(st.just(n), st.integers(1, 4)), elements=finite
    )
)
thresholds = st.floats(0.3, 4.0)


def reference_z(X):
    """z-scores computed independently with scipy; a constant column has z = 0."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        z = zscore(X, axis=0)
    constant = np.ptp(X, axis=0) == 0
    return np.where(constant, 0.0, z)


@given(X=matrices, threshold=thresholds)
def test_rows_kept_exactly_when_every_z_is_within_threshold(X, threshold):
    z = np.abs(reference_z(X))
    # Floating-point ties at the boundary are decided either way by rounding.
    assume(np.all(np.abs(z - threshold) > 1e-9))
    X_kept, _ = OutlierFilter(threshold=threshold).fit_resample(X)
    expected = np.all(z <= threshold, axis=1)
    np.testing.assert_array_equal(X_kept, X[expected])


@given(X=matrices, threshold=thresholds, seed=st.integers(0, 2**32 - 1))
def test_invariant_under_row_permutation(X, threshold, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    kept = zscore_inliers(X, threshold)
    np.testing.assert_array_equal(zscore_inliers(X[order], threshold), kept[order])


@given(X=matrices, threshold=thresholds)
def test_x_and_y_stay_aligned(X, threshold):
    y = pd.DataFrame(
        {"row": np.arange(len(X)), "activation": np.linspace(1, 5, len(X))},
        index=np.arange(len(X)) * 10,
    )
    X_kept, y_kept = OutlierFilter(threshold=threshold).fit_resample(X, y)
    np.testing.assert_array_equal(X_kept, X[y_kept["row"].to_numpy()])
    assert list(y_kept.index) == list(y_kept["row"] * 10)


def test_drops_the_outlier_and_records_indices():
    X = np.zeros((200, 3))
    X[17, 1] = 1e4  # z = sqrt(199) ~ 14 > 10
    y = np.linspace(0.0, 1.0, 200)  # continuous labels must be accepted
    sampler = OutlierFilter()
    X_kept, y_kept = sampler.fit_resample(X, y)
    assert X_kept.shape == (199, 3)
    assert 17 not in sampler.sample_indices_
    np.testing.assert_array_equal(y_kept, np.delete(y, 17))


def test_constant_columns_do_not_divide_by_zero():
    X = np.c_[np.ones(5), np.arange(5.0)]
    with np.errstate(all="raise"):
        X_kept, _ = OutlierFilter(threshold=2.0).fit_resample(X)
    assert len(X_kept) == 5


def test_dataframe_keeps_type_index_and_names():
    X = pd.DataFrame({"f0": np.r_[np.zeros(30), 50.0]}, index=range(100, 131))
    y = pd.Series(list("ab" * 15) + ["c"], index=X.index, name="emotion")
    X_kept, y_kept = OutlierFilter(threshold=3.0).fit_resample(X, y)
    assert isinstance(X_kept, pd.DataFrame) and isinstance(y_kept, pd.Series)
    assert list(X_kept.index) == list(range(100, 130)) == list(y_kept.index)


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        OutlierFilter().fit_resample(np.zeros((4, 2)), np.zeros(3))


def test_acts_only_during_fit_in_a_pipeline():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 2))
    X[0] = 1e3
    y = X[:, 1] * 2.0  # continuous target through imblearn's pipeline
    pipe = make_pipeline(OutlierFilter(), StandardScaler(), LinearSVR(random_state=0))
    pipe.fit(X, y)
    assert pipe.named_steps["outlierfilter"].sample_indices_.tolist() == list(
        range(1, 300)
    )
    assert pipe.named_steps["standardscaler"].n_samples_seen_ == 299
    assert pipe.predict(X).shape == (300,)  # no row dropped at prediction
