"""Latif's end-to-end evaluation: packed corpora, noisy copies, claims, outputs."""

import importlib

import numpy as np
import pandas as pd
import pytest

from skser.augmentation import noisy_copy
from skser.evaluation import (
    END_TO_END_MODELS,
    end_to_end_claims,
    load_packed,
    pack_corpora,
)
from skser.experiments import run_end_to_end
from skser.utils import check_results


def test_noisy_copy_has_the_requested_snr_and_is_reproducible():
    rng = np.random.default_rng(0)
    clean = (0.1 * rng.standard_normal((6, 4000))).astype(np.float32)
    for kind in ("white", "babble"):
        noisy = noisy_copy(clean, kind, 10, random_state=3)
        noise = noisy.astype(np.float64) - clean
        snr = 10 * np.log10(np.mean(clean**2, axis=1) / np.mean(noise**2, axis=1))
        np.testing.assert_allclose(snr, 10, atol=0.05)
        np.testing.assert_array_equal(noisy, noisy_copy(clean, kind, 10, 3))
    with pytest.raises(ValueError, match="unknown noise kind 'pink'"):
        noisy_copy(clean, "pink", 10)


def _results(uar):
    """Tidy rows for two folds; ``uar[model]`` = (fold 0, fold 1) clean UAR."""
    rows = []
    for model, values in uar.items():
        for fold, value in enumerate(values):
            rows.append({"fold": fold, "model": model, "trained_on": "emodb",
                         "corpus": "emodb", "condition": "clean", "level": np.nan,
                         "value": value})  # fmt: skip
    return pd.DataFrame(rows)


def test_claims_hand_computed():
    results = _results({
        "raw CNN-LSTM": (0.60, 0.70),
        "eGeMAPS + linear SVM": (0.70, 0.72),  # raw worse by 0.06 +- 0.04 s.e.
        "CNN": (0.50, 0.60),                   # raw better by 0.10
    })  # fmt: skip
    claims = end_to_end_claims(results).set_index("claim")
    svm = claims.loc["Table 1: raw CNN-LSTM matches eGeMAPS + linear SVM"]
    assert svm["verdict"] == "does not hold"
    assert "-6.0 ± 4.0 s.e." in svm["ours"]
    assert "65.0 ± 7.1 vs 71.0 ± 1.4" in svm["ours"]
    cnn = claims.loc["Table 1: raw CNN-LSTM matches or beats the log-Mel CNN"]
    assert cnn["verdict"] == "holds"
    # a comparison whose models were not run has no row
    assert not claims.index.str.contains("DenseNet").any()


def test_claim_within_one_standard_error_holds():
    # differences -0.02 and +0.01: mean -0.005, s.e. 0.015 -> not clearly worse
    results = _results({"raw CNN-LSTM": (0.60, 0.71),
                        "eGeMAPS + linear SVM": (0.62, 0.70)})  # fmt: skip
    assert end_to_end_claims(results)["verdict"].tolist() == ["holds"]


