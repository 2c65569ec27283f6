"""Latif's feature-level evaluations on the bundled features, as experiments.

:func:`run_augmentation` (Latif et al., Interspeech 2020, Tables 3 and 4) and
:func:`run_label_fractions` (Latif et al., IEEE TAFFC 2022, Fig. 1) run the
evaluations of :mod:`skser.evaluation` on bundled EmoDB -> URDU and write the tidy
results, a table, the figures and ``report.html``, as ``skser augment`` and
``skser label-fractions`` do; :func:`run_robustness` does the same for
:func:`skser.evaluation.robustness_experiment` (``skser robustness``).
"""

import time
from pathlib import Path

import pandas as pd
from sklearn.preprocessing import StandardScaler

from skser.datasets import load_bundled
from skser.evaluation import (
    AUGMENTATION_MODELS,
    TRAIN_CLASSES,
    augmentation_results,
    bundled_corpora,
    corpus_name,
    label_fraction_results,
    render_table,
    robustness_experiment,
    robustness_table,
    seed_list,
    summarize,
)
from skser.experiments._protocol_runs import _output_folder
from skser.experiments._report import call_text, write_report


def _caption(what, folds, groups, seeds, training):
    grouped = f"{groups}-independent" if groups else "stratified"
    return (
        f"{what} EmoDB → URDU, classes {', '.join(TRAIN_CLASSES)}; {folds} "
        f"{grouped} EmoDB folds × {len(seeds)} seed{'s' * (len(seeds) > 1)}, "
        f"{training}; balanced accuracy (UAR), mean ± std over folds × seeds. "
        "Each fold standardises EmoDB with its training rows; URDU is standardised "
        "with its own statistics and scored whole."
    )


def _write(out, name, results, table, caption, figure):
    out = Path(out)
    results.to_csv(out / f"{name}.csv", index=False)
    (out / f"{name}.md").write_text(render_table(table, caption=caption) + "\n")
    (out / f"{name}.tex").write_text(
        render_table(table, "latex", caption=caption) + "\n"
    )
    figure.savefig(out / f"{name}.png", dpi=150)


def _source_rows():
    """Return the bundled EmoDB rows the evaluations train on, standardised."""
    X, y = next(iter(bundled_corpora().values()))  # the source comes first
    return StandardScaler().fit_transform(X.to_numpy(float)), y


