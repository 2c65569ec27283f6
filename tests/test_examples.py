import runpy
from pathlib import Path

import matplotlib
import pytest
from conftest import DATA_ROOT

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("plot_*.py"))


def needs_corpora(script):
    """Whether an example reads the real corpora (through ``$SKSER_DATA``)."""
    return "SKSER_DATA" in script.read_text()


def test_examples_that_read_corpora_are_recognised():
    # The three examples on the real audio; a fresh clone skips exactly these.
    names = {script.name for script in EXAMPLES if needs_corpora(script)}
    assert {
        "plot_manifest.py",
        "plot_opensmile_sets.py",
        "plot_pretrained_embeddings.py",
    } <= names


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_and_draws(script, monkeypatch):
    if needs_corpora(script) and not DATA_ROOT.is_dir():
        pytest.skip(f"{script.name} needs the real corpora at {DATA_ROOT}")
    monkeypatch.setattr(plt, "show", lambda: None)
    plt.close("all")
    runpy.run_path(str(script), run_name="__main__")
    figures = [plt.figure(n) for n in plt.get_fignums()]
    assert figures, f"{script.name} drew no figure"
    assert all(fig.axes for fig in figures)
    plt.close("all")
