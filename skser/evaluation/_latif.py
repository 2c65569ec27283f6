"""Latif's feature-level evaluations on the bundled features, as experiments.

:func:`run_augmentation` (Latif et al., Interspeech 2020, Tables 3 and 4) and
:func:`run_label_fractions` (Latif et al., IEEE TAFFC 2022, Fig. 1) run the
evaluations of :mod:`skser.augmentation` and :mod:`skser.latent` on bundled EmoDB
(speaker-independent folds) and EmoDB -> URDU, once per seed, and write the tidy
results, a table and a figure, as ``skser augment`` and ``skser label-fractions``
do. The results use the protocol's tidy columns, so :func:`summarize`,
:func:`render_table` and :func:`skser.plotting.plot_results` read them.
"""

import warnings
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from skser.datasets import load_bundled
from skser.evaluation._experiment import _output_folder
from skser.evaluation._protocol import TRAIN_CLASSES, _seeds
from skser.evaluation._tables import render_table, summarize
from skser.utils import label_column

#: Readable names of :func:`skser.augmentation.evaluate_augmentation`'s rows.
AUGMENTATION_MODELS = {
    ("mixup", "real"): "real rows",
    ("mixup", "synthetic"): "synthetic rows (mixup GAN)",
    ("mixup", "real+synthetic"): "real + synthetic rows (mixup GAN)",
    ("plain", "synthetic"): "synthetic rows (plain cGAN)",
    ("plain", "real+synthetic"): "real + synthetic rows (plain cGAN)",
}

#: Readable names of :func:`skser.latent.evaluate_label_fractions`'s models.
LABEL_FRACTION_MODELS = {
    "multi-task": "multi-task AAE",
    "single-task": "single-task AAE",
    "supervised": "supervised MLP",
}

_SOURCE, _TARGET = "emodb", "urdu"


def _bundled_corpora():
    """Bundled EmoDB and URDU, neutral / sad / happy / angry rows only."""
    corpora = {}
    for name in (_SOURCE, _TARGET):
        X, y = load_bundled(name)
        kept = label_column(y, "emotion").isin(TRAIN_CLASSES).to_numpy()
        corpora[name] = (X[kept], y[kept].reset_index(drop=True))
    return corpora


def _splitter(folds, groups, seed):
    if groups is None:
        return StratifiedKFold(folds, shuffle=True, random_state=seed)
    return StratifiedGroupKFold(folds, shuffle=True, random_state=seed)


def _tidy(results, seed, model):
    """Rename ``evaluate_*``'s rows into the protocol's tidy columns."""
    source = results["corpus"] == "source"
    return results.assign(
        seed=seed,
        model=model,
        corpus=results["corpus"].where(~source, _SOURCE),
        role=source.map({True: "source", False: "transfer"}),
        metric=f"balanced_accuracy_{len(TRAIN_CLASSES)}class",
        value=results["uar"],
    ).drop(columns="uar")


def _caption(what, folds, groups, seeds, training):
    grouped = f"{groups}-independent" if groups else "stratified"
    return (
        f"{what} EmoDB → URDU, classes {', '.join(TRAIN_CLASSES)}; {folds} "
        f"{grouped} EmoDB folds × {len(seeds)} seed{'s' * (len(seeds) > 1)}, "
        f"{training}; balanced accuracy (UAR), mean ± std over folds × seeds. "
        "Each fold standardises EmoDB with its training rows; URDU is standardised "
        "with its own statistics and scored whole."
    )


