"""Latif's end-to-end claims: a verdict per claim, with the numbers.

:func:`end_to_end_claims` gives each claim of the thesis's Tables 1 and 2 and of
its robustness section a verdict on :func:`evaluate_end_to_end`'s results;
:func:`skser.experiments.run_end_to_end` writes them with the tables and figures.
"""

import numpy as np
import pandas as pd

from skser.evaluation._end_to_end import THESIS_UAR
from skser.evaluation._tables import corpus_name

__all__ = ["clean_rows", "end_to_end_claims"]


# -- claims ---------------------------------------------------------------------


def clean_rows(results, models):
    """Rows of ``models`` on clean test data, ``corpus`` set to the training one."""
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


def _verdict(difference, claim="beats"):
    """Verdict on a per-fold paired difference (claimed better minus worse).

    ``claim="beats"``: "holds" when the mean difference is above zero by more than
    one standard error, "does not hold" when it is below zero by more than one,
    "not shown" when zero lies within one standard error (a tie is not a win).
    ``claim="matches"``: "holds" unless the mean is below zero by more than one
    standard error.
    """
    if difference is None or difference.empty:
        return "not run", np.nan, np.nan
    mean = float(difference.mean())
    error = float(difference.std(ddof=1) / np.sqrt(len(difference))) if len(
        difference) > 1 else 0.0  # fmt: skip
    if mean + error < 0:
        return "does not hold", mean, error
    if claim == "matches" or mean - error > 0:
        return "holds", mean, error
    return "not shown (within 1 s.e.)", mean, error


def _drop(results, model, corpus, condition):
    """Mean over folds of clean UAR minus UAR under ``condition`` (all levels)."""
    rows = results[(results["trained_on"] == corpus) & (results["model"] == model)]
    clean = rows[rows["condition"] == "clean"].set_index("fold")["value"]
    under = rows[rows["condition"] == condition].groupby("fold")["value"].mean()
    return (clean - under).dropna()


def end_to_end_claims(results):
    """Give each of Latif's claims a verdict on these results, with the numbers.

    Each comparison reads the per-fold paired UAR difference (claimed better minus
    claimed worse). A claim that one model beats another "holds" when the mean
    difference is above zero by more than one standard error, "does not hold"
    when it is below zero by more than one, and is "not shown" in between. A
    claim that one model matches another (Table 1) holds unless it is worse by
    more than one standard error. Robustness claims compare the UAR
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
        values = clean_rows(results, [model])
        values = values[values["trained_on"] == corpus]["value"]
        return f"{100 * values.mean():.1f} ± {100 * values.std(ddof=1):.1f}"

    for corpus in dict.fromkeys(results["trained_on"]):
        comparisons = [
            ("Table 1: raw CNN-LSTM matches eGeMAPS + linear SVM", "raw CNN-LSTM",
             "eGeMAPS + linear SVM", "matches"),
            ("Table 1: raw CNN-LSTM matches or beats the log-Mel CNN", "raw CNN-LSTM",
             shallow, "matches"),
            ("Table 2: DenseNet-LSTM-highway (mixup) beats the CNN", full, shallow,
             "beats"),
            ("Table 2: DenseNet-LSTM-highway (mixup) beats DenseNet-LSTM", full,
             "DenseNet-LSTM", "beats"),
            ("Table 2: an LSTM after the DenseNet helps", "DenseNet-LSTM",
             "DenseNet", "beats"),
            ("Table 2: a DenseNet beats a plain CNN", "DenseNet", shallow, "beats"),
        ]  # fmt: skip
        for claim, better, worse, kind in comparisons:
            difference = _paired(results, better, worse, corpus)
            verdict, mean, error = _verdict(difference, kind)
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
