"""Latif's end-to-end evaluation, written: results, tables, figures, report."""

import time

import pandas as pd

from skser.evaluation import (
    END_TO_END_CONFIGS,
    END_TO_END_TABLE1,
    END_TO_END_TABLE2,
    THESIS_UAR,
    TRAIN_CLASSES,
    clean_rows,
    corpus_name,
    end_to_end_claims,
    evaluate_end_to_end,
    fold_kind,
    load_packed,
    render_table,
    robustness_table,
    summarize,
)
from skser.experiments._protocol_runs import _output_folder
from skser.experiments._report import write_report

__all__ = ["run_end_to_end"]


def _write_table(out, name, results, names, caption):
    """Write ``name``.md and .tex: clean UAR of ``names`` (model -> shown name)."""
    clean = clean_rows(results, list(names))
    if clean.empty:
        (out / f"{name}.md").write_text(f"{caption}\n\nNo model of it was run.\n")
        return
    clean = clean.assign(model=clean["model"].map(names))
    table = summarize(clean, metrics=[f"balanced_accuracy_{len(TRAIN_CLASSES)}class"])
    (out / f"{name}.md").write_text(render_table(table, caption=caption) + "\n")
    (out / f"{name}.tex").write_text(render_table(table, "latex", caption) + "\n")


def _timing(results):
    """Epochs, best epoch, seconds per fit and per epoch, by model and corpus."""
    fits = results.drop_duplicates(["trained_on", "fold", "model"])
    fits = fits[fits["epochs"].notna()]
    table = fits.groupby(["trained_on", "model"], sort=False).agg(
        fits=("fold", "size"), epochs=("epochs", "mean"),
        best_epoch=("best_epoch", "mean"), fit_seconds=("fit_seconds", "mean"),
        with_scoring=("seconds", "mean"))  # fmt: skip
    return table.assign(s_per_epoch=table["fit_seconds"] / table["epochs"]).round(2)


def run_end_to_end(waveforms, out="skser-end-to-end", *, config="cpu",
                   command=None, results=None, **overrides):  # fmt: skip
    """Run :func:`evaluate_end_to_end` on a packed file and write every output.

    Writes ``results.csv`` (tidy), ``table1.md`` / ``table2.md`` (captioned,
    with ``.tex``), ``robustness.md``, ``robustness_<corpus>.png``, ``claims.md``,
    ``timing.md`` and ``report.html``.

    Parameters
    ----------
    waveforms : str or os.PathLike
        A :func:`pack_corpora` file.
    out : str or os.PathLike, default="skser-end-to-end"
        Output folder, created if needed.
    config : {"tiny", "cpu", "large"}, default="cpu"
        A named configuration of :data:`END_TO_END_CONFIGS`.
    command : str, default=None
        The command line shown in the report.
    results : DataFrame, default=None
        Results of an earlier run (e.g. ``results_partial.csv`` of a run cut
        short): written up without training anything.
    **overrides : dict
        Arguments of :func:`evaluate_end_to_end` that replace the configuration's.

    Returns
    -------
    results : DataFrame
        The evaluation's tidy frame.
    """
    import matplotlib.pyplot as plt

    from skser.plotting import plot_robustness

    if config not in END_TO_END_CONFIGS:
        raise ValueError(f"unknown config {config!r}; choose from "
                         f"{', '.join(END_TO_END_CONFIGS)}")  # fmt: skip
    started = time.perf_counter()
    corpora, _ = load_packed(waveforms)
    settings = {**END_TO_END_CONFIGS[config], **overrides}
    out = _output_folder(out)
    if results is None:
        results = evaluate_end_to_end(
            corpora, partial_csv=out / "results_partial.csv", **settings
        )
    results.to_csv(out / "results.csv", index=False)
    splits = {name: fold_kind(name) for name in dict.fromkeys(results["trained_on"])}
    folds = ", ".join(f"{corpus_name(c)} {kind}" for c, kind in splits.items())
    runs = (f"{settings['folds']} folds ({folds}), "
            f"{'all' if settings.get('max_folds') is None else settings['max_folds']}"
            f" run; networks with their defaults, early stopping (at most "
            f"{settings['max_epochs']} epochs)")  # fmt: skip
    caption1 = (
        f"Table 1 (thesis): UAR, 4 classes ({', '.join(TRAIN_CLASSES)}), "
        f"mean ± std over folds; {runs}. Thesis: "
        + ", ".join(f"{k} {lo}-{hi} %" for k, (lo, hi) in THESIS_UAR.items())
    )
    caption2 = caption1.replace("Table 1", "Table 2")
    _write_table(out, "table1", results, END_TO_END_TABLE1, caption1)
    _write_table(out, "table2", results, {m: m for m in END_TO_END_TABLE2}, caption2)
    figures = {}
    perturbed = []
    for corpus, rows in results.groupby("trained_on", sort=False):
        # Mean over folds, still tidy: fold -1 stands for "every fold".
        mean = (
            rows.groupby(
                ["model", "condition", "level", "corpus", "role", "metric"],
                sort=False, dropna=False,
            )["value"]
            .mean()
            .reset_index()
            .assign(seed=rows["seed"].iloc[0], fold=-1)
        )  # fmt: skip
        perturbed.append(
            f"**Trained on {corpus_name(corpus)}** (mean UAR over "
            f"folds)\n\n{robustness_table(mean).to_markdown()}\n"
        )
        plot_robustness(mean).savefig(out / f"robustness_{corpus}.png", dpi=120)
        figures[f"robustness_{corpus}.png"] = (
            f"UAR (4 classes) of each model trained on {corpus_name(corpus)}, mean "
            "over folds: clean, white and babble noise by SNR, FGSM by epsilon."
        )
    plt.close("all")
    (out / "robustness.md").write_text("\n".join(perturbed))
    claims = end_to_end_claims(results)
    (out / "claims.md").write_text(claims.to_markdown(index=False) + "\n")
    timing = _timing(results)
    (out / "timing.md").write_text(timing.to_markdown() + "\n")
    write_report(
        out, "Latif's end-to-end systems: Tables 1 and 2, robustness",
        table=claims, caption="Each claim with our numbers and the verdict.",
        figures=figures, settings={k: str(v) for k, v in settings.items()},
        corpora=pd.DataFrame([{"corpus": corpus_name(n), "rows": len(c.y),
                               "folds": splits.get(n, "")}
                              for n, c in corpora.items()]),
        command=command or f"run_end_to_end({str(waveforms)!r}, config={config!r})",
        elapsed=time.perf_counter() - started,
    )  # fmt: skip
    return results
