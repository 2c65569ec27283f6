"""Summary tables of the protocol's results, like the papers' Tables 3 and 4."""

import pandas as pd

from skser.datasets import CORPORA, display_name
from skser.utils import REFERENCE_MODELS, metric_name

#: Corpus names as the papers print them, read from
#: :data:`skser.datasets.CORPORA`.
CORPUS_NAMES = {name: corpus.display_name for name, corpus in CORPORA.items()}

_DEFAULT_METRICS = [
    "balanced_accuracy_4class",
    "balanced_accuracy_3class",
    "adjusted_r2_activation",
    "ccc_activation",
    "adjusted_r2_valence",
    "ccc_valence",
]

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SYMBOLS = {
    "±": r"$\pm$",
    "²": r"$^2$",
    "ρ": r"$\rho$",
    "×": r"$\times$",
    "→": r"$\rightarrow$",
    "–": "--",
    "|z|": r"$|z|$",
}


def corpus_name(corpus):
    """Return a corpus's name as the papers print it (``"emodb"`` -> ``"EmoDB"``).

    The same as :func:`skser.datasets.display_name`.
    """
    return display_name(corpus)


def _latex(text):
    """Escape ``text`` for LaTeX; its Unicode symbols become math."""
    escaped = "".join(_LATEX_SPECIAL.get(char, char) for char in str(text))
    for symbol, latex in _LATEX_SYMBOLS.items():
        escaped = escaped.replace(symbol, latex)
    return escaped


def summarize(results, metrics=None, decimals=2, alpha=0.05):
    """Tabulate mean +- std over folds and seeds, models by (metric, corpus).

    Parameters
    ----------
    results : DataFrame
        The output of :func:`cross_corpus_validate`.
    metrics : list of str, default=None
        Metrics to show, in order; by default balanced accuracy (4 and 3 classes,
        as in the paper's Table 4) and adjusted R2 of activation and valence
        (Table 3), each beside the CCC of the same read-out, where present.
    decimals : int, default=2
        Decimals shown.
    alpha : float, default=0.05
        An adjusted R2 cell gets an asterisk when its F-test p-value (the median
        over the cell's runs) exceeds ``alpha``, as in the paper's Table 3.

    Returns
    -------
    table : DataFrame
        Rows: models, in the order they appear in ``results``; columns: a
        (metric, corpus) MultiIndex; cells: ``"mean ± std"``. A cell whose run
        count differs from the table's usual one ends with ``[n = runs]``.
        ``table.attrs`` holds ``runs`` (the usual number of runs per cell),
        ``rows`` (fewest and most rows scored per run and corpus, when the
        results count them) and ``protocol`` (from the results), for
        :func:`render_table`.

    Examples
    --------
    >>> import pandas as pd
    >>> from skser.evaluation import summarize
    >>> results = pd.DataFrame({"seed": 0, "fold": [0, 1], "model": "DAE",
    ...     "corpus": "urdu", "metric": "balanced_accuracy_4class",
    ...     "value": [0.5, 0.7]})
    >>> summarize(results).iloc[0, 0]
    '0.60 ± 0.14'
    """
    if metrics is None:
        metrics = [m for m in _DEFAULT_METRICS if m in set(results["metric"])]
    missing = set(metrics) - set(results["metric"])
    if missing:
        raise ValueError(
            f"metric(s) {', '.join(sorted(missing))} not in the results (metrics: "
            f"{', '.join(sorted(set(results['metric'])))})"
        )
    keys = ["model", "metric", "corpus"]
    chosen = results[results["metric"].isin(metrics)]
    stats = chosen.groupby(keys, sort=False)["value"].agg(["mean", "std", "count"])
    runs = int(stats["count"].mode().iloc[0]) if len(stats) else 0
    p_values = _median_p(results)

    def cell(key, row):
        text = f"{row['mean']:.{decimals}f} ± {row['std']:.{decimals}f}"
        model, metric, corpus = key
        label = metric.removeprefix("adjusted_r2_")
        if label != metric and p_values.get((model, label, corpus), 0) > alpha:
            text += "*"
        if row["count"] != runs:
            text += f" [n = {int(row['count'])}]"
        return text

    cells = pd.Series(
        [cell(key, row) for key, row in stats.iterrows()],
        index=stats.index,
        name="cell",
        dtype=object,
    )
    table = cells.reset_index().pivot(
        index="model", columns=["metric", "corpus"], values="cell"
    )
    models = list(dict.fromkeys(results["model"]))
    corpora = list(dict.fromkeys(results["corpus"]))
    columns = [(m, c) for m in metrics for c in corpora if (m, c) in table.columns]
    table = table.reindex(
        index=[m for m in models if m in table.index],
        columns=pd.MultiIndex.from_tuples(columns, names=["metric", "corpus"]),
    )
    table.attrs = {
        "runs": runs,
        "alpha": alpha,
        "rows": _row_counts(results, corpora),
        "protocol": dict(results.attrs.get("protocol", {})),
    }
    return table