@pytest.fixture
def packed(tmp_path):
    """A packed file of two tiny synthetic corpora (tones vs noise)."""
    rng = np.random.default_rng(0)
    arrays = {"sampling_rate": np.asarray(16000), "noise_seed": np.asarray(0)}
    for name, n in (("emodb", 16), ("urdu", 12)):
        t = np.arange(1600) / 16000
        tones = 0.5 * np.sin(2 * np.pi * 200 * t) * np.ones((n // 2, 1))
        noise = rng.uniform(-0.5, 0.5, (n - n // 2, 1600))
        waveforms = np.vstack([tones, noise])
        y = np.array(["happy"] * (n // 2) + ["sad"] * (n - n // 2))
        arrays[f"{name}/waveforms"] = np.round(waveforms * 32767).astype(np.int16)
        arrays[f"{name}/y"] = y
        arrays[f"{name}/speakers"] = np.array([f"s{i % 4}" for i in range(n)])
        arrays[f"{name}/files"] = np.array([f"{i}.wav" for i in range(n)])
        features = rng.standard_normal((n, 88)).astype(np.float32)
        features[:, 0] += 3 * (y == "happy")
        arrays[f"{name}/egemaps/clean"] = features
        arrays[f"{name}/egemaps/white 20"] = features
    path = tmp_path / "packed.npz"
    np.savez_compressed(path, **arrays)
    return path


def test_load_packed_gives_float_waveforms_and_labels(packed):
    corpora, rate = load_packed(packed)
    assert rate == 16000 and sorted(corpora) == ["emodb", "urdu"]
    emodb = corpora["emodb"]
    assert emodb.waveforms.dtype == np.float32 and emodb.waveforms.shape == (16, 1600)
    assert np.abs(emodb.waveforms).max() <= 1
    assert sorted(emodb.egemaps) == ["clean", "white 20"]


def test_run_writes_tidy_results_tables_and_claims(packed, tmp_path):
    models = {m: END_TO_END_MODELS[m] for m in ("raw CNN-LSTM", "eGeMAPS + linear SVM")}
    out = tmp_path / "out"
    results = run_end_to_end(packed, out, config="tiny", models=models,
                             device="cpu", epsilons=(0.01,), verbose=False)  # fmt: skip
    written = ["results.csv", "table1.md", "table2.md", "robustness.md", "claims.md",
               "timing.md", "report.html", "robustness_emodb.png"]  # fmt: skip
    for name in written:
        assert (out / name).is_file(), name
    assert set(results["model"]) == set(models)
    net = results[results["model"] == "raw CNN-LSTM"]
    # clean, 6 noisy copies, 1 FGSM size (+ URDU for the EmoDB model)
    assert sorted(net.groupby("trained_on").size().to_dict().items()) == [
        ("emodb", 9), ("urdu", 8)]  # fmt: skip
    cross = net[net["condition"] == "cross-corpus"]
    assert cross["corpus"].tolist() == ["urdu"] and cross["role"].tolist() == [
        "target"]  # fmt: skip
    check_results(results)  # the one tidy schema
    svm = results[results["model"] == "eGeMAPS + linear SVM"]
    # the packed noisy eGeMAPS rows score the SVM; no FGSM without gradients
    assert set(svm["condition"]) == {"clean", "white", "cross-corpus"}
    assert results["value"].between(0, 1).all()
    assert "Table 1 (thesis)" in (out / "table1.md").read_text()
    assert "No model of it was run" in (out / "table2.md").read_text()


@pytest.mark.parametrize("argv", [["--config", "large", "--device", "cuda",
                                   "--jobs", "8"]])  # fmt: skip
def test_cli_passes_its_options(monkeypatch, tmp_path, argv):
    import skser.evaluation
    from skser.cli import main

    calls = []

    def fake(waveforms, out="skser-end-to-end", *, config="cpu", command=None,
             **options):  # fmt: skip
        options["config"] = config
        calls.append((waveforms, out, options))
        (tmp_path / "claims.md").write_text("claims")

    monkeypatch.setattr(skser.experiments, "run_end_to_end", fake)
    assert main(["end-to-end", "x.npz", "--out", str(tmp_path), *argv]) == 0
    ((waveforms, out, options),) = calls
    assert (waveforms, out) == ("x.npz", str(tmp_path))
    assert {k: options[k] for k in ("config", "device", "n_jobs")} == {
        "config": "large", "device": "cuda", "n_jobs": 8}  # fmt: skip


def test_pack_real_corpus_rows_match_the_bundled_table(data_root, tmp_path):
    from skser.datasets import load_bundled

    path = pack_corpora(data_root, tmp_path / "emodb.npz", corpora=("emodb",),
                        noisy_egemaps=False)  # fmt: skip
    corpora, rate = load_packed(path)
    emodb = corpora["emodb"]
    assert rate == 16000 and emodb.waveforms.shape == (339, 32000)
    assert sorted(set(emodb.y)) == ["angry", "happy", "neutral", "sad"]
    bundled, labels = load_bundled("emodb")
    np.testing.assert_allclose(
        emodb.egemaps["clean"], bundled.loc[emodb.files].to_numpy(np.float32)
    )
    assert emodb.speakers.tolist() == labels.loc[emodb.files, "speaker"].tolist()
    assert path.stat().st_size < 45 * 2**20


def test_old_import_path_warns():
    from skser.neural_network import RawCNNLSTMClassifier

    module = importlib.import_module("skser.classifiers")
    expected = "0.6: import RawCNNLSTMClassifier from skser.neural_network"
    with pytest.warns(FutureWarning, match=expected):
        assert module.RawCNNLSTMClassifier is RawCNNLSTMClassifier


@pytest.mark.parametrize(
    ("differences", "claim", "verdict"),
    [
        # mean 0.05, s.e. 0.01: better beyond one standard error
        ([0.04, 0.05, 0.06], "beats", "holds"),
        # mean -0.05, s.e. 0.01: worse beyond one standard error
        ([-0.04, -0.05, -0.06], "beats", "does not hold"),
        # mean -0.02, s.e. 0.0529: a loss within noise is not a win
        ([-0.1, 0.0, 0.04], "beats", "not shown (within 1 s.e.)"),
        ([-0.1, 0.0, 0.04], "matches", "holds"),
        ([-0.04, -0.05, -0.06], "matches", "does not hold"),
        ([0.0, 0.0, 0.0], "beats", "not shown (within 1 s.e.)"),
    ],
)
def test_verdict_of_a_paired_difference(differences, claim, verdict):
    import pandas as pd

    from skser.evaluation._end_to_end_claims import _verdict

    got, mean, error = _verdict(pd.Series(differences), claim)
    assert got == verdict
    assert mean == pytest.approx(np.mean(differences))
    assert error == pytest.approx(np.std(differences, ddof=1) / np.sqrt(3))


def test_partial_results_are_written_as_each_fit_ends(packed, tmp_path, capsys):
    import joblib

    from skser.evaluation import evaluate_end_to_end
    from skser.utils import RESULT_COLUMNS

    corpora, _ = load_packed(packed)
    svm = {"eGeMAPS + linear SVM": END_TO_END_MODELS["eGeMAPS + linear SVM"]}
    settings = {"models": svm, "folds": 2, "device": "cpu", "epsilons": ()}
    serial = evaluate_end_to_end(corpora, verbose=False, **settings)
    partial = tmp_path / "partial.csv"
    with joblib.parallel_config(backend="threading"):
        parallel = evaluate_end_to_end(corpora, n_jobs=2, partial_csv=partial,
                                       verbose=True, **settings)  # fmt: skip
    # the schema's seven columns first; the same rows whatever order fits end in
    assert list(serial.columns[:7]) == list(RESULT_COLUMNS)
    timing = ["fit_seconds", "seconds"]
    pd.testing.assert_frame_equal(serial.drop(columns=timing),
                                  parallel.drop(columns=timing))  # fmt: skip
    # 2 corpora x 2 folds: four fits, one line each, every row in the partial file
    assert capsys.readouterr().out.count(" UAR ") == 4
    written = pd.read_csv(partial)
    assert list(written.columns) == list(serial.columns)
    key = ["trained_on", "fold", "condition", "level", "corpus"]
    pd.testing.assert_frame_equal(
        written.sort_values(key).reset_index(drop=True)[["value", "n"]],
        serial.sort_values(key).reset_index(drop=True)[["value", "n"]],
        check_dtype=False,
    )
