"""Latif's end-to-end claims: verdicts, captioned tables, the written run.

:func:`end_to_end_claims` gives each claim of the thesis's Tables 1 and 2 and of
its robustness section a verdict on :func:`evaluate_end_to_end`'s results;
:func:`run_end_to_end` runs the evaluation on a packed file and writes results,
tables, figures and a report.
"""

import time

import numpy as np
import pandas as pd

from skser.evaluation._end_to_end import (
    END_TO_END_CONFIGS,
    TABLE1,
    TABLE2,
    THESIS_UAR,
    evaluate_end_to_end,
    fold_kind,
    load_packed,
)
from skser.evaluation._experiment import _output_folder
from skser.evaluation._latif import robustness_table
from skser.evaluation._protocol import TRAIN_CLASSES
from skser.evaluation._report import write_report
from skser.evaluation._tables import corpus_name, render_table, summarize

__all__ = ["end_to_end_claims", "run_end_to_end"]


# -- tables, claims and the written run ------------------------------------------


def _clean(results, models):
    rows = results[(results["condition"] == "clean") & results["model"].isin(models)]
    return rows.assign(corpus=rows["trained_on"])


def _paired(results, model, reference, corpus, condition="clean"):
    """Per-fold UAR of ``model`` minus ``reference`` on one corpus and condition."""
    rows = results[(results["trained_on"] == corpus)
                   & (results["condition"] == condition)]  # fmt: skip
    table = rows.pivot_table(index="fold", columns="model", values="value")
    if model not in table or reference not in table:
        return None
    return (table[model] - table[reference]).dropna()


def _verdict(difference):
    """Say "holds" when the mean paired difference is not below -1 standard error."""
    if difference is None or difference.empty:
        return "not run", np.nan, np.nan
    mean = float(difference.mean())
    error = float(difference.std(ddof=1) / np.sqrt(len(difference))) if len(
        difference) > 1 else 0.0  # fmt: skip
    return ("holds" if mean + error >= 0 else "does not hold"), mean, error


def _drop(results, model, corpus, condition):
    """Mean over folds of clean UAR minus UAR under ``condition`` (all levels)."""
    rows = results[(results["trained_on"] == corpus) & (results["model"] == model)]
    clean = rows[rows["condition"] == "clean"].set_index("fold")["value"]
    under = rows[rows["condition"] == condition].groupby("fold")["value"].mean()
    return (clean - under).dropna()


def end_to_end_claims(results):
    """Give each of Latif's claims a verdict on these results, with the numbers.

    A comparison "holds" when the mean over folds of the paired UAR difference
    (claimed better minus claimed worse) is at least minus one standard error of
    that difference; "does not hold" otherwise. Robustness claims compare the UAR
    lost to a perturbation (clean minus perturbed, mean over its levels) of the
    deep model (DenseNet-LSTM-highway) with that of the shallow CNN: the claim
    holds when the deep model loses no more.

    Parameters
    ----------
    results : DataFrame
        From :func:`evaluate_end_to_end`.

    Returns
    -------
    claims : DataFrame
        Columns ``claim``, ``corpus``, ``ours`` (the numbers), ``thesis``,
        ``verdict``.
    """
    thesis_range = ", ".join(f"{name} {low}-{high}" for name, (low, high)
                             in THESIS_UAR.items())  # fmt: skip
    full, shallow = "DenseNet-LSTM-highway (mixup)", "CNN"
    rows = []

    def mean_uar(model, corpus):
        values = _clean(results, [model])
        values = values[values["trained_on"] == corpus]["value"]
        return f"{100 * values.mean():.1f} ± {100 * values.std(ddof=1):.1f}"

    for corpus in dict.fromkeys(results["trained_on"]):
        comparisons = [
            ("Table 1: raw CNN-LSTM matches eGeMAPS + linear SVM", "raw CNN-LSTM",
             "eGeMAPS + linear SVM"),
            ("Table 1: raw CNN-LSTM matches or beats the log-Mel CNN", "raw CNN-LSTM",
             shallow),
            ("Table 2: DenseNet-LSTM-highway (mixup) beats the CNN", full, shallow),
            ("Table 2: DenseNet-LSTM-highway (mixup) beats DenseNet-LSTM", full,
             "DenseNet-LSTM"),
            ("Table 2: an LSTM after the DenseNet helps", "DenseNet-LSTM",
             "DenseNet"),
            ("Table 2: a DenseNet beats a plain CNN", "DenseNet", shallow),
        ]  # fmt: skip
        for claim, better, worse in comparisons:
            verdict, mean, error = _verdict(_paired(results, better, worse, corpus))
            if verdict == "not run":
                continue
            rows.append({
                "claim": claim, "corpus": corpus_name(corpus),
                "ours": f"{mean_uar(better, corpus)} vs {mean_uar(worse, corpus)} "
                        f"(difference {100 * mean:+.1f} ± {100 * error:.1f} s.e.)",
                "thesis": f"UAR % {thesis_range}", "verdict": verdict,
            })  # fmt: skip
        for condition, what in [("white", "white noise"), ("babble", "babble noise"),
                                ("fgsm", "FGSM")]:  # fmt: skip
            deep = _drop(results, full, corpus, condition)
            base = _drop(results, shallow, corpus, condition)
            if deep.empty or base.empty:
                continue
            verdict, mean, error = _verdict(base - deep)
            rows.append({
                "claim": f"Robustness: the deep model loses less UAR to {what} "
                         "than the CNN",
                "corpus": corpus_name(corpus),
                "ours": f"loss {100 * deep.mean():.1f} vs {100 * base.mean():.1f} "
                        "points",
                "thesis": "deeper models more robust", "verdict": verdict,
            })  # fmt: skip
    transfer = results[results["condition"] == "cross-corpus"]
    if len(transfer):
        by_model = transfer.groupby("model")["value"].mean()
        if full in by_model and shallow in by_model:
            difference = _paired(results, full, shallow, "emodb", "cross-corpus")
            verdict, mean, error = _verdict(difference)
            rows.append({
                "claim": "Robustness: the deep model transfers EmoDB -> URDU "
                         "better than the CNN",
                "corpus": "EmoDB → URDU",
                "ours": f"{100 * by_model[full]:.1f} vs {100 * by_model[shallow]:.1f}"
                        f" (difference {100 * mean:+.1f} ± {100 * error:.1f} s.e.)",
                "thesis": "deeper models more robust", "verdict": verdict,
            })  # fmt: skip
    return pd.DataFrame(rows, columns=["claim", "corpus", "ours", "thesis", "verdict"])


def _write_table(out, name, results, names, caption):
    """Write ``name``.md and .tex: clean UAR of ``names`` (model -> shown name)."""
    clean = _clean(results, list(names))
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

    from skser.robustness import plot_robustness

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
    _write_table(out, "table1", results, TABLE1, caption1)
    _write_table(out, "table2", results, {m: m for m in TABLE2}, caption2)
    figures = {}
    perturbed = []
    for corpus, rows in results.groupby("trained_on", sort=False):
        mean = (
            rows.groupby(
                ["model", "condition", "level", "corpus"], sort=False, dropna=False
            )["value"]
            .mean()
            .rename("uar")
            .reset_index()
        )
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
