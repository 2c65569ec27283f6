"""``report.html``: one self-contained page per experiment, to read and to share.

The page holds the results table and its caption, every figure (PNG files of the
output folder, embedded as base64), what was run (command, settings, seeds,
corpora with their row counts, package versions, run time) and links to the files
beside it. It has no script and loads nothing from the network, so it opens the
same from a disk, an e-mail or an archive.
"""

import base64
import datetime
import html
import platform
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from skser.evaluation import corpus_name
from skser.utils import metric_name

#: Distributions whose versions every report lists, in this order.
REPORT_PACKAGES = (
    "skser",
    "numpy",
    "scipy",
    "pandas",
    "scikit-learn",
    "imbalanced-learn",
    "statsmodels",
    "torch",
    "skorch",
    "opensmile",
    "matplotlib",
)

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
       max-width: 72em; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.subtitle { color: #555; margin-top: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left;
         vertical-align: top; }
thead th { border-bottom: 2px solid #888; background: #f4f4f4; }
table.results td { text-align: right; white-space: nowrap;
                   font-variant-numeric: tabular-nums; }
table.results td:first-child, table.results th { text-align: left; }
table.results th.metric { text-align: center; }
p.caption { max-width: 60em; color: #333; font-size: 0.92em; }
figure { margin: 1.5em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.92em; color: #333; max-width: 60em; margin-top: 0.3em; }
code { background: #f4f4f4; padding: 0.1em 0.3em; border-radius: 3px;
       word-break: break-all; }
"""


def package_versions(packages=REPORT_PACKAGES):
    """Return the installed version of each package, and of Python.

    Parameters
    ----------
    packages : sequence of str, default=REPORT_PACKAGES
        Distribution names.

    Returns
    -------
    versions : dict of str to str
        ``"python"`` first, then each package: its version, or ``"not
        installed"``.
    """
    versions = {"python": platform.python_version()}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def call_text(function, arguments):
    """Write a Python call as text, e.g. ``run_demo(out='x', folds=2)``.

    Parameters
    ----------
    function : callable
        The function called.
    arguments : dict
        The arguments given (those at their defaults may be left out).

    Returns
    -------
    text : str
        ``module.name(key=value, ...)`` with ``repr`` of each value.
    """
    given = ", ".join(f"{key}={value!r}" for key, value in arguments.items())
    return f"{function.__module__.split('._')[0]}.{function.__name__}({given})"


def _escape(value):
    """Escape text for an element's content."""
    return html.escape(str(value), quote=False)


def _attribute(value):
    """Escape text for a quoted attribute value."""
    return html.escape(str(value), quote=True)


def results_table_html(table):
    """Render a :func:`summarize` table as an HTML table with readable names.

    Parameters
    ----------
    table : DataFrame
        Rows: models; columns: a (metric, corpus) MultiIndex, or plain columns.

    Returns
    -------
    html : str
        A ``<table class="results">``: one header row of metrics (spanning their
        corpora) and one of corpora, then one row per model; empty cells ``-``.
    """
    body = [
        "<tr><td>" + _escape(model) + "</td>"
        + "".join(f"<td>{_escape('-' if pd.isna(v) else v)}</td>" for v in row)
        + "</tr>"
        for model, row in table.iterrows()
    ]  # fmt: skip
    if isinstance(table.columns, pd.MultiIndex):
        metrics = list(dict.fromkeys(metric for metric, _ in table.columns))
        spans = {
            m: sum(1 for metric, _ in table.columns if metric == m) for m in metrics
        }
        head = (
            '<tr><th rowspan="2">Model</th>'
            + "".join(
                f'<th class="metric" colspan="{spans[m]}">'
                f"{_escape(metric_name(m))}</th>"
                for m in metrics
            )
            + "</tr><tr>"
            + "".join(f"<th>{_escape(corpus_name(c))}</th>" for _, c in table.columns)
            + "</tr>"
        )
    else:
        head = (
            f"<tr><th>{_escape(table.index.name or '')}</th>"
            + "".join(f"<th>{_escape(c)}</th>" for c in table.columns)
            + "</tr>"
        )
    return (
        '<table class="results"><thead>' + head + "</thead><tbody>"
        + "".join(body) + "</tbody></table>"
    )  # fmt: skip


def _key_values(rows):
    return (
        "<table><tbody>"
        + "".join(
            f"<tr><th>{_escape(key)}</th><td>{_escape(value)}</td></tr>"
            for key, value in rows.items()
        )
        + "</tbody></table>"
    )


def _frame_html(frame):
    head = "".join(f"<th>{_escape(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_escape(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure_html(path, caption):
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<figure id="{_attribute(path.stem)}">'
        f'<img src="data:image/png;base64,{data}" alt="{_attribute(caption)}">'
        f"<figcaption><b>{_escape(path.name)}</b>: "
        f"{_escape(caption)}</figcaption></figure>"
    )


def write_report(
    out,
    title,
    *,
    table=None,
    caption="",
    figures=None,
    settings=None,
    corpora=None,
    command=None,
    elapsed=None,
):
    """Write ``report.html`` into an experiment's output folder.

    Parameters
    ----------
    out : str or os.PathLike
        The output folder; the figures are read from it, and every other file in
        it is linked (CSV files first).
    title : str
        The page's heading.
    table : DataFrame, default=None
        The results table (:func:`summarize`'s, or any frame).
    caption : str, default=""
        What the table shows (:func:`table_caption`).
    figures : dict of str to str, default=None
        PNG file names in ``out`` and their captions, in the order shown; each is
        embedded in the page.
    settings : dict of str to str, default=None
        What was run, one line each (protocol, seeds, models, ...).
    corpora : DataFrame, default=None
        One row per corpus: its row counts and the rows left out.
    command : str, default=None
        The command line (or Python call) that ran the experiment.
    elapsed : float, default=None
        The run time in seconds.

    Returns
    -------
    path : pathlib.Path
        The report written: ``out / "report.html"``.

    Raises
    ------
    FileNotFoundError
        If a figure named in ``figures`` is not in ``out``.
    """
    out = Path(out)
    figures = dict(figures or {})
    missing = [name for name in figures if not (out / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"figure(s) {', '.join(missing)} not found in {out}: write them before "
            "the report"
        )
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    run = {"Command": command or "(not given)", "Finished": now}
    if elapsed is not None:
        run["Run time"] = f"{elapsed:.1f} s ({elapsed / 60:.1f} min)"
    run.update(settings or {})
    sections = [f"<h1>{_escape(title)}</h1>",
                f'<p class="subtitle">skser report, {_escape(now)}</p>']  # fmt: skip
    if table is not None:
        sections += [
            '<h2 id="results">Results</h2>',
            f'<div class="table-wrap">{results_table_html(table)}</div>',
            f'<p class="caption">{_escape(caption)}</p>' if caption else "",
        ]
    if figures:
        sections.append('<h2 id="figures">Figures</h2>')
        sections += [_figure_html(out / name, text) for name, text in figures.items()]
    sections += ['<h2 id="run">What was run</h2>', _key_values(run)]
    if corpora is not None:
        sections += ["<h3>Corpora</h3>", _frame_html(corpora)]
    versions = package_versions()
    sections += ["<h3>Package versions</h3>", _key_values(versions)]
    files = sorted(
        (p.name for p in out.iterdir() if p.is_file() and p.name != "report.html"),
        key=lambda name: (not name.endswith(".csv"), name),
    )
    sections += [
        '<h2 id="files">Files</h2>',
        "<ul>"
        + "".join(
            f'<li><a href="{_attribute(quote(n))}">{_escape(n)}</a></li>' for n in files
        )
        + "</ul>",
    ]
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_escape(title)}</title><style>{_STYLE}</style></head><body>"
        + "\n".join(section for section in sections if section)
        + "</body></html>\n"
    )
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _join(values):
    return ", ".join(map(str, values))


def protocol_settings(results, models, model_params=None):
    """Describe a protocol run in lines for :func:`write_report`.

    Parameters
    ----------
    results : DataFrame
        :func:`cross_corpus_validate`'s results (``attrs["protocol"]``).
    models : iterable of str
        The models trained (not the references).
    model_params : dict, default=None
        Settings given to every latent model.

    Returns
    -------
    settings : dict of str to str
    """
    protocol = results.attrs.get("protocol", {})
    if not protocol:
        return {"Models": _join(models)}
    source = corpus_name(protocol["source"])
    targets = _join(corpus_name(t) for t in protocol["targets"]) or "none"
    groups = protocol["groups"]
    folds = (
        f"{protocol['n_splits']} {groups}-independent folds (grouped by {groups}: "
        f"no {groups} is both trained on and scored)"
        if groups
        else f"{protocol['n_splits']} stratified folds (speakers not held out)"
    )
    classes = protocol["train_classes"]
    settings = {
        "Source → transfer corpora": f"{source} → {targets}",
        "Training classes": _join(classes) if classes else "every class",
        "Folds of the source": folds,
        "Seeds": _join(protocol["seeds"]),
        "Adaptation": (
            f"each transfer corpus standardised with {protocol['adapt_fraction']:.0%} "
            "of its own rows (labels unused), scored on the rest"
            if protocol["adapt_fraction"] > 0
            else "none: transfer corpora scored with the source's statistics"
        ),
        "Outlier rule": (
            f"rows with any |z| > {protocol['outlier_threshold']:g} (z within their "
            "corpus) left out of training, adaptation and scoring"
            if protocol["outlier_threshold"] is not None
            else "none"
        ),
        "Models": _join(models),
        "Classifier on the codes": "LinearSVC(max_iter=10000), on emotion",
        "Latent model settings": (
            _join(f"{k}={v!r}" for k, v in model_params.items())
            if model_params
            else "the papers' defaults"
        ),
    }
    if protocol.get("train_on_adaptation"):
        settings["Adaptation rows in training"] = "yes, unlabelled"
    return settings


def protocol_corpora(results, targets, table=None):
    """One row per corpus of a protocol run: rows, rows used, rows left out.

    Parameters
    ----------
    results : DataFrame
        :func:`cross_corpus_validate`'s results (``attrs["protocol"]``).
    targets : dict of str to (X, y)
        The transfer corpora, for their row counts.
    table : DataFrame, default=None
        :func:`summarize`'s table, for the rows scored per run.

    Returns
    -------
    corpora : DataFrame
        Columns: corpus, role, rows, rows used, outlying rows left out, rows
        scored per run.
    """
    protocol = results.attrs.get("protocol", {})
    if not protocol:
        return None
    scored = (table.attrs.get("rows", {}) if table is not None else {}) or {}
    outlying = protocol.get("n_outliers", {})

    def per_run(corpus):
        low, high = scored.get(corpus, (None, None))
        if low is None:
            return "-"
        return str(low) if low == high else f"{low}–{high}"

    source = protocol["source"]
    classes = protocol["train_classes"]
    left = protocol["n_source_rows"] - protocol["n_source_selected"]
    rows = [{
        "corpus": corpus_name(source), "role": "source",
        "rows": protocol["n_source_rows"],
        "rows used": f"{protocol['n_source_selected']} of the training classes"
        + (f" ({left} of other classes left out)" if classes and left else ""),
        "outlying rows left out": outlying.get(source, 0),
        "rows scored per run": per_run(source),
    }]  # fmt: skip
    fraction = protocol["adapt_fraction"]
    for name in protocol["targets"]:
        n_rows = len(targets[name][0]) if name in targets else "-"
        rows.append({
            "corpus": corpus_name(name), "role": "transfer (test only)",
            "rows": n_rows,
            "rows used": f"{fraction:.0%} to standardise it, the rest scored"
            if fraction > 0 else "all scored",
            "outlying rows left out": outlying.get(name, 0),
            "rows scored per run": per_run(name),
        })  # fmt: skip
    return pd.DataFrame(rows)
