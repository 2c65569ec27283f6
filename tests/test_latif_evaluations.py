import warnings

import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning

from skser.cli import main
from skser.evaluation import AUGMENTATION_MODELS, LABEL_FRACTION_MODELS, summarize
from skser.evaluation._latif import _convergence_counted
from skser.utils import RESULT_COLUMNS


def _cell_mean(cell):
    return float(cell.split(" ± ")[0])


def test_augment_command_writes_the_table_of_its_results(tmp_path, capsys):
    out = tmp_path / "aug"
    code = main(["augment", "--out", str(out), "--folds", "2", "--seed", "3",
                 "--epochs", "1", "-q"])  # fmt: skip
    assert code == 0
    for suffix in ("csv", "md", "tex", "png"):
        assert (out / f"augmentation.{suffix}").stat().st_size > 0, suffix
    report = (out / "report.html").read_text(encoding="utf-8")
    # Every figure embedded once, the training history of both GANs among them.
    assert report.count('<img src="data:image/png;base64,') == 3
    for figure in ("augmentation", "training", "corpora"):
        assert f'<figure id="{figure}">' in report
    assert "<td>2 speaker-independent EmoDB folds</td>" in report
    assert "skser augment --out" in report and '<a href="augmentation.csv">' in report
    assert "<td>339 of neutral, sad, happy, angry</td>" in report
    results = pd.read_csv(out / "augmentation.csv")
    # The real-rows classifier is trained once per fold, not once per GAN.
    runs = results.groupby(["model", "corpus"]).size()
    assert set(runs.index.get_level_values("model")) == set(
        AUGMENTATION_MODELS.values()
    )
    assert (runs == 2).all()
    assert set(results["seed"]) == {3}
    # One word per role and one name per metric: the protocol's.
    assert set(results["role"][results["corpus"] == "urdu"]) == {"target"}
    assert set(results["metric"]) == {"balanced_accuracy_4class"}
    assert list(results.columns[:7]) == RESULT_COLUMNS
    table = (out / "augmentation.md").read_text()
    mean = results.query("model == 'real rows' and corpus == 'emodb'")["value"].mean()
    assert f"| {mean:.2f} ± " in table.split("\n")[2]
    assert "speaker-independent" in table and "EmoDB → URDU" in table
    assert "real rows" in capsys.readouterr().out


def test_label_fractions_command_scores_each_share(tmp_path):
    out = tmp_path / "fractions"
    code = main(["label-fractions", "--out", str(out), "--folds", "2", "--seed", "0",
                 "--epochs", "1", "--fractions", "0.2", "1", "-q"])  # fmt: skip
    assert code == 0
    results = pd.read_csv(out / "label_fractions.csv")
    assert set(results["fraction"]) == {0.2, 1.0}
    assert set(results["system"]) == set(LABEL_FRACTION_MODELS.values())
    assert "multi-task AAE, 20% labels" in set(results["model"])
    table = summarize(results)
    cell = table.loc[
        "supervised MLP, 100% labels", ("balanced_accuracy_4class", "urdu")
    ]
    chosen = results.query(
        "model == 'supervised MLP, 100% labels' and corpus == 'urdu'"
    )
    assert _cell_mean(cell) == pytest.approx(chosen["value"].mean(), abs=0.005)
    assert (out / "label_fractions.png").stat().st_size > 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.count('<img src="data:image/png;base64,') == 3
    assert "<td>20%, 100%</td>" in report and "<td>1</td>" in report  # shares, epochs


def test_convergence_warnings_are_counted_once_and_others_pass():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with _convergence_counted():
            for _ in range(3):
                warnings.warn("slow", ConvergenceWarning, stacklevel=1)
            warnings.warn("keep me", RuntimeWarning, stacklevel=1)
    said = [(w.category, str(w.message)[:21]) for w in caught]
    assert said == [
        (RuntimeWarning, "keep me"),
        (ConvergenceWarning, "3 MLP classifier fits"),
    ]
