"""report.html: its contents, and how a real browser shows it."""

import base64
import re
from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from browser import render  # noqa: E402

from skser.evaluation import summarize, table_caption  # noqa: E402
from skser.experiments import write_report  # noqa: E402


class Page(HTMLParser):
    """The parts of a report a reader sees: cells, images, links, headings."""

    def __init__(self, text):
        super().__init__()
        self.cells, self.images, self.links, self.headings = [], [], [], []
        self.external, self._cell, self._heading = [], None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href"):
            if re.match(r"\w+://", attrs.get(key) or ""):
                self.external.append(attrs[key])
        if tag == "img":
            self.images.append(attrs)
        if tag == "a":
            self.links.append(attrs["href"])
        if tag in ("td", "th"):
            self._cell = ""
        if tag in ("h1", "h2", "h3"):
            self._heading = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(self._cell)
            self._cell = None
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(self._heading)
            self._heading = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._heading is not None:
            self._heading += data


def summary():
    rows = [
        {"seed": 0, "fold": f, "model": model, "corpus": corpus,
         "role": "source" if corpus == "emodb" else "target", "metric": metric,
         "value": value + 0.1 * f}
        for model, value in [("DAE", 0.4), ("MetricDAE (activation)", 0.5)]
        for corpus in ["emodb", "urdu"]
        for metric in ["balanced_accuracy_4class", "ccc_activation"]
        for f in range(2)
    ]  # fmt: skip
    return summarize(pd.DataFrame(rows))


@pytest.fixture
def report(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name, color in [("results.png", "C0"), ("training.png", "C1")]:
        figure, ax = plt.subplots(figsize=(4, 3))
        ax.plot([0, 1], [0, 1], color=color)
        figure.savefig(out / name)
        plt.close(figure)
    pd.DataFrame({"a": [1]}).to_csv(out / "results.csv", index=False)
    (out / "table.md").write_text("| a |\n")
    table = summary()
    path = write_report(
        out, "Cross-corpus protocol: EmoDB → URDU", table=table,
        caption=table_caption(table),
        figures={"results.png": "Balanced accuracy <per model> & corpus.",
                 "training.png": "Each loss term per epoch."},
        settings={"Seeds": "0, 1, 2"},
        corpora=pd.DataFrame({"corpus": ["EmoDB"], "rows": [535]}),
        command="skser demo --out 'my results' --group none", elapsed=125.0,
    )  # fmt: skip
    return path


def test_report_holds_table_figures_run_and_files(report):
    assert report.name == "report.html"
    text = report.read_text(encoding="utf-8")
    page = Page(text)
    assert page.headings[:2] == ["Cross-corpus protocol: EmoDB → URDU", "Results"]
    assert {"Figures", "What was run", "Corpora", "Package versions", "Files"} <= set(
        page.headings
    )
    # The table: readable metric and corpus names, then one row per model with
    # the mean ± std of its two folds (0.4 and 0.5: 0.45 ± 0.07).
    cells = page.cells
    assert cells[:3] == ["Model", "Balanced accuracy, 4 classes", "CCC activation"]
    assert cells[3:7] == ["EmoDB", "URDU", "EmoDB", "URDU"]
    assert cells[7:12] == ["DAE", "0.45 ± 0.07", "0.45 ± 0.07", "0.45 ± 0.07",
                           "0.45 ± 0.07"]  # fmt: skip
    assert "CCC: Lin's concordance correlation" in text
    # Each figure embedded, byte for byte, with its caption escaped.
    sources = [image["src"] for image in page.images]
    assert len(sources) == 2
    png = base64.b64decode(sources[0].removeprefix("data:image/png;base64,"))
    assert png == (report.parent / "results.png").read_bytes()
    assert "Balanced accuracy &lt;per model&gt; &amp; corpus." in text
    # What was run: the command (escaped), run time, settings, corpora, versions.
    for cell in ["skser demo --out 'my results' --group none",
                 "125.0 s (2.1 min)", "0, 1, 2", "EmoDB", "535", "scikit-learn",
                 "torch"]:  # fmt: skip
        assert cell in cells, cell
    # Links to every other file, CSV first; nothing from the network.
    assert page.links == ["results.csv", "results.png", "table.md", "training.png"]
    assert page.external == []
    assert "<script" not in text


def test_report_refuses_a_figure_that_was_not_written(tmp_path):
    with pytest.raises(FileNotFoundError, match="latent.png not found in"):
        write_report(tmp_path, "t", figures={"latent.png": "codes"})


def test_report_loads_in_chromium_and_shows_the_table_and_every_figure(
    report, tmp_path
):
    dom, probe, screenshot = render(report, tmp_path)
    assert probe["errors"] == []
    # Every figure decoded at its own size and laid out on the page.
    assert [image["id"] for image in probe["images"]] == ["results", "training"]
    for image in probe["images"]:
        assert image["complete"] and image["width"] > 100 and image["height"] > 100
        assert image["shown"] > 100
    assert '<table class="results">' in dom and "0.45 ± 0.07" in dom
    pixels = mpimg.imread(screenshot)
    assert pixels.shape[1] == 1280 and np.ptp(pixels[..., :3]) > 0.5  # not blank
