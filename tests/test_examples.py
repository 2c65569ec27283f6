import runpy
from pathlib import Path

import matplotlib
import pytest
from conftest import DATA_ROOT

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

EXAMPLES_DIR = Path(__file__).parents[1] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*/plot_*.py"))


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


def test_every_example_is_in_a_gallery_section():
    # sphinx-gallery builds the sections of docs/conf.py, each a folder with a
    # README.txt; an example elsewhere would be left out of the gallery.
    sections = {path.parent for path in EXAMPLES_DIR.glob("*/README.txt")}
    assert {path.name for path in sections} == {
        "dtu_models",
        "latif_systems",
        "protocol",
        "data",
        "scaling",
    }
    assert not list(EXAMPLES_DIR.glob("plot_*.py"))  # none outside a section
    assert {script.parent for script in EXAMPLES} == sections
    assert len(EXAMPLES) == 21


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
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
