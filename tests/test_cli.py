import pandas as pd
import pytest
from conftest import write_tone

from skser.cli import main


def test_demo_writes_results(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "out"), "--folds", "3"]) == 0
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    assert results["setting"].tolist() == [
        "within emodb (3-fold)",
        "within urdu (3-fold)",
        "zero-shot",
    ]
    # Four balanced classes: chance is 0.25; within a corpus eGeMAPS does far better.
    assert (results["balanced_accuracy"].iloc[:2] > 0.6).all()
    assert results["balanced_accuracy"].between(0, 1).all()
    assert "zero-shot" in capsys.readouterr().out


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


@pytest.mark.parametrize("command", ["demo", "extract"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: skser " + command in capsys.readouterr().out
