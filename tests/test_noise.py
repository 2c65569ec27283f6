"""Noise augmentation: white and babble noise at a signal-to-noise ratio."""

import importlib

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from skser.augmentation import add_noise, babble_noise, white_noise
from skser.evaluation import evaluate_robustness
from skser.nn import fgsm


def _snr(clean, noisy):
    noise = noisy.astype(np.float64) - clean
    return 10 * np.log10(np.mean(clean**2, axis=1) / np.mean(noise**2, axis=1))


@given(st.floats(-10, 40), st.integers(0, 2**31))
def test_add_noise_reaches_the_requested_snr(snr, seed):
    rng = np.random.default_rng(seed)
    clean = rng.standard_normal((3, 500)) * np.array([[0.01], [0.3], [1.0]])
    noisy = add_noise(clean, white_noise(clean.shape, seed), snr)
    np.testing.assert_allclose(_snr(clean, noisy), snr, atol=0.05)


def test_silent_rows_stay_silent():
    noisy = add_noise(np.zeros((1, 10)), np.ones((1, 10)), 0.0)
    assert not noisy.any()


def test_babble_uses_other_utterances_only():
    # each row lives on its own samples: a row's babble must be zero there
    waveforms = np.kron(np.eye(5), np.ones(4)) * np.arange(1, 6)[:, None]
    babble = babble_noise(waveforms, n_talkers=3, random_state=0)
    for i in range(5):
        own = waveforms[i] != 0
        assert not babble[i, own].any()
        # three talkers at unit power (sqrt(5) each on their 4 of 20 samples)
        assert np.count_nonzero(babble[i]) == 12
        np.testing.assert_allclose(babble[i][babble[i] != 0], np.sqrt(5))
    with pytest.raises(ValueError, match="got 1 waveform"):
        babble_noise(waveforms[:1])


def test_add_noise_hand_computed():
    # signal power 1, noise power 4: at 0 dB the noise is scaled by 1/2
    noisy = add_noise(np.array([[1.0, -1.0]]), np.array([[2.0, -2.0]]), 0.0)
    np.testing.assert_allclose(noisy, [[2.0, -2.0]])
    # at 20 dB the noise power is 1/100 of the signal's: scale sqrt(1/400) = 0.05
    noisy = add_noise(np.array([[1.0, -1.0]]), np.array([[2.0, 2.0]]), 20.0)
    np.testing.assert_allclose(noisy, [[1.1, -0.9]], rtol=1e-6)


@given(st.floats(-10, 40), st.floats(0.1, 10), st.integers(0, 2**31))
def test_noise_scale_does_not_matter(snr, gain, seed):
    rng = np.random.default_rng(seed)
    clean = rng.standard_normal((2, 64))
    noise = white_noise(clean.shape, seed)
    np.testing.assert_allclose(
        add_noise(clean, noise, snr), add_noise(clean, gain * noise, snr), atol=1e-5
    )


@given(st.floats(-10, 40), st.integers(0, 2**31))
def test_babble_reaches_the_requested_snr_too(snr, seed):
    rng = np.random.default_rng(seed)
    clean = rng.standard_normal((4, 200)) * np.array([[0.01], [0.1], [0.5], [1.0]])
    babble = babble_noise(clean, n_talkers=2, random_state=seed)
    np.testing.assert_allclose(_snr(clean, add_noise(clean, babble, snr)), snr,
                               atol=0.05)  # fmt: skip


@given(st.integers(2, 6), st.integers(1, 8), st.integers(0, 2**31))
def test_babble_talkers_are_at_unit_power(n, talkers, seed):
    # rows on disjoint samples: a row's babble is the sum of min(talkers, n - 1)
    # other rows, each at unit power over the whole row
    waveforms = np.kron(np.eye(n), np.ones(3)) * np.arange(1, n + 1)[:, None]
    babble = babble_noise(waveforms, n_talkers=talkers, random_state=seed)
    used = min(talkers, n - 1)
    own = waveforms != 0
    assert not babble[own].any()  # never a row's own utterance
    assert (np.count_nonzero(babble, axis=1) == 3 * used).all()
    np.testing.assert_allclose(np.abs(babble[babble != 0]), np.sqrt(n))
    np.testing.assert_array_equal(
        babble, babble_noise(waveforms, n_talkers=talkers, random_state=seed)
    )


