"""Zero-shot transfer between languages: which alignment closes the gap?

EmoDB (German) -> URDU and URDU -> EmoDB on the bundled eGeMAPS tables, the papers'
protocol (:func:`skser.evaluation.cross_corpus_validate`, as ``skser demo`` runs
it): speaker-independent folds of the source (5), three seeds, each transfer corpus
standardised with a fixed 20 % of its own unlabelled rows and scored on the rest.
No emotion label of the transfer corpus is used anywhere.

Settings are chosen on URDU -> EmoDB only, in three stages, and EmoDB -> URDU is
read once at the end for the chosen row:

1. the latent model (DAE, MetricDAE on activation, valence or both,
   MetricClusterDAE, ClusterDAE);
2. the alignment on top of the chosen model: speaker normalisation (every corpus
   standardised per speaker with :func:`skser.alignment.speaker_zscores`, from its
   features and speaker ids only), CORAL on the adaptation rows
   (:class:`skser.alignment.CORAL` through :func:`skser.preprocessing.adapt`),
   domain-adversarial training on the adaptation rows (``domain_weight``, rows
   entering through ``train_on_adaptation=True``), and their combinations;
3. the latent size (2, 4, 8) of the chosen combination.

Prints one table: rows = methods, columns = four- and three-class balanced accuracy
and the adjusted R2 of activation on the transfer corpus, per direction, mean +- std
over folds x seeds, and the trainable parameters of the latent network (encoder,
decoder and any domain classifier; the LinearSVC on the code adds 4 x (latent + 1)).

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_transfer.py           # ~25 min
    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_transfer.py --quick   # ~5 min

``--quick`` runs one seed and the few rows the full run chose (listed in
``QUICK_ROWS``), in both directions.
"""

import argparse
import time
import warnings

import numpy as np
import pandas as pd
import torch
from sklearn.base import clone
from sklearn.preprocessing import StandardScaler

from skser import CORAL, DAE, ClusterDAE, MetricClusterDAE, MetricDAE, OutlierFilter
from skser.alignment import speaker_zscores
from skser.compose import make_pipeline
from skser.datasets import load_bundled
from skser.evaluation import cross_corpus_validate

FORWARD, REVERSE = ("emodb", "urdu"), ("urdu", "emodb")
DIRECTIONS = {FORWARD: "EmoDB -> URDU", REVERSE: "URDU -> EmoDB"}
BOTH = ["activation", "valence"]
ZERO_SHOT = "eGeMAPS zero-shot"

#: The latent models of stage 1, by row name.
BASE_MODELS = {
    "DAE": DAE(),
    "MetricDAE (activation)": MetricDAE("activation"),
    "MetricDAE (valence)": MetricDAE("valence"),
    "MetricDAE (activation+valence)": MetricDAE(BOTH),
    "MetricClusterDAE (activation+valence, emotion)": MetricClusterDAE(BOTH),
    "ClusterDAE": ClusterDAE("emotion"),
}

#: Alignments of stage 2: (speaker normalisation, CORAL, domain_weight).
ALIGNMENTS = {
    "SN": (True, False, 0.0),
    "CORAL": (False, True, 0.0),
    "DANN 0.3": (False, False, 0.3),
    "DANN 1": (False, False, 1.0),
    "SN + CORAL": (True, True, 0.0),
    "SN + DANN 1": (True, False, 1.0),
    "CORAL + DANN 1": (False, True, 1.0),
    "SN + CORAL + DANN 1": (True, True, 1.0),
}

#: Rows of ``--quick``: the chosen rows of the full run (see the module docstring).
QUICK_ROWS = {
    "eGeMAPS zero-shot": None,
    "SN eGeMAPS zero-shot": None,
}


def corpora(speaker_normalised):
    """Both bundled corpora, standardised per speaker when asked."""
    data = {}
    for name in ("emodb", "urdu"):
        X, y = load_bundled(name)
        if speaker_normalised:
            X = pd.DataFrame(
                speaker_zscores(X, y["speaker"]), index=X.index, columns=X.columns
            )
        data[name] = (X, y)
    return data


def pipeline(latent, coral):
    steps = [OutlierFilter(), StandardScaler(), *([CORAL()] if coral else [])]
    return make_pipeline(*steps, *([latent] if latent is not None else []))


def n_parameters(latent):
    """Trainable parameters of a latent model's network, as trained."""
    if latent is None:
        return 0
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 88))
    y = pd.DataFrame({
        "emotion": ["neutral", "sad", "happy", "angry"] * 10,
        "activation": rng.uniform(1, 5, 40), "valence": rng.uniform(1, 5, 40),
        "corpus": ["a", "b"] * 20,
    })  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = clone(latent).set_params(max_epochs=1).fit(X, y)
    return sum(p.numel() for p in model.net_.module_.parameters() if p.requires_grad)