def _bundled_table():
    """One row per bundled corpus: its rows and the rows of the four classes used."""
    rows = []
    for position, (name, (X, _)) in enumerate(bundled_corpora().items()):
        total = len(load_bundled(name)[0])
        rows.append({
            "corpus": corpus_name(name),
            "role": "source (folds)" if position == 0 else "transfer (test only)",
            "rows": total,
            "rows used": f"{len(X)} of {', '.join(TRAIN_CLASSES)}",
            "rows left out": total - len(X),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _figures_and_report(out, title, run, extra_figures, trained, started):
    """Draw the training history and the corpus overview; write ``report.html``.

    ``run`` is (table, caption, settings, command, seed); ``extra_figures`` the
    figures already written, {file name: caption}; ``trained`` the networks
    fitted once on every EmoDB training row, with ``seed``.
    """
    import matplotlib.pyplot as plt

    from skser.plotting import plot_corpus_overview, plot_training_history

    out = Path(out)
    table, caption, settings, command, seed = run
    figures = dict(extra_figures)
    if trained:
        plot_training_history(trained).savefig(out / "training.png", dpi=120)
        figures["training.png"] = (
            "Training history of each network fitted once on every EmoDB training "
            f"row (seed {seed}): each loss term per "
            "epoch. A curve still falling at the end had not converged."
        )
    corpora = {corpus_name(n): data for n, data in bundled_corpora().items()}
    plot_corpus_overview(corpora).savefig(out / "corpora.png", dpi=120)
    figures["corpora.png"] = (
        "The bundled eGeMAPS rows of the four classes, standardised together and "
        "projected to two dimensions, coloured by corpus (left) and by emotion "
        "(right)."
    )
    plt.close("all")
    write_report(
        out, title, table=table, caption=caption, figures=figures,
        settings=settings, corpora=_bundled_table(), command=command,
        elapsed=time.perf_counter() - started,
    )  # fmt: skip


def _fold_words(folds, groups):
    return (
        f"{folds} {groups}-independent EmoDB folds"
        if groups
        else f"{folds} stratified EmoDB folds (speakers not held out)"
    )


def run_augmentation(
    out="skser-augmentation",
    folds=5,
    random_state=(0, 1, 2),
    progress=True,
    *,
    groups="speaker",
    max_epochs=100,
    ablation=True,
    command=None,
):
    """Classifiers on real, synthetic and real + synthetic rows: EmoDB -> URDU.

    Runs :func:`skser.evaluation.evaluate_augmentation` on the bundled
    EmoDB features of neutral, sad, happy and angry (folds that hold out
    speakers), scoring the held-out EmoDB rows and the URDU rows outside the
    20 % that standardise it (as the protocol does), once per seed, with the
    mixup GAN and (``ablation``) a plain conditional GAN. This is
    the evaluation of Latif et al. (2020, Tables 3 and 4); the classifier is
    ``evaluate_augmentation``'s default MLP.

    Parameters
    ----------
    out : str or os.PathLike, default="skser-augmentation"
        Output folder: ``augmentation.csv`` (tidy results), ``.md`` and ``.tex``
        (the table), ``.png`` (the figure), ``training.png`` (each GAN's loss
        terms per epoch, fitted once on all EmoDB training rows), ``corpora.png``
        (the corpora in two dimensions) and ``report.html`` (all of it on one
        page, :func:`write_report`).
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
    command : str, default=None
        The command line shown in ``report.html``; by default the Python call.

    Returns
    -------
    results : DataFrame
        Tidy rows (``seed``, ``fold``, ``model``, ``corpus``, ``role``,
        ``metric``, ``value``, plus ``gan`` and ``train``).
    table : DataFrame
        :func:`summarize` of ``results``.

    See Also
    --------
    skser.evaluation.evaluate_augmentation : The same on any corpora.
    """
    from skser.augmentation import MixupGANAugmenter
    from skser.plotting import plot_results

    started = time.perf_counter()
    given = {
        "out": str(out),
        "folds": folds,
        "random_state": random_state,
        "groups": groups,
        "max_epochs": max_epochs,
        "ablation": ablation,
    }
    command = command or call_text(run_augmentation, given)  # fmt: skip
    _output_folder(out)
    seeds = seed_list(random_state)
    results = augmentation_results(folds, seeds, groups, max_epochs, ablation,
                                   progress)  # fmt: skip
    table = summarize(results)
    caption = _caption(
        "Classifiers trained on real, synthetic (as many rows per class as the "
        "real training rows) and real + synthetic eGeMAPS rows;",
        folds, groups, seeds, f"GANs trained {max_epochs} epochs",
    )  # fmt: skip
    figure = plot_results(results, references=[AUGMENTATION_MODELS["mixup", "real"]])
    _write(out, "augmentation", results, table, caption, figure)
    X_all, y_all = _source_rows()
    gan = MixupGANAugmenter(max_epochs=max_epochs, random_state=seeds[0])
    gans = {"mixup GAN": gan}
    if ablation:
        gans["plain cGAN"] = MixupGANAugmenter(
            max_epochs=max_epochs, random_state=seeds[0], mixup_alpha=None
        )
    trained = {}
    for name, model in gans.items():
        model.fit_resample(X_all, y_all["emotion"].to_numpy())
        trained[name] = model
    settings = {
        "Evaluation": "Latif et al. (2020), Tables 3 and 4",
        "Folds": _fold_words(folds, groups),
        "Seeds": ", ".join(map(str, seeds)),
        "GANs": "mixup GAN" + (" and plain cGAN (ablation)" if ablation else ""),
        "GAN epochs": str(max_epochs),
        "Classifier": "MLPClassifier((64,), max_iter=300)",
    }
    _figures_and_report(
        out, "GAN augmentation: EmoDB → URDU",
        (table, caption, settings, command, seeds[0]),
        {"augmentation.png": "Balanced accuracy (UAR, 4 classes) of classifiers "
         "trained on real, synthetic and real + synthetic rows: bars are means, "
         "error bars ±1 standard deviation over folds × seeds."},
        trained, started,
    )  # fmt: skip
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
    command=None,
):
    """Multi-task vs single-task AAE vs supervised MLP at few emotion labels.

    Runs :func:`skser.evaluation.evaluate_label_fractions` on the bundled EmoDB
    features of neutral, sad, happy and angry (folds that hold out speakers;
    speaker and gender labels on every training row, emotion labels on a
    stratified ``fraction`` of them), scoring the held-out EmoDB rows and the
    URDU rows outside the 20 % that standardise it (as the protocol does), once
    per seed: the comparison of Latif et al. (2022, Fig. 1).

    Parameters
    ----------
    out : str or os.PathLike, default="skser-label-fractions"
        Output folder: ``label_fractions.csv`` (tidy results), ``.md`` and
        ``.tex`` (the table), ``.png`` (the figure), ``training.png`` (the AAEs'
        loss terms per epoch, fitted once on all EmoDB training rows with every
        label), ``corpora.png`` and ``report.html`` (:func:`write_report`).
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
    command : str, default=None
        The command line shown in ``report.html``; by default the Python call.

    Returns
    -------
    results : DataFrame
        Tidy rows (``seed``, ``fold``, ``model``, ``corpus``, ``role``,
        ``metric``, ``value``, plus ``system`` and ``fraction``).
    table : DataFrame
        :func:`summarize` of ``results``, one row per system and fraction.

    See Also
    --------
    skser.evaluation.evaluate_label_fractions : The same on any corpora.
    skser.plotting.plot_label_fractions : The figure.
    """
    from skser.latent import MultiTaskAAE
    from skser.plotting import plot_label_fractions

    started = time.perf_counter()
    given = {
        "out": str(out),
        "folds": folds,
        "random_state": random_state,
        "groups": groups,
        "fractions": fractions,
        "max_epochs": max_epochs,
    }
    command = command or call_text(run_label_fractions, given)  # fmt: skip
    _output_folder(out)
    seeds = seed_list(random_state)
    results = label_fraction_results(folds, seeds, groups, fractions,
                                     max_epochs, progress)  # fmt: skip
    table = summarize(results)
    caption = _caption(
        "Emotion classifiers trained with a share of the EmoDB emotion labels "
        "(speaker and gender labels on every training row);",
        folds, groups, seeds, f"AAEs trained {max_epochs} epochs",
    )  # fmt: skip
    _write(out, "label_fractions", results, table, caption,
           plot_label_fractions(results))  # fmt: skip
    X_all, y_all = _source_rows()
    heads = {
        "multi-task AAE": {"emotion": 1.0, "speaker": 0.5, "gender": 0.5},
        "single-task AAE": {"emotion": 1.0},
    }
    trained = {
        name: MultiTaskAAE(targets=targets, max_epochs=max_epochs,
                           random_state=seeds[0]).fit(X_all, y_all)
        for name, targets in heads.items()
    }  # fmt: skip
    settings = {
        "Evaluation": "Latif et al. (2022), Fig. 1",
        "Folds": _fold_words(folds, groups),
        "Seeds": ", ".join(map(str, seeds)),
        "Shares of emotion labels": ", ".join(f"{f:.0%}" for f in fractions),
        "AAE epochs": str(max_epochs),
        "Heads": "multi-task: emotion 1.0, speaker 0.5, gender 0.5; single-task: "
        "emotion; supervised: an MLP of the AAE's hidden sizes",
    }
    _figures_and_report(
        out, "Few emotion labels: multi-task vs single-task AAE vs supervised MLP",
        (table, caption, settings, command, seeds[0]),
        {"label_fractions.png": "Balanced accuracy (UAR, 4 classes) against the "
         "share of EmoDB emotion labels kept: points are means, error bars ±1 "
         "standard deviation over folds × seeds."},
        trained, started,
    )  # fmt: skip
    return results, table


def run_robustness(data_root, out="skser-robustness", *, command=None, **experiment):
    """Score models under noise, FGSM and other corpora, and write the outputs.

    Runs :func:`skser.evaluation.robustness_experiment` (Latif et al.,
    Interspeech 2020) and writes ``robustness.csv``, ``robustness.png``,
    ``training.png`` (each network's loss per epoch, when networks are trained)
    and ``report.html`` (:func:`write_report`).

    Parameters
    ----------
    data_root : str or os.PathLike
        Folder holding one folder per corpus (``emodb/``, ``urdu/``, ...).
    out : str or os.PathLike, default="skser-robustness"
        Output folder, created if needed.
    command : str, default=None
        The command line shown in ``report.html``; by default the Python call.
    **experiment : dict
        As for :func:`skser.evaluation.robustness_experiment` (``source``,
        ``targets``, ``models``, ``duration``, ``max_epochs``, ...).

    Returns
    -------
    results : DataFrame
        The experiment's frame.
    """
    import inspect

    import matplotlib.pyplot as plt

    from skser.plotting import plot_robustness, plot_training_history

    started = time.perf_counter()
    given = {"data_root": str(data_root), "out": str(out), **experiment}
    command = command or call_text(run_robustness, given)
    out = _output_folder(out)
    results, models = robustness_experiment(data_root, return_models=True, **experiment)
    results.to_csv(out / "robustness.csv", index=False)
    plot_robustness(results).savefig(out / "robustness.png", dpi=120)
    figures = {
        "robustness.png": "UAR (4 classes) of each model on the held-out source "
        "speakers, clean and under white noise, babble noise and FGSM, and on "
        "other corpora."
    }
    trained = {name: m for name, m in models.items() if hasattr(type(m), "history_")}
    if trained:
        plot_training_history(trained).savefig(out / "training.png", dpi=120)
        figures["training.png"] = (
            "Training history of each network: its loss per epoch on the source's "
            "training speakers."
        )
    plt.close("all")
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(
            robustness_experiment
        ).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    settings = {**defaults, **experiment}
    settings.pop("return_models", None)
    counts = results[results["metric"] == "n_scored"]
    clean = counts[counts["condition"] == "clean"]
    other = counts[counts["condition"] == "cross-corpus"]
    corpora = pd.DataFrame(
        [{"corpus": corpus_name(settings["source"]), "role": "source",
          "rows scored": int(clean["value"].max()) if len(clean) else 0,
          "rows used": f"neutral, sad, happy, angry; {settings['test_size']:.0%} "
          "of the speakers held out and scored"}]
        + [{"corpus": corpus_name(name), "role": "other corpus (test only)",
            "rows scored": int(rows["value"].max()),
            "rows used": "neutral, sad, happy, angry"}
           for name, rows in other.groupby("corpus", sort=False)]
    )  # fmt: skip
    write_report(
        out, f"Robustness: {corpus_name(settings['source'])}",
        table=robustness_table(results),
        caption="UAR (unweighted average recall, 4 classes) per model and "
        "condition; one split of the source's speakers.",
        figures=figures,
        settings={key.replace("_", " ").capitalize(): str(value)
                  for key, value in settings.items()},
        corpora=corpora, command=command, elapsed=time.perf_counter() - started,
    )  # fmt: skip
    return results
