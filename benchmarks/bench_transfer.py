"""Zero-shot transfer between languages: which adaptation closes the gap?

EmoDB (German) -> URDU and URDU -> EmoDB on the bundled eGeMAPS tables, the papers'
protocol (:func:`skser.evaluation.cross_corpus_validate`, as ``skser demo`` runs
it): speaker-independent folds of the source (5), three seeds, each transfer corpus
standardised with a fixed 20 % of its own unlabelled rows (the adaptation rows)
and scored on the rest. The goal: four-class balanced accuracy (BA4) >= 0.55 on
URDU trained on EmoDB, with fewer than 10,000 trainable parameters and no URDU
emotion label in training or selection.

The rule of choice, fixed before any run: a setting is scored by the mean of two
numbers, neither of which is an EmoDB -> URDU score: BA4 of URDU -> EmoDB (scored
on EmoDB) and BA4 of the speaker-independent cross-validation within EmoDB (the
held-out EmoDB folds of the forward run). The best score wins; a tie goes to the
row listed first (the simpler one). EmoDB -> URDU is read once, at the end, for
every row; the script then says how often each stage's choice was also the best
of its stage in that direction.

Stages (each on the bundled tables, each row in both directions):

1. the latent model (DAE, MetricDAE on activation, valence or both,
   MetricClusterDAE, ClusterDAE), against raw eGeMAPS zero-shot;
2. each adaptation alone on the chosen model:
   - the classifier on the code: LinearSVC with balanced class weights;
     class-balanced self-training on the adaptation rows
     (:class:`skser.preprocessing.BalancedSelfTraining`); label-shift correction of
     a logistic regression by EM or BBSE
     (:class:`skser.preprocessing.LabelShiftAdapter`), with the plain logistic
     regression as its control;
   - the code: standardised per corpus (:class:`skser.preprocessing.AdaptiveScaler`);
     both dimensions (an activation and a valence MetricDAE of widths (12, 8),
     codes side by side, within the parameter budget);
   - the features: the k eGeMAPS features whose unlabelled distributions differ
     most between the corpora dropped (:class:`skser.preprocessing.ShiftRobustSelector`,
     k = 10, 20, 40; it needs the adaptation rows in training, so "target rows"
     (those rows in training, reconstruction only) is its control); CORAL and
     domain-adversarial training (DANN 0.3), measured in an earlier round;
3. combinations: the best setting of each kind (features, code, classifier) that
   beat the chosen model in stage 2, every subset of two or more.

Prints one table: rows = settings; columns = BA4, BA3 and the adjusted R2 of
activation and valence on the transfer corpus per direction (mean +- std over
folds x seeds), the selection score, and the trainable parameters of the latent
network (the classifier on a code of d dimensions adds 4 x (d + 1)).

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_transfer.py           # 26 min
    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_transfer.py --quick   # 2.5 min

(measured on two cores busy with other work).

``--quick`` runs one seed and the rows of ``QUICK_ROWS``: the row the full run
chose (``CHOSEN``), the models and methods it builds on and the zero-shot
reference, in both directions.
"""

import argparse
import itertools
import time
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import torch
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser import (
    CORAL,
    DAE,
    AdaptiveScaler,
    BalancedSelfTraining,
    ClusterDAE,
    LabelShiftAdapter,
    MetricClusterDAE,
    MetricDAE,
    OutlierFilter,
    ShiftRobustSelector,
)
from skser.compose import make_pipeline
from skser.datasets import load_bundled
from skser.evaluation import cross_corpus_validate

FORWARD, REVERSE = ("emodb", "urdu"), ("urdu", "emodb")
DIRECTIONS = {FORWARD: "EmoDB -> URDU", REVERSE: "URDU -> EmoDB"}
BOTH = ["activation", "valence"]
ZERO_SHOT = "eGeMAPS zero-shot"
SVC = LinearSVC(max_iter=10_000)

