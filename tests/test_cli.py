import pandas as pd
import pytest
from conftest import write_tone

from skser.cli import main

OUTPUTS = ["results.csv", "table.md", "table.tex", "latent.png", "density.png",
           "results.png"]  # fmt: skip


def test_demo_writes_tables_and_figures(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "--out", str(out), "--folds", "2", "-q", "--attribution"]) == 0
    for name in [*OUTPUTS, "attribution.csv", "attribution_tests.csv",
                 "attribution.png"]:  # fmt: skip
        assert (out / name).stat().st_size > 0, name
    results = pd.read_csv(out / "results.csv")
    assert set(results["corpus"]) == {"emodb", "urdu"}
    assert set(results["fold"]) == {0, 1}
    assert {"DAE", "MetricDAE (activation)", "MetricDAE (valence)", "ClusterDAE",
            "VAE", "ClusterVAE", "eGeMAPS zero-shot",
            "eGeMAPS supervised"} == set(results["model"])  # fmt: skip
    accuracy = results[results["metric"] == "balanced_accuracy_4class"]
    # Within EmoDB every model beats chance (0.25) by far.
    within = accuracy[accuracy["corpus"] == "emodb"].groupby("model")["value"].mean()
    assert (within > 0.4).all()
    printed = capsys.readouterr().out
    assert "| MetricDAE (activation)" in printed and "latent.png" in printed
    assert (out / "table.md").read_text().strip() in printed
    attribution = pd.read_csv(out / "attribution.csv")
    assert set(attribution["model"]) == {"DAE", "MetricDAE (activation)"}
    assert attribution["attribution"].ge(0).all()
    assert set(attribution["group"]) == {
        "pitch", "loudness", "spectral flux", "MFCC", "formants", "voice quality",
        "spectral balance", "temporal", "sound level",
    }  # fmt: skip


@pytest.mark.real_data
def test_evaluate_on_corpus_folders(data_root, tmp_path, capsys):
    out = tmp_path / "out"
    code = main([
        "evaluate", "--source", f"emodb={data_root / 'emodb'}",
        "--target", f"urdu={data_root / 'urdu'}",
        "--labels", str(data_root / "das2022_labels"), "--cache", str(tmp_path / "c"),
        "--out", str(out), "--folds", "2", "-q",
    ])  # fmt: skip
    assert code == 0
    results = pd.read_csv(out / "results.csv")
    assert set(results["corpus"]) == {"emodb", "urdu"}
    assert "adjusted_r2_activation" in set(results["metric"])
    assert (out / "density.png").exists()


def test_evaluate_rejects_unknown_corpus(capsys):
    with pytest.raises(SystemExit):
        main(["evaluate", "--source", "nosuchcorpus=/data", "--target", "urdu=/data"])
    assert "expected NAME=FOLDER with NAME one of emodb" in capsys.readouterr().err


def test_extract_files(tmp_path, capsys):
    folder = tmp_path / "audio"
    folder.mkdir()
    write_tone(folder / "one.wav")
    write_tone(folder / "two.wav", freq=300.0)
    out = tmp_path / "features.csv"
    assert main(["extract", "files", str(folder), "-o", str(out), "-q"]) == 0
    table = pd.read_csv(out)
    assert table.shape == (2, 89)
    assert table["path"].str.endswith("one.wav").iloc[0]
    assert "2 files" in capsys.readouterr().out


def test_extract_reports_errors(tmp_path, capsys):
    code = main(["extract", "emodb", str(tmp_path / "none"), "-o", "x.csv"])
    assert code == 1
    assert "corpus folder not found" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["demo", "evaluate", "extract"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: skser " + command in capsys.readouterr().out


def test_extract_labels_only_for_annotated_corpora(tmp_path, capsys):
    code = main(["extract", "savee", str(tmp_path), "-o", "x.csv", "--labels", "y"])
    assert code == 1
    assert (
        "annotated emodb, cafe, urdu, aesdd only, not savee" in capsys.readouterr().err
    )
