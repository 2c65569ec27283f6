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
2. the alignment on top of the chosen model: (a) alone: speaker normalisation
   (SN: every corpus standardised per speaker with
   :func:`skser.alignment.speaker_zscores`, from its features and speaker ids
   only), CORAL on the adaptation rows (:class:`skser.alignment.CORAL` through
   :func:`skser.preprocessing.adapt`), the unlabelled adaptation rows in training
   (``train_on_adaptation=True``; reconstruction only), and domain-adversarial
   training on them (DANN, ``domain_weight`` 0.3, 1 or 3); (b) combinations, with
   the DANN weight chosen in (a);
3. the latent size (2, 4, 8) of the chosen combination;
4. seed ensembles of the chosen row within the 10,000-parameter budget
   (:class:`skser.latent.SeedEnsemble`: 3 members of hidden widths (12, 8) or 2
   of (20, 10), codes concatenated), against one member of width (12, 8).

Prints one table: rows = methods, columns = four- and three-class balanced accuracy
and the adjusted R2 of activation on the transfer corpus, per direction, mean +- std
over folds x seeds, and the trainable parameters of the latent network (encoder,
decoder and any domain classifier; the LinearSVC on the code adds 4 x (latent + 1)).

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_transfer.py           # ~13 min
    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_transfer.py --quick   # ~2 min

``--quick`` runs one seed and five rows (``QUICK_ROWS``): the row the full run
chose (``CHOSEN``), the models it builds on and the zero-shot reference, in both
directions.
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
from skser.latent import SeedEnsemble

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

#: Alignments of stage 2a, each alone: (speaker normalisation, CORAL,
#: domain_weight, train on the unlabelled adaptation rows).
SINGLE_ALIGNMENTS = {
    "SN": (True, False, 0.0, False),
    "CORAL": (False, True, 0.0, False),
    "target rows": (False, False, 0.0, True),
    "DANN 0.3": (False, False, 0.3, True),
    "DANN 1": (False, False, 1.0, True),
    "DANN 3": (False, False, 3.0, True),
}
#: Combinations of stage 2b; "DANN" takes the weight chosen in stage 2a.
COMBINED_ALIGNMENTS = {
    "SN + CORAL": (True, True, 0.0, False),
    "SN + DANN": (True, False, None, True),
    "CORAL + DANN": (False, True, None, True),
    "SN + CORAL + DANN": (True, True, None, True),
}