#: Classifiers on the code, by name.
CLASSIFIERS = {
    "svc": SVC,
    "balanced SVC": LinearSVC(max_iter=10_000, class_weight="balanced"),
    "self-training": BalancedSelfTraining(SVC),
    "logistic": LogisticRegression(max_iter=1000),
    "label shift EM": LabelShiftAdapter(LogisticRegression(max_iter=1000)),
    "label shift BBSE": LabelShiftAdapter(
        LogisticRegression(max_iter=1000), method="bbse"
    ),
}

#: The latent models of stage 1, by row name.
BASE_MODELS = {
    "DAE": DAE(),
    "MetricDAE (activation)": MetricDAE("activation"),
    "MetricDAE (valence)": MetricDAE("valence"),
    "MetricDAE (activation+valence)": MetricDAE(BOTH),
    "MetricClusterDAE (activation+valence, emotion)": MetricClusterDAE(BOTH),
    "ClusterDAE": ClusterDAE("emotion"),
}

#: Both dimensions within the budget: two narrow MetricDAEs, codes side by side.
BOTH_DIMENSIONS = FeatureUnion([
    ("activation", MetricDAE("activation", hidden_layer_sizes=(12, 8))),
    ("valence", MetricDAE("valence", hidden_layer_sizes=(12, 8))),
])  # fmt: skip


@dataclass(frozen=True)
class Setting:
    """One row: the latent model and every adaptation around it."""

    latent: object = None  # None: raw eGeMAPS
    speaker_normalised: bool = False
    coral: bool = False
    domain_weight: float = 0.0
    target_rows: bool = False  # the adaptation rows in training, unlabelled
    n_drop: int = 0  # ShiftRobustSelector
    code_scaling: bool = False  # AdaptiveScaler on the code
    classifier: str = "svc"

    def pipeline(self):
        latent = self.latent
        if latent is not None and self.domain_weight:
            keys = [key for key in latent.get_params() if key.endswith("domain_weight")]
            latent = clone(latent).set_params(**dict.fromkeys(keys, self.domain_weight))
        steps = [
            OutlierFilter(),
            StandardScaler(),
            *([CORAL()] if self.coral else []),
            *([ShiftRobustSelector(self.n_drop)] if self.n_drop else []),
            *([latent] if latent is not None else []),
            *([AdaptiveScaler()] if self.code_scaling else []),
        ]
        return make_pipeline(*steps)

    def protocol_call(self):
        """What must be shared by the rows of one protocol call."""
        uses_target_rows = self.target_rows or self.n_drop > 0 or self.domain_weight
        return self.speaker_normalised, bool(uses_target_rows), self.classifier


#: Stage 2: each adaptation alone, as (kind, change of the chosen row).
SINGLE = {
    "balanced SVC": ("classifier", {"classifier": "balanced SVC"}),
    "self-training": ("classifier", {"classifier": "self-training"}),
    "logistic": ("control", {"classifier": "logistic"}),
    "label shift EM": ("classifier", {"classifier": "label shift EM"}),
    "label shift BBSE": ("classifier", {"classifier": "label shift BBSE"}),
    "code scaling": ("code", {"code_scaling": True}),
    "both dimensions": ("latent", {"latent": BOTH_DIMENSIONS}),
    "target rows": ("control", {"target_rows": True}),
    "shift-robust -10": ("features", {"n_drop": 10}),
    "shift-robust -20": ("features", {"n_drop": 20}),
    "shift-robust -40": ("features", {"n_drop": 40}),
    "CORAL": ("features", {"coral": True}),
    "DANN 0.3": ("features", {"domain_weight": 0.3}),
}