def _median_p(results):
    """Median F-test p-value per (model, label, corpus)."""
    p = results[results["metric"].str.startswith("p_")]
    if p.empty:
        return {}
    p = p.assign(label=p["metric"].str.removeprefix("p_"))
    return p.groupby(["model", "label", "corpus"])["value"].median().to_dict()


def _row_counts(results, corpora):
    """Per corpus: (fewest, most) rows scored per run, by the transfer models.

    The supervised reference scores within-corpus folds, not the transfer
    corpus's evaluation rows: it is not counted here.
    """
    scored = results[
        (results["metric"] == "n_scored")
        & (results["model"] != REFERENCE_MODELS["supervised"])
    ]
    counts = scored.groupby("corpus")["value"].agg(["min", "max"]).astype(int)
    return {
        corpus: tuple(counts.loc[corpus])
        for corpus in corpora
        if corpus in counts.index
    }


def table_caption(table):
    """Describe the protocol behind a :func:`summarize` table in one paragraph.

    Parameters
    ----------
    table : DataFrame
        A summary table; what its ``attrs`` hold is described.

    Returns
    -------
    text : str
        The caption: source and classes, folds x seeds (grouped or not),
        adaptation fraction, outlier rule with row counts, the asterisk, and
        what the CCC is.
    """
    attrs = table.attrs
    protocol = attrs.get("protocol", {})
    parts = []
    if protocol:
        source = corpus_name(protocol["source"])
        targets = ", ".join(corpus_name(t) for t in protocol["targets"])
        parts.append(f"{source} → {targets}." if targets else f"{source}.")
        classes = protocol["train_classes"]
        selected = (
            f"the {protocol['n_source_selected']} of {protocol['n_source_rows']} "
            f"{source} rows"
        )
        parts.append(
            f"Trained on {selected} of the classes {', '.join(classes)}."
            if classes
            else f"Trained on all {protocol['n_source_rows']} {source} rows."
        )
        folds = (
            f"{protocol['n_splits']} {protocol['groups']}-independent folds"
            if protocol["groups"]
            else f"{protocol['n_splits']} stratified folds (speakers not held out)"
        )
        seeds = len(protocol["seeds"])
        parts.append(
            f"{folds} × {seeds} "
            f"seed{'s' if seeds > 1 else ''}; mean ± std over {attrs.get('runs')} "
            "runs per cell."
        )
        if protocol["adapt_fraction"] > 0:
            parts.append(
                f"Each transfer corpus is standardised with "
                f"{protocol['adapt_fraction']:.0%} of its own unlabelled rows and "
                "scored on the rest."
            )
        if protocol["outlier_threshold"] is not None:
            parts.append(
                f"Rows with any |z| > {protocol['outlier_threshold']:g} (z within "
                "their corpus) are left out of training and scoring."
            )
        repeated = {c: n for c, n in protocol.get("n_duplicates", {}).items() if n}
        if repeated:
            parts.append(
                "Rows repeating a recording, kept in its fold: "
                + "; ".join(f"{corpus_name(c)} {n}" for c, n in repeated.items())
                + "."
            )
        if protocol.get("notes"):
            parts.append(f"Left out: {'; '.join(protocol['notes'])}.")
    rows = attrs.get("rows", {})
    outlying = protocol.get("n_outliers", {})
    if rows:
        described = []
        for corpus, (low, high) in rows.items():
            scored = f"{low}" if low == high else f"{low}–{high}"
            if corpus in outlying:
                scored += f" ({outlying[corpus]} outlying rows of the corpus left out)"
            described.append(f"{corpus_name(corpus)} {scored}")
        parts.append(f"Rows scored per run: {'; '.join(described)}.")
    if any(str(c).startswith("adjusted_r2") for c, _ in table.columns):
        parts.append(
            f"* adjusted R² with F-test p > {attrs.get('alpha', 0.05):g} "
            "(median over runs)."
        )
    if any(str(c).startswith("ccc_") for c, _ in table.columns):
        parts.append(
            "CCC: Lin's concordance correlation of each label with its linear "
            "read-out from the code (the regression of the adjusted R²)."
        )
    return " ".join(parts)


