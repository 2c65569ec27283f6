import runpy
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("plot_*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_and_draws(script, monkeypatch):
    monkeypatch.setattr(plt, "show", lambda: None)
    plt.close("all")
    runpy.run_path(str(script), run_name="__main__")
    figures = [plt.figure(n) for n in plt.get_fignums()]
    assert figures, f"{script.name} drew no figure"
    assert all(fig.axes for fig in figures)
    plt.close("all")