#: The row the full run chose (stages 1 to 3), and the rows of ``--quick``.
CHOSEN = "MetricDAE (valence) + balanced SVC + DANN 0.3"
_VALENCE = BASE_MODELS["MetricDAE (valence)"]
QUICK_ROWS = {
    ZERO_SHOT: Setting(),
    "MetricDAE (activation)": Setting(BASE_MODELS["MetricDAE (activation)"]),
    "MetricDAE (valence)": Setting(_VALENCE),
    "MetricDAE (valence) + balanced SVC": Setting(_VALENCE, classifier="balanced SVC"),
    "MetricDAE (valence) + self-training": Setting(
        _VALENCE, classifier="self-training"
    ),
    "MetricDAE (valence) + DANN 0.3": Setting(_VALENCE, domain_weight=0.3),
    CHOSEN: Setting(_VALENCE, domain_weight=0.3, classifier="balanced SVC"),
}


def speaker_normalised(X, y):
    from skser.preprocessing import speaker_zscores

    return pd.DataFrame(speaker_zscores(X, y["speaker"]), index=X.index,
                        columns=X.columns)  # fmt: skip


def corpora(normalised):
    """Both bundled corpora, standardised per speaker when asked."""
    data = {}
    for name in ("emodb", "urdu"):
        X, y = load_bundled(name)
        data[name] = (speaker_normalised(X, y) if normalised else X, y)
    return data