def evaluate(rows, seeds, folds, progress):
    """Run every row in both directions; return a tidy frame of target metrics.

    ``rows`` maps a row name to (latent model or None, speaker normalised, CORAL).
    Rows sharing the corpora and the use of adaptation rows run in one protocol
    call.
    """
    calls = {}
    for name, (latent, speaker_normalised, coral) in rows.items():
        adversarial = latent is not None and latent.get_params()["domain_weight"] > 0
        calls.setdefault((speaker_normalised, adversarial), {})[name] = pipeline(
            latent, coral
        )
    frames = []
    for (speaker_normalised, adversarial), models in calls.items():
        data = corpora(speaker_normalised)
        for source, target in DIRECTIONS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                results = cross_corpus_validate(
                    models, data[source], {target: data[target]}, cv=folds,
                    random_state=seeds, groups="speaker", references=(),
                    n_jobs=1, progress=progress, train_on_adaptation=adversarial,
                )  # fmt: skip
            results = results[results["role"] == "target"]
            frames.append(results.assign(direction=DIRECTIONS[source, target]))
    return pd.concat(frames, ignore_index=True)


def table(results, rows):
    metrics = {
        "balanced_accuracy_4class": "BA4",
        "balanced_accuracy_3class": "BA3",
        "adjusted_r2_activation": "R2 act",
    }
    chosen = results[results["metric"].isin(list(metrics))]
    stats = chosen.groupby(["model", "direction", "metric"])["value"].agg(
        ["mean", "std"]
    )
    out = pd.DataFrame(index=list(rows))
    for direction in DIRECTIONS.values():
        for metric, short in metrics.items():
            cells = []
            for name in rows:
                key = (name, direction, metric)
                if key in stats.index:
                    mean, std = stats.loc[key]
                    cells.append(f"{mean:.3f} ± {std:.3f}")
                else:
                    cells.append("")
            out[f"{direction} {short}"] = cells
    out["params"] = [n_parameters(rows[name][0]) for name in rows]
    return out


def score(results, name, direction=DIRECTIONS[REVERSE]):
    """Mean four-class balanced accuracy of a row in a direction."""
    chosen = results[
        (results["model"] == name)
        & (results["direction"] == direction)
        & (results["metric"] == "balanced_accuracy_4class")
    ]
    return chosen["value"].mean()


def best(results, names):
    """The row of ``names`` with the best URDU -> EmoDB four-class accuracy."""
    return max(names, key=lambda name: score(results, name))


def with_settings(latent, **settings):
    return clone(latent).set_params(**settings)


def full(seeds, folds, progress):
    rows = {ZERO_SHOT: (None, False, False)}
    rows.update({name: (model, False, False) for name, model in BASE_MODELS.items()})
    results = evaluate(rows, seeds, folds, progress)
    base = best(results, list(BASE_MODELS))
    print(f"stage 1, chosen on URDU -> EmoDB: {base}", flush=True)

    stage2 = {
        "SN " + ZERO_SHOT: (None, True, False),
        "CORAL " + ZERO_SHOT: (None, False, True),
        "SN + CORAL " + ZERO_SHOT: (None, True, True),
    }
    for alignment, (speaker_normalised, coral, weight) in ALIGNMENTS.items():
        latent = with_settings(BASE_MODELS[base], domain_weight=weight)
        stage2[f"{base} + {alignment}"] = (latent, speaker_normalised, coral)
    results = pd.concat([results, evaluate(stage2, seeds, folds, progress)])
    rows.update(stage2)
    combination = best(results, [base, *[f"{base} + {a}" for a in ALIGNMENTS]])
    print(f"stage 2, chosen on URDU -> EmoDB: {combination}", flush=True)

    latent, speaker_normalised, coral = rows[combination]
    stage3 = {
        f"{combination}, latent {size}": (
            with_settings(latent, latent_dim=size),
            speaker_normalised,
            coral,
        )
        for size in (4, 8)
    }
    results = pd.concat([results, evaluate(stage3, seeds, folds, progress)])
    rows.update(stage3)
    final = best(results, [combination, *stage3])
    print(f"stage 3, chosen on URDU -> EmoDB: {final}", flush=True)
    return results, rows, final


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, few rows")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)  # tiny networks: threads cost more than they give
    start = time.perf_counter()
    if args.quick:
        rows = {name: row for name, row in QUICK_ROWS.items() if row is not None}
        rows = {ZERO_SHOT: (None, False, False), **rows}
        results = evaluate(rows, [0], args.folds, not args.no_progress)
        final = best(results, list(rows))
    else:
        results, rows, final = full([0, 1, 2], args.folds, not args.no_progress)
    out = table(results, rows)
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(out.to_string())
    print(f"\nchosen on URDU -> EmoDB: {final}")
    print(
        f"EmoDB -> URDU four-class balanced accuracy of the chosen row: "
        f"{score(results, final, DIRECTIONS[FORWARD]):.3f} "
        f"({n_parameters(rows[final][0])} parameters)"
    )
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