#: The row the full run chose on URDU -> EmoDB (stages 1 to 3).
CHOSEN = "MetricDAE (activation) + DANN 0.3"
#: Rows of ``--quick``: the chosen row and the rows it is best compared with, as
#: (latent model or None, speaker normalisation, CORAL, adaptation rows in
#: training).
QUICK_ROWS = {
    ZERO_SHOT: (None, False, False, False),
    "DAE": (BASE_MODELS["DAE"], False, False, False),
    "MetricDAE (activation)": (
        BASE_MODELS["MetricDAE (activation)"],
        False,
        False,
        False,
    ),
    CHOSEN: (MetricDAE("activation", domain_weight=0.3), False, False, True),
    "MetricDAE (activation) + DANN 1": (
        MetricDAE("activation", domain_weight=1.0),
        False,
        False,
        True,
    ),
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
    ensemble = isinstance(latent, SeedEnsemble)
    epochs = "estimator__max_epochs" if ensemble else "max_epochs"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = clone(latent).set_params(**{epochs: 1}).fit(X, y)
    members = getattr(model, "estimators_", [model])
    return sum(
        p.numel()
        for member in members
        for p in member.net_.module_.parameters()
        if p.requires_grad
    )


def evaluate(rows, seeds, folds, progress):
    """Run every row in both directions; return a tidy frame of target metrics.

    ``rows`` maps a row name to (latent model or None, speaker normalised, CORAL,
    adaptation rows in training). Rows sharing the corpora and the use of
    adaptation rows run in one protocol call.
    """
    calls = {}
    for name, (latent, speaker_normalised, coral, target_rows) in rows.items():
        calls.setdefault((speaker_normalised, target_rows), {})[name] = pipeline(
            latent, coral
        )
    frames = []
    for (speaker_normalised, target_rows), models in calls.items():
        data = corpora(speaker_normalised)
        for source, target in DIRECTIONS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                results = cross_corpus_validate(
                    models, data[source], {target: data[target]}, cv=folds,
                    random_state=seeds, groups="speaker", references=(),
                    n_jobs=1, progress=progress, train_on_adaptation=target_rows,
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


def aligned(base, alignments, dann_weight=None):
    """Rows of the base model under each alignment."""
    rows = {}
    for alignment, (
        speaker_normalised,
        coral,
        weight,
        target_rows,
    ) in alignments.items():
        weight = dann_weight if weight is None else weight
        latent = with_settings(BASE_MODELS[base], domain_weight=weight)
        name = f"{base} + {alignment}"
        if alignment.endswith("DANN"):  # a combination: name the weight it took
            name = f"{name} {weight:g}"
        rows[name] = (latent, speaker_normalised, coral, target_rows)
    return rows


def full(seeds, folds, progress):
    rows = {ZERO_SHOT: (None, False, False, False)}
    rows.update(
        {name: (model, False, False, False) for name, model in BASE_MODELS.items()}
    )
    results = evaluate(rows, seeds, folds, progress)
    base = best(results, list(BASE_MODELS))
    print(f"stage 1, chosen on URDU -> EmoDB: {base}", flush=True)

    stage = {
        "SN " + ZERO_SHOT: (None, True, False, False),
        "CORAL " + ZERO_SHOT: (None, False, True, False),
        **aligned(base, SINGLE_ALIGNMENTS),
    }
    results = pd.concat([results, evaluate(stage, seeds, folds, progress)])
    rows.update(stage)
    dann = best(results, [f"{base} + DANN {w}" for w in ("0.3", "1", "3")])
    weight = float(dann.rsplit(" ", 1)[1])
    print(f"stage 2a, chosen on URDU -> EmoDB: {dann}", flush=True)

    stage = aligned(base, COMBINED_ALIGNMENTS, weight)
    results = pd.concat([results, evaluate(stage, seeds, folds, progress)])
    rows.update(stage)
    candidates = [base, *[name for name in rows if name.startswith(base + " + ")]]
    combination = best(results, candidates)
    print(f"stage 2b, chosen on URDU -> EmoDB: {combination}", flush=True)

    latent, *rest = rows[combination]
    stage = {
        f"{combination}, latent {size}": (with_settings(latent, latent_dim=size), *rest)
        for size in (4, 8)
    }
    results = pd.concat([results, evaluate(stage, seeds, folds, progress)])
    rows.update(stage)
    chosen = best(results, [combination, *stage])
    print(f"stage 3, chosen on URDU -> EmoDB: {chosen}", flush=True)

    latent, *rest = rows[chosen]
    stage = {
        f"{chosen}, width (12, 8)": (
            with_settings(latent, hidden_layer_sizes=(12, 8)),
            *rest,
        ),
        f"{chosen}, 3 seeds x width (12, 8)": (
            SeedEnsemble(with_settings(latent, hidden_layer_sizes=(12, 8)), 3),
            *rest,
        ),
        f"{chosen}, 2 seeds x width (20, 10)": (
            SeedEnsemble(with_settings(latent, hidden_layer_sizes=(20, 10)), 2),
            *rest,
        ),
    }
    results = pd.concat([results, evaluate(stage, seeds, folds, progress)])
    rows.update(stage)
    final = best(results, [chosen, *stage])
    print(f"stage 4, chosen on URDU -> EmoDB: {final}", flush=True)
    return results, rows, final


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, few rows")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=3, help="seeds of a full run")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)  # tiny networks: threads cost more than they give
    start = time.perf_counter()
    if args.quick:
        rows, final = QUICK_ROWS, CHOSEN
        results = evaluate(rows, [0], args.folds, not args.no_progress)
    else:
        seeds = list(range(args.seeds))
        results, rows, final = full(seeds, args.folds, not args.no_progress)
    out = table(results, rows)
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(out.to_string())
    print(f"\nchosen on URDU -> EmoDB (by the full run): {final}")
    print(
        f"EmoDB -> URDU four-class balanced accuracy of the chosen row: "
        f"{score(results, final, DIRECTIONS[FORWARD]):.3f} "
        f"({n_parameters(rows[final][0])} parameters)"
    )
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
