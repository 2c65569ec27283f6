"""Speaker normalisation and CORAL: the maths as properties, the steps by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.preprocessing import StandardScaler

from skser import CORAL, SpeakerScaler, make_pipeline
from skser.preprocessing import adapt, coral_matrix, matrix_power, speaker_zscores

values = st.floats(-100, 100, allow_nan=False)


def spd_matrices(n):
    """Symmetric positive definite n x n matrices, well conditioned."""
    return arrays(np.float64, (n + 2, n), elements=st.floats(-3, 3)).map(
        lambda B: B.T @ B + 0.5 * np.eye(n)
    )


# -- speaker_zscores ---------------------------------------------------------------


# unique=True: arrays of repeated values (hypothesis's fill) would be filtered out
# by the assumptions below so often that its health check fails.
@given(
    X=arrays(np.float64, (12, 3), elements=values, unique=True),
    scale=st.floats(0.1, 10),
    shift=st.floats(-50, 50),
)
def test_speaker_zscores_ignore_each_speakers_offset_and_scale(X, scale, shift):
    speakers = np.array(["a"] * 6 + ["b"] * 6)
    for column in range(3):  # speaker statistics need varying features
        for rows in (slice(0, 6), slice(6, 12)):
            assume(np.ptp(X[rows, column]) > 1e-3)
    moved = X.copy()
    moved[6:] = moved[6:] * scale + shift  # speaker b's voice, louder and higher
    assert np.allclose(
        speaker_zscores(moved, speakers, 6), speaker_zscores(X, speakers, 6)
    )


@given(X=arrays(np.float64, (10, 2), elements=values, unique=True))
def test_speaker_zscores_give_every_large_speaker_mean_0_and_std_1(X):
    speakers = np.array(["a"] * 5 + ["b"] * 5)
    for rows in (slice(0, 5), slice(5, 10)):
        assume((X[rows].std(axis=0) > 1e-3).all())
    Z = speaker_zscores(X, speakers, 5)
    for rows in (slice(0, 5), slice(5, 10)):
        assert np.allclose(Z[rows].mean(axis=0), 0, atol=1e-9)
        assert np.allclose(Z[rows].std(axis=0), 1)


def test_small_speakers_use_the_pooled_statistics():
    X = np.array([[0.0], [2.0], [4.0], [10.0]])
    # a has 3 rows (own statistics), b one row: pooled mean 4, std sqrt(14)
    Z = speaker_zscores(X, ["a", "a", "a", "b"], min_samples=2)
    expected_a = (np.array([0.0, 2.0, 4.0]) - 2.0) / np.sqrt(8 / 3)
    assert Z[:3, 0] == pytest.approx(expected_a)
    assert Z[3, 0] == pytest.approx((10.0 - 4.0) / np.sqrt(14.0))


def test_a_constant_feature_is_centred_not_divided_by_zero():
    Z = speaker_zscores([[3.0, 1.0], [3.0, 2.0]], ["a", "a"], min_samples=2)
    assert Z[:, 0] == pytest.approx([0.0, 0.0])


# -- matrix_power and coral_matrix ---------------------------------------------------


@given(C=spd_matrices(3))
def test_square_root_squares_back_and_inverse_root_whitens(C):
    root, inverse_root = matrix_power(C, 0.5), matrix_power(C, -0.5)
    assert np.allclose(root @ root, C)
    assert np.allclose(inverse_root @ C @ inverse_root, np.eye(3), atol=1e-7)


@given(source=spd_matrices(3), target=spd_matrices(3))
def test_coral_map_gives_the_source_the_target_covariance(source, target):
    A = coral_matrix(source, target)
    assert np.allclose(A.T @ source @ A, target, atol=1e-7)


def test_coral_matrix_of_diagonal_covariances_by_hand():
    A = coral_matrix(np.diag([4.0, 1.0]), np.diag([1.0, 9.0]))
    assert A == pytest.approx(np.diag([0.5, 3.0]))


# -- CORAL ---------------------------------------------------------------------------


def correlated(n, seed, mixing):
    return np.random.default_rng(seed).standard_normal((n, 2)) @ mixing + [5.0, -1.0]


def test_coral_is_the_identity_until_adapted():
    X = correlated(50, 0, np.array([[2.0, 1.0], [0.0, 1.0]]))
    assert np.allclose(CORAL().fit(X).transform(X), X)


def test_adapted_coral_gives_the_corpus_the_reference_mean_and_covariance():
    reference = correlated(300, 0, np.array([[2.0, 1.0], [0.0, 1.0]]))
    other = correlated(300, 1, np.array([[1.0, -3.0], [0.5, 1.0]])) + 7.0
    coral = CORAL(regularization=0.0).fit(reference).adapt(other)
    aligned = coral.transform(other)
    assert aligned.mean(axis=0) == pytest.approx(reference.mean(axis=0))
    assert np.allclose(
        np.cov(aligned.T, bias=True), np.cov(reference.T, bias=True), atol=1e-9
    )


def test_coral_regularisation_adds_the_identity_to_both_covariances():
    reference = correlated(300, 0, np.eye(2))
    coral = CORAL(regularization=2.0).fit(reference)
    assert coral.reference_covariance_ == pytest.approx(
        np.cov(reference.T, bias=True) + 2.0 * np.eye(2)
    )


def test_coral_adapt_refuses_one_row():
    coral = CORAL().fit(np.eye(3))
    with pytest.raises(ValueError, match="at least 2 rows"):
        coral.adapt(np.ones((1, 3)))


def test_pipeline_adapt_adapts_coral_after_the_scaler():
    reference = correlated(400, 0, np.array([[2.0, 1.0], [0.0, 1.0]]))
    other = correlated(400, 1, np.array([[1.0, -3.0], [0.5, 1.0]])) * 4 + 3
    pipe = make_pipeline(StandardScaler(), CORAL(regularization=0.0)).fit(reference)
    adapted = adapt(pipe, other)
    aligned = adapted.transform(other)
    # The scaler standardises the other corpus with its own statistics; CORAL then
    # gives it the covariance of the standardised reference.
    expected = np.corrcoef(reference.T)
    assert np.allclose(np.cov(aligned.T, bias=True), expected, atol=1e-9)
    assert np.allclose(pipe.transform(reference), pipe[0].transform(reference))


# -- SpeakerScaler -------------------------------------------------------------------


def speaker_frame():
    return pd.DataFrame(
        {
            "pitch": [100.0, 120.0, 200.0, 260.0, 150.0],
            "speaker": ["a", "a", "b", "b", "c"],
            "loudness": [1.0, 3.0, 5.0, 5.0, 2.0],
        }
    )


def test_speaker_scaler_by_hand():
    X = speaker_frame()
    scaler = SpeakerScaler(min_samples=2).fit(X)
    Z = scaler.transform(X)
    assert Z[:4, 0] == pytest.approx([-1.0, 1.0, -1.0, 1.0])
    # b's loudness is constant: centred only.
    assert Z[:4, 1] == pytest.approx([-1.0, 1.0, 0.0, 0.0])
    # c has one row: the pooled mean and std of all five rows.
    pooled = X[["pitch", "loudness"]].to_numpy()
    expected = (pooled[4] - pooled.mean(axis=0)) / pooled.std(axis=0)
    assert Z[4] == pytest.approx(expected)
    assert scaler.n_fallback_ == 1
    assert list(scaler.get_feature_names_out()) == ["pitch", "loudness"]


def test_unknown_speakers_fall_back_to_the_pooled_statistics():
    X = speaker_frame()
    scaler = SpeakerScaler(min_samples=2).fit(X)
    new = pd.DataFrame({"pitch": [166.0], "speaker": ["z"], "loudness": [3.2]})
    pooled = X[["pitch", "loudness"]].to_numpy()
    expected = (new[["pitch", "loudness"]].to_numpy() - pooled.mean(0)) / pooled.std(0)
    assert scaler.transform(new) == pytest.approx(expected)
    assert scaler.n_fallback_ == 1


def test_speaker_scaler_reads_a_column_position_of_an_array():
    X = np.array([[0, 1.0], [0, 3.0], [1, 10.0], [1, 30.0]])
    Z = SpeakerScaler(speaker_column=0, min_samples=2).fit_transform(X)
    assert Z.ravel() == pytest.approx([-1.0, 1.0, -1.0, 1.0])


def test_speaker_scaler_names_the_missing_column():
    with pytest.raises(ValueError, match="no speaker column 'speaker'"):
        SpeakerScaler().fit(pd.DataFrame({"pitch": [1.0, 2.0]}))


def test_speaker_scaler_keeps_pandas_output():
    scaler = SpeakerScaler(min_samples=2).set_output(transform="pandas")
    out = scaler.fit_transform(speaker_frame())
    assert list(out.columns) == ["pitch", "loudness"]
    assert out["pitch"].iloc[0] == pytest.approx(-1.0)


@given(
    X=arrays(np.float64, (12, 2), elements=values),
    speakers=arrays(np.int64, 12, elements=st.integers(0, 3)),
    min_samples=st.integers(1, 5),
)
def test_speaker_scaler_on_its_fitting_rows_equals_speaker_zscores(
    X, speakers, min_samples
):
    frame = pd.DataFrame(X, columns=["f0", "f1"]).assign(speaker=speakers)
    scaler = SpeakerScaler(min_samples=min_samples).fit(frame)
    assert np.allclose(
        scaler.transform(frame), speaker_zscores(X, speakers.astype(str), min_samples)
    )