@contextmanager
def _convergence_counted():
    """Say once how many MLP fits hit their iteration limit, not once per fit."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    stopped = 0
    for caught_warning in caught:
        if issubclass(caught_warning.category, ConvergenceWarning):
            stopped += 1
        else:
            warnings.warn_explicit(
                caught_warning.message, caught_warning.category,
                caught_warning.filename, caught_warning.lineno,
            )  # fmt: skip
    if stopped:
        warnings.warn(
            f"{stopped} MLP classifier fits stopped at their iteration limit before "
            "converging (scikit-learn's ConvergenceWarning); their scores are "
            "those of the last iteration",
            ConvergenceWarning,
            stacklevel=3,
        )


def _write(out, name, results, table, caption, figure):
    out = Path(out)
    results.to_csv(out / f"{name}.csv", index=False)
    (out / f"{name}.md").write_text(render_table(table, caption=caption) + "\n")
    (out / f"{name}.tex").write_text(
        render_table(table, "latex", caption=caption) + "\n"
    )
    figure.savefig(out / f"{name}.png", dpi=150)


def run_augmentation(
    out="skser-augmentation",
    folds=5,
    random_state=(0, 1, 2),
    progress=True,
    *,
    groups="speaker",
    max_epochs=100,
    ablation=True,
):
    """Classifiers on real, synthetic and real + synthetic rows: EmoDB -> URDU.

    Runs :func:`skser.augmentation.evaluate_augmentation` on the bundled
    EmoDB features of neutral, sad, happy and angry (folds that hold out
    speakers), scoring the held-out EmoDB rows and every URDU row, once per
    seed, with the mixup GAN and (``ablation``) a plain conditional GAN. This is
    the evaluation of Latif et al. (2020, Tables 3 and 4); the classifier is
    ``evaluate_augmentation``'s default MLP.

    Parameters
    ----------
    out : str or os.PathLike, default="skser-augmentation"
        Output folder: ``augmentation.csv`` (tidy results), ``.md`` and ``.tex``
        (the table) and ``.png`` (the figure).
    folds : int, default=5
        Folds of EmoDB.
    random_state : int or sequence of int, default=(0, 1, 2)
        Seeds of the folds, the GANs and the classifiers; one run per seed.
    progress : bool, default=True
        Show progress bars (tqdm).
    groups : str or None, default="speaker"
        Label column whose groups never straddle a fold; None: stratified folds.
    max_epochs : int, default=100
        Training epochs of each GAN.
    ablation : bool, default=True
        Also train the plain conditional GAN (no mixup).

    Returns
    -------
    results : DataFrame
        Tidy rows (``seed``, ``fold``, ``model``, ``corpus``, ``role``,
        ``metric``, ``value``, plus ``gan`` and ``train``).
    table : DataFrame
        :func:`summarize` of ``results``.

    See Also
    --------
    skser.augmentation.evaluate_augmentation : One run on any corpora.
    """
    from skser.augmentation import MixupGANAugmenter, evaluate_augmentation
    from skser.plotting import plot_results

    _output_folder(out)
    seeds = _seeds(random_state)
    corpora = _bundled_corpora()
    X, y = corpora[_SOURCE]
    X_target, y_target = corpora[_TARGET]
    runs = []
    for seed in seeds:
        with _convergence_counted():
            results = evaluate_augmentation(
                X, label_column(y, "emotion").to_numpy(),
                cv=_splitter(folds, groups, seed),
                groups=None if groups is None else label_column(y, groups).to_numpy(),
                transfer={
                    _TARGET: (X_target, label_column(y_target, "emotion").to_numpy())
                },
                augmenter=MixupGANAugmenter(max_epochs=max_epochs, random_state=seed),
                ablation=ablation, random_state=seed, progress=progress,
            )  # fmt: skip
        # The real-rows classifier does not depend on the GAN: keep it once.
        results = results[(results["gan"] == "mixup") | (results["train"] != "real")]
        keys = zip(results["gan"], results["train"], strict=True)
        runs.append(_tidy(results, seed, [AUGMENTATION_MODELS[key] for key in keys]))
    results = pd.concat(runs, ignore_index=True)
    table = summarize(results)
    caption = _caption(
        "Classifiers trained on real, synthetic (as many rows per class as the "
        "real training rows) and real + synthetic eGeMAPS rows;",
        folds, groups, seeds, f"GANs trained {max_epochs} epochs",
    )  # fmt: skip
    figure = plot_results(results, references=[AUGMENTATION_MODELS["mixup", "real"]])
    _write(out, "augmentation", results, table, caption, figure)
    return results, table


def run_label_fractions(
    out="skser-label-fractions",
    folds=5,
    random_state=(0, 1, 2),
    progress=True,
    *,
    groups="speaker",
    fractions=(0.1, 0.3, 1.0),
    max_epochs=50,
):
    """Multi-task vs single-task AAE vs supervised MLP at few emotion labels.

    Runs :func:`skser.latent.evaluate_label_fractions` on the bundled EmoDB
    features of neutral, sad, happy and angry (folds that hold out speakers;
    speaker and gender labels on every training row, emotion labels on a
    stratified ``fraction`` of them), scoring the held-out EmoDB rows and every
    URDU row, once per seed: the comparison of Latif et al. (2022, Fig. 1).

    Parameters
    ----------
    out : str or os.PathLike, default="skser-label-fractions"
        Output folder: ``label_fractions.csv`` (tidy results), ``.md`` and
        ``.tex`` (the table) and ``.png`` (the figure).
    folds : int, default=5
        Folds of EmoDB.
    random_state : int or sequence of int, default=(0, 1, 2)
        Seeds of the folds, the label masks and the models; one run per seed.
    progress : bool, default=True
        Show progress bars (tqdm).
    groups : str or None, default="speaker"
        Label column whose groups never straddle a fold; None: stratified folds.
    fractions : sequence of float, default=(0.1, 0.3, 1.0)
        Shares of the training rows that keep their emotion label.
    max_epochs : int, default=50
        Training epochs of each AAE.

    Returns
    -------
    results : DataFrame
        Tidy rows (``seed``, ``fold``, ``model``, ``corpus``, ``role``,
        ``metric``, ``value``, plus ``system`` and ``fraction``).
    table : DataFrame
        :func:`summarize` of ``results``, one row per system and fraction.

    See Also
    --------
    skser.latent.evaluate_label_fractions : One run on any corpora.
    skser.plotting.plot_label_fractions : The figure.
    """
    from skser.latent import MultiTaskAAE, evaluate_label_fractions
    from skser.plotting import plot_label_fractions

    _output_folder(out)
    seeds = _seeds(random_state)
    corpora = _bundled_corpora()
    X, y = corpora[_SOURCE]
    runs = []
    for seed in seeds:
        with _convergence_counted():
            results = evaluate_label_fractions(
                X, y, cv=_splitter(folds, groups, seed),
                groups=None if groups is None else y[groups].to_numpy(),
                transfer={_TARGET: corpora[_TARGET]}, fractions=fractions,
                model=MultiTaskAAE(max_epochs=max_epochs, random_state=seed),
                random_state=seed, progress=progress,
            )  # fmt: skip
        system = results["model"].map(LABEL_FRACTION_MODELS)
        names = [
            f"{name}, {fraction:.0%} labels"
            for name, fraction in zip(system, results["fraction"], strict=True)
        ]
        runs.append(_tidy(results.assign(system=system), seed, names))
    results = pd.concat(runs, ignore_index=True)
    table = summarize(results)
    caption = _caption(
        "Emotion classifiers trained with a share of the EmoDB emotion labels "
        "(speaker and gender labels on every training row);",
        folds, groups, seeds, f"AAEs trained {max_epochs} epochs",
    )  # fmt: skip
    _write(out, "label_fractions", results, table, caption,
           plot_label_fractions(results))  # fmt: skip
    return results, table