def n_parameters(latent):
    """Trainable parameters of a latent model's networks, as trained."""
    if latent is None:
        return 0
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 88))
    y = pd.DataFrame({
        "emotion": ["neutral", "sad", "happy", "angry"] * 10,
        "activation": rng.uniform(1, 5, 40), "valence": rng.uniform(1, 5, 40),
        "corpus": ["a", "b"] * 20,
    })  # fmt: skip
    epochs = [key for key in latent.get_params() if key.endswith("max_epochs")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = clone(latent).set_params(**dict.fromkeys(epochs, 1)).fit(X, y)
    if isinstance(model, FeatureUnion):
        members = [member for _, member in model.transformer_list]
    else:
        members = getattr(model, "estimators_", [model])
    return sum(
        p.numel()
        for member in members
        for p in member.net_.module_.parameters()
        if p.requires_grad
    )


def evaluate(rows, seeds, folds, progress):
    """Run every row in both directions; return a tidy frame of the metrics.

    Rows sharing the corpora, the use of adaptation rows and the classifier run
    in one protocol call.
    """
    calls = {}
    for name, setting in rows.items():
        calls.setdefault(setting.protocol_call(), {})[name] = setting.pipeline()
    frames = []
    for (normalised, target_rows, classifier), models in calls.items():
        data = corpora(normalised)
        for source, target in DIRECTIONS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                results = cross_corpus_validate(
                    models, data[source], {target: data[target]}, cv=folds,
                    random_state=seeds, groups="speaker", references=(),
                    n_jobs=1, progress=progress, train_on_adaptation=target_rows,
                    classifier=CLASSIFIERS[classifier],
                )  # fmt: skip
            frames.append(results.assign(direction=DIRECTIONS[source, target]))
    return pd.concat(frames, ignore_index=True)


def ba4(results, name, direction, role="target"):
    chosen = results[
        (results["model"] == name)
        & (results["direction"] == direction)
        & (results["role"] == role)
        & (results["metric"] == "balanced_accuracy_4class")
    ]
    return chosen["value"].mean()


def selection_score(results, name):
    """The rule: mean of URDU -> EmoDB BA4 and within-EmoDB cross-validated BA4."""
    return np.mean([
        ba4(results, name, DIRECTIONS[REVERSE]),
        ba4(results, name, DIRECTIONS[FORWARD], role="source"),
    ])  # fmt: skip


def best(results, names):
    """The first of the rows of best selection score."""
    scores = [selection_score(results, name) for name in names]
    return names[int(np.argmax(scores))]


def table(results, rows):
    metrics = {
        "balanced_accuracy_4class": "BA4",
        "balanced_accuracy_3class": "BA3",
        "adjusted_r2_activation": "R2 act",
        "adjusted_r2_valence": "R2 val",
    }
    target = results[results["role"] == "target"]
    stats = (
        target[target["metric"].isin(list(metrics))]
        .groupby(["model", "direction", "metric"])["value"]
        .agg(["mean", "std"])
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
    out["EmoDB CV BA4"] = [
        f"{ba4(results, name, DIRECTIONS[FORWARD], 'source'):.3f}" for name in rows
    ]
    out["selection"] = [f"{selection_score(results, name):.3f}" for name in rows]
    out["params"] = [n_parameters(rows[name].latent) for name in rows]
    return out


def forward_winner(results, names):
    return max(names, key=lambda name: ba4(results, name, DIRECTIONS[FORWARD]))


def full(seeds, folds, progress):
    stages = []  # (stage, candidates, chosen)
    rows = {ZERO_SHOT: Setting()}
    rows.update({name: Setting(model) for name, model in BASE_MODELS.items()})
    results = evaluate(rows, seeds, folds, progress)
    base = best(results, list(BASE_MODELS))
    stages.append(("1 latent model", list(BASE_MODELS), base))
    print(f"stage 1, chosen by the rule: {base}", flush=True)

    stage = {f"{base} + {name}": replace(rows[base], **change)
             for name, (_, change) in SINGLE.items()}  # fmt: skip
    stage.update({
        f"{ZERO_SHOT} + {name}": replace(rows[ZERO_SHOT], **SINGLE[name][1])
        for name in ("balanced SVC", "self-training", "label shift EM")
    })  # fmt: skip
    results = pd.concat([results, evaluate(stage, seeds, folds, progress)])
    rows.update(stage)
    single = [base, *(f"{base} + {name}" for name in SINGLE)]
    chosen = best(results, single)
    stages.append(("2 each adaptation alone", single, chosen))
    print(f"stage 2, chosen by the rule: {chosen}", flush=True)

    # Stage 3: the best helpful setting of each kind, combined.
    base_score = selection_score(results, base)
    kinds = {}
    for name, (kind, change) in SINGLE.items():
        score = selection_score(results, f"{base} + {name}")
        if kind != "control" and score > base_score:
            if kind not in kinds or score > kinds[kind][0]:
                kinds[kind] = (score, name, change)
    stage = {}
    for size in range(2, len(kinds) + 1):
        for combination in itertools.combinations(sorted(kinds), size):
            names = [kinds[kind][1] for kind in combination]
            setting = rows[base]
            for kind in combination:
                setting = replace(setting, **kinds[kind][2])
            stage[f"{base} + {' + '.join(names)}"] = setting
    if stage:
        results = pd.concat([results, evaluate(stage, seeds, folds, progress)])
        rows.update(stage)
    candidates = [*single, *stage]
    final = best(results, candidates)
    stages.append(("3 combinations", candidates, final))
    print(f"stage 3, chosen by the rule: {final}", flush=True)
    return results, rows, final, stages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, few rows")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=3, help="seeds of a full run")
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument("--csv", help="also write the tidy results here")
    args = parser.parse_args()
    torch.set_num_threads(1)  # tiny networks: threads cost more than they give
    start = time.perf_counter()
    if args.quick:
        rows, final, stages = QUICK_ROWS, CHOSEN, []
        results = evaluate(rows, [0], args.folds, not args.no_progress)
    else:
        seeds = list(range(args.seeds))
        results, rows, final, stages = full(seeds, args.folds, not args.no_progress)
    if args.csv:
        results.to_csv(args.csv, index=False)
    out = table(results, rows)
    with pd.option_context("display.width", 300, "display.max_columns", 30,
                           "display.max_colwidth", 80):  # fmt: skip
        print(out.to_string())
    for stage, candidates, chosen in stages:
        winner = forward_winner(results, candidates)
        verdict = "also" if winner == chosen else f"not (there: {winner})"
        print(f"stage {stage}: chose {chosen}; {verdict} the best EmoDB -> URDU")
    print(f"\nchosen by the rule (the full run): {final}")
    print(
        f"EmoDB -> URDU four-class balanced accuracy of the chosen row: "
        f"{ba4(results, final, DIRECTIONS[FORWARD]):.3f} "
        f"({n_parameters(rows[final].latent)} parameters)"
    )
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