def test_white_noise_is_seeded_and_of_unit_variance():
    noise = white_noise((4, 50_000), random_state=7)
    np.testing.assert_array_equal(noise, white_noise((4, 50_000), random_state=7))
    assert abs(noise.var() - 1) < 0.01 and abs(noise.mean()) < 0.01


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_every_consumer_refuses_a_waveform_with_a_bad_sample(bad):
    waveforms = np.random.default_rng(0).standard_normal((3, 8)).astype(np.float32)
    waveforms[1, 4] = bad
    clean = np.nan_to_num(waveforms, nan=0.0, posinf=0.0, neginf=0.0)
    match = "waveforms: row 1 holds NaN or infinite samples"
    with pytest.raises(ValueError, match=match):
        add_noise(waveforms, np.ones_like(waveforms), 10.0)
    with pytest.raises(ValueError, match="noise: row 1 holds NaN"):
        add_noise(clean, waveforms, 10.0)
    with pytest.raises(ValueError, match=match):
        babble_noise(waveforms)
    with pytest.raises(ValueError, match=match):
        fgsm(torch.nn.Linear(8, 2), waveforms, np.zeros(3), epsilon=0.01)
    with pytest.raises(ValueError, match=match):
        evaluate_robustness({}, waveforms, np.zeros(3))
    with pytest.raises(ValueError, match=r"cross_corpus\['other'\]: row 1 holds"):
        other = {"other": (waveforms, np.zeros(3))}
        evaluate_robustness({}, clean, np.zeros(3), cross_corpus=other)


def test_noise_of_another_shape_is_refused():
    with pytest.raises(ValueError, match=r"got \(1, 4\) for waveforms of shape"):
        add_noise(np.ones((3, 4)), np.ones((1, 4)), 10.0)
    with pytest.raises(ValueError, match=r"shape \(n, samples\).*got shape \(4,\)"):
        add_noise(np.ones(4), np.ones(4), 10.0)


@pytest.mark.parametrize("level", [np.nan, np.inf, "loud", None])
def test_a_level_that_is_not_a_finite_number_is_refused(level):
    waveforms = np.ones((2, 4))
    with pytest.raises(ValueError, match="snr_db: .* is not a usable signal-to"):
        add_noise(waveforms, waveforms, level)
    with pytest.raises(ValueError, match="epsilon: .* is not a usable FGSM"):
        fgsm(torch.nn.Linear(4, 2), waveforms, np.zeros(2), epsilon=level)
    with pytest.raises(ValueError, match="snrs: .* is not a usable"):
        evaluate_robustness({}, waveforms, np.zeros(2), snrs=[10, level])


def test_fgsm_refuses_a_negative_size_and_a_missing_target():
    module, waveforms = torch.nn.Linear(4, 2), np.ones((2, 4))
    with pytest.raises(ValueError, match="epsilon: -0.1 .*give finite numbers >= 0"):
        fgsm(module, waveforms, np.zeros(2), epsilon=-0.1)
    with pytest.raises(ValueError, match="one target per waveform: got 1 targets"):
        fgsm(module, waveforms, np.zeros(1), epsilon=0.1)
    with pytest.raises(ValueError, match="n_talkers must be at least 1, got 0"):
        babble_noise(waveforms, n_talkers=0)


@pytest.mark.parametrize(
    ("name", "home"),
    [("add_noise", "skser.augmentation"), ("babble_noise", "skser.augmentation"),
     ("white_noise", "skser.augmentation"), ("fgsm", "skser.nn"),
     ("evaluate_robustness", "skser.evaluation"),
     ("robustness_experiment", "skser.evaluation"),
     ("plot_robustness", "skser.plotting")],
)  # fmt: skip
def test_old_robustness_path_warns_and_names_the_new_home(name, home):
    old = importlib.import_module("skser.robustness")
    expected = f"skser.robustness.{name} is deprecated and will be removed in 0.6: "
    with pytest.warns(FutureWarning, match=f"{expected}import {name} from {home} "):
        value = getattr(old, name)
    assert value is getattr(importlib.import_module(home), name)