def render_table(table, fmt="markdown", caption=None):
    """Render a :func:`summarize` table as Markdown or LaTeX, with a caption.

    Metric and corpus names are readable ("Balanced accuracy, 4 classes
    (EmoDB)"); LaTeX output is escaped and compiles as it is (``booktabs``).

    Parameters
    ----------
    table : DataFrame
        A summary table.
    fmt : {"markdown", "latex"}, default="markdown"
        Output format.
    caption : str, default=None
        The caption; by default :func:`table_caption` of the table.
        ``""`` for none.

    Returns
    -------
    text : str
        The rendered table; empty cells show as ``-``.

    Examples
    --------
    >>> import pandas as pd
    >>> from skser.evaluation import render_table, summarize
    >>> results = pd.DataFrame({"seed": 0, "fold": [0, 1], "model": "DAE",
    ...     "corpus": "urdu", "metric": "balanced_accuracy_4class",
    ...     "value": [0.5, 0.7]})
    >>> print(render_table(summarize(results), caption=""))
    | Model   | Balanced accuracy, 4 classes (URDU)   |
    |:--------|:--------------------------------------|
    | DAE     | 0.60 ± 0.14                           |
    """
    if fmt not in ("markdown", "latex"):
        raise ValueError(f"fmt must be 'markdown' or 'latex', got {fmt!r}")
    text = table_caption(table) if caption is None else caption
    if fmt == "markdown":
        flat = table.fillna("-")
        flat.columns = [
            f"{metric_name(metric)} ({corpus_name(corpus)})"
            for metric, corpus in table.columns
        ]
        flat.index.name = "Model"
        rendered = flat.to_markdown()
        return f"{rendered}\n\n{text}" if text else rendered
    return _latex_table(table, text)


def _latex_table(table, caption_text):
    metrics = list(dict.fromkeys(metric for metric, _ in table.columns))
    header = ["Model"]
    rules = []
    start = 2
    for metric in metrics:
        span = sum(1 for m, _ in table.columns if m == metric)
        header.append(rf"\multicolumn{{{span}}}{{c}}{{{_latex(metric_name(metric))}}}")
        rules.append(rf"\cmidrule(lr){{{start}-{start + span - 1}}}")
        start += span
    corpora = [""] + [_latex(corpus_name(corpus)) for _, corpus in table.columns]
    body = [
        " & ".join([_latex(model)] + [_latex(v) for v in row.fillna("-")]) + r" \\"
        for model, row in table.iterrows()
    ]
    lines = [
        r"\begin{table}",
        r"\centering",
        rf"\caption{{{_latex(caption_text)}}}" if caption_text else "",
        r"\begin{tabular}{l" + "c" * table.shape[1] + "}",
        r"\toprule",
        " & ".join(header) + r" \\",
        " ".join(rules),
        " & ".join(corpora) + r" \\",
        r"\midrule",
        *body,
        r"\bottomrule",
        r"\end{tabular}",
        r"\end{table}",
    ]
    return "\n".join(line for line in lines if line) + "\n"
