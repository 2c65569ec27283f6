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

from skser import EGeMAPSExtractor, OutlierFilter, make_pipeline
from skser.preprocessing import max_abs_zscore, zscore_inliers

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


@pytest.mark.filterwarnings("ignore:OutlierFilter.*cannot drop")
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


@pytest.mark.filterwarnings("ignore:OutlierFilter.*cannot drop")
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


@pytest.mark.filterwarnings("ignore:OutlierFilter.*cannot drop")
def test_constant_columns_do_not_divide_by_zero():
    X = np.c_[np.ones(5), np.arange(5.0)]
    with np.errstate(all="raise"):
        X_kept, _ = OutlierFilter(threshold=2.0).fit_resample(X)
    assert len(X_kept) == 5


@pytest.mark.filterwarnings("ignore:OutlierFilter.*cannot drop")
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


@given(X=matrices)
def test_no_z_score_beyond_the_samuelson_bound(X):
    # The z-scores the filter uses (StandardScaler's, constant columns at 0).
    z = StandardScaler().fit_transform(X)
    assert np.abs(z).max() <= max_abs_zscore(len(X)) * (1 + 1e-9)


@given(n=st.integers(2, 300), position=st.integers(0, 299), size=st.floats(1e-3, 1e3))
def test_one_deviant_row_reaches_the_bound(n, position, size):
    X = np.zeros((n, 1))
    X[position % n] = size
    assert np.abs(reference_z(X)).max() == pytest.approx(max_abs_zscore(n), rel=1e-9)


def test_warns_when_too_few_rows_to_drop_anything():
    X = np.zeros((100, 2))
    X[0] = 1e6  # as far out as a value can be: z = sqrt(99) < 10, kept
    with pytest.warns(UserWarning, match=r"cannot drop any of 100 rows.*= 9.95"):
        X_kept, _ = OutlierFilter().fit_resample(X)
    assert len(X_kept) == 100
    # 101 rows reach z = 10 at best: a tie with the threshold, still warned.
    with pytest.warns(UserWarning, match=r"cannot drop any of 101 rows.*= 10\."):
        OutlierFilter().fit_resample(np.zeros((101, 2)))
    X = np.zeros((102, 2))
    X[0] = 1e6  # z = sqrt(101) > 10: dropped, and no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X_kept, _ = OutlierFilter().fit_resample(X)
    assert len(X_kept) == 101
    with pytest.warns(UserWarning, match="cannot drop any of 10 rows"):
        OutlierFilter(threshold=3.0).fit_resample(np.zeros((10, 1)))


def test_missing_rows_are_an_error_naming_the_feature():
    X = pd.DataFrame({"pitch": np.zeros(150), "loudness": np.zeros(150)})
    X.iloc[7, 1] = np.nan
    with pytest.raises(
        ValueError,
        match=r"1 row\(s\) with missing \(NaN\).*'loudness' \(row 7\).*"
        "drop_missing=True",
    ):
        OutlierFilter().fit_resample(X)
    X.iloc[9, 0] = np.inf
    with pytest.raises(ValueError, match=r"infinite values.*'pitch' \(row 9\)"):
        OutlierFilter(drop_missing=True).fit_resample(X)


def test_drop_missing_drops_and_counts_rows_with_labels(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 3))
    X[[3, 50], 1] = np.nan  # two failed files
    X[120] = [0.0, 1e4, 0.0]  # one outlier
    y = pd.DataFrame({"row": np.arange(200)})
    sampler = OutlierFilter(drop_missing=True)
    X_kept, y_kept = sampler.fit_resample(X, y)
    assert (sampler.n_missing_, sampler.n_outliers_) == (2, 1)
    assert list(y_kept["row"]) == [i for i in range(200) if i not in (3, 50, 120)]
    np.testing.assert_array_equal(X_kept, X[y_kept["row"]])
    with pytest.raises(ValueError, match="every one of the 2 rows"):
        OutlierFilter(drop_missing=True).fit_resample(np.full((2, 1), np.nan))


@pytest.mark.filterwarnings("ignore:OutlierFilter.*cannot drop")  # 6 rows
def test_failed_files_are_dropped_in_a_pipeline(tmp_path, data_root):
    # Real speech plus one file that is not audio: on_error="nan" keeps its row as
    # NaN, OutlierFilter(drop_missing=True) drops it (and its label) during fit.
    paths = [str(p) for p in sorted((data_root / "emodb" / "wav").glob("*.wav"))[:6]]
    broken = tmp_path / "broken.wav"
    broken.write_text("not audio")
    paths.insert(2, str(broken))
    y = np.array([1.0, 2.0, 9.0, 3.0, 4.0, 5.0, 6.0])
    pipe = make_pipeline(
        EGeMAPSExtractor(on_error="nan"),
        OutlierFilter(drop_missing=True),
        StandardScaler(),
        LinearSVR(random_state=0),
    )
    with pytest.warns(UserWarning, match="broken.wav: not readable as audio"):
        pipe.fit(paths, y)
    assert pipe.named_steps["outlierfilter"].n_missing_ == 1
    assert pipe.named_steps["standardscaler"].n_samples_seen_ == 6
