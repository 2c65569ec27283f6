"""The experiments behind ``skser demo`` and ``skser evaluate``: the protocol's runs.

Which models run, which files are written, and the defaults: declared here once,
so Python and the command line do the same thing. Reading corpus folders into
features is :mod:`skser.experiments._corpus_features`.
"""

import inspect
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd
from sklearn.base import clone
from sklearn.svm import LinearSVC

from skser.compose import TargetColumn, make_pipeline
from skser.datasets import load_bundled, to_class_set
from skser.evaluation import (
    MODEL_NAMES,
    corpus_label,
    corpus_name,
    cross_corpus_validate,
    latent_codes,
    paper_models,
    render_table,
    summarize,
    table_caption,
)
from skser.experiments._corpus_features import corpus_features
from skser.experiments._figures import FIGURE_MODEL, _protocol_figures
from skser.experiments._report import (
    call_text,
    protocol_corpora,
    protocol_settings,
    write_report,
)
from skser.inspection import compare_classes, feature_attributions, group_attributions
from skser.latent import MetricDAE
from skser.utils import label_column

#: The models whose decisions ``attribution=True`` attributes to feature groups.
ATTRIBUTED_MODELS = (MODEL_NAMES["dae"], MODEL_NAMES["metric_activation"])


def _output_folder(out):
    """Create ``out`` and check that it takes files, before any long work."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise OSError(
            f"cannot write to the output folder {out}: {exc.strerror or exc}; "
            "choose another one"
        ) from None
    return out


def experiment_models(source, random_state=0, **model_params):
    """Return the papers' models that the source's labels can train.

    A MetricDAE learns from activation or valence: when the source has fewer than
    two rows labelled with it, the model would train as a plain DAE, so it is left
    out with a warning that says why.

    Parameters
    ----------
    source : (X, y)
        The source corpus.
    random_state : int, default=0
        Seed of every model.
    **model_params : dict
        Settings for every latent model (e.g. ``max_epochs``).

    Returns
    -------
    models : dict of str to Pipeline
        As :func:`paper_models`, without the MetricDAEs the labels cannot train.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skser.experiments import experiment_models
    >>> y = pd.DataFrame({"emotion": ["sad", "angry"], "activation": np.nan,
    ...                   "valence": [1.0, 5.0]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     sorted(experiment_models((np.zeros((2, 3)), y)))
    ['ClusterDAE', 'ClusterVAE', 'DAE', 'MetricDAE (valence)', 'VAE']
    """
    _, y = source
    models = paper_models(random_state, **model_params)
    for name, model in list(models.items()):
        latent = model[-1]
        if not isinstance(latent, MetricDAE):
            continue
        labelled = int(y[latent.target].notna().sum()) if latent.target in y else 0
        if labelled < 2:
            warnings.warn(
                f"{name} left out: the source has {labelled} row(s) labelled with "
                f"{latent.target!r}, so its metric loss could not train (it would "
                "equal DAE); give the source activation/valence labels, e.g. "
                "Das et al.'s (skser evaluate --labels)",
                UserWarning,
                stacklevel=2,
            )
            del models[name]
    return models


def _attribution_outputs(models, source, out):
    """Attribute the decisions of :data:`ATTRIBUTED_MODELS` to feature groups.

    Each is fitted on the 4-class rows of the whole source with a LinearSVC on its
    code; Integrated Gradients attribute the class scores to the features.
    """
    X, y = source
    four = to_class_set(label_column(y, "emotion").to_numpy()).notna().to_numpy()
    X, y = X[four], y[four]
    tables, comparisons = {}, []
    for name in [name for name in ATTRIBUTED_MODELS if name in models]:
        steps = [step for _, step in clone(models[name]).steps]
        classifier = TargetColumn(LinearSVC(max_iter=10_000), "emotion")
        pipe = make_pipeline(*steps, classifier).fit(X, y)
        attributions = feature_attributions(pipe, X, label_column(y, "emotion"))
        tables[name] = group_attributions(attributions)
        comparisons.append(compare_classes(attributions).assign(model=name))
    if not tables:
        return None
    from skser.plotting import plot_group_attributions

    long = pd.concat(
        {name: table.stack().rename("attribution") for name, table in tables.items()},
        names=["model", "output", "class", "group"],
    ).reset_index()
    long.to_csv(out / "attribution.csv", index=False)
    pd.concat(comparisons).to_csv(out / "attribution_tests.csv", index=False)
    figure = plot_group_attributions(
        tables,
        pd.concat(comparisons),
        method="Integrated Gradients",
        corpus=corpus_name(corpus_label(y)),
    )
    figure.savefig(out / "attribution.png", dpi=120, bbox_inches="tight")
    return tables


def run_protocol(
    source,
    targets,
    out,
    folds=5,
    random_state=0,
    n_jobs=None,
    progress=True,
    attribution=False,
    *,
    groups=None,
    adapt_fraction=0.2,
    extra=None,
    command=None,
    started=None,
    **model_params,
):
    """Run the cross-corpus protocol with the papers' models and write its outputs.

    Writes ``results.csv`` (tidy), ``predictions.csv`` (every scored row's true
    and predicted emotion), ``table.md`` and ``table.tex`` (mean ± std with a
    caption), ``latent.png`` (MetricDAE on activation, fitted on the whole
    source: codes coloured by activation), ``density.png`` (each target's latent
    density over the source's), ``results.png`` (4-class balanced accuracy),
    ``confusion.png`` (4-class confusion matrices), ``training.png`` (each loss
    term per epoch of every latent model, fitted once more on the whole source),
    ``corpora.png`` (every corpus's eGeMAPS rows in two dimensions), and
    ``report.html``: all of it on one self-contained page (see
    :func:`write_report`).

    Parameters
    ----------
    source : (X, y)
        Source corpus; ``y`` has emotion, activation, valence and corpus.
    targets : dict of str to (X, y)
        Transfer corpora.
    out : str or os.PathLike
        Output folder, created if needed; checked before any training.
    folds : int, default=5
        Folds of the source.
    random_state : int or sequence of int, default=0
        Seed(s) of folds, adaptation split and models; the protocol runs once per
        seed.
    n_jobs : int, default=None
        Parallel fits.
    progress : bool, default=True
        Progress bar over seeds x folds x models.
    attribution : bool, default=False
        Also attribute the decisions of DAE and MetricDAE (activation), fitted on
        the source's 4-class rows, to eGeMAPS feature groups: writes
        ``attribution.csv``, ``attribution_tests.csv`` and ``attribution.png``.
    groups : str, default=None
        Label column for group-independent folds (``"speaker"``).
    adapt_fraction : float, default=0.2
        Fraction of each transfer corpus that standardises it.
    extra : (DataFrame, DataFrame), default=None
        Results and predictions of further models run through
        :func:`cross_corpus_validate` with the same settings on other inputs
        (e.g. the SUPERB reference on audio paths), added to every output.
    command : str, default=None
        The command line shown in the report; by default the Python call.
    started : float, default=None
        ``time.perf_counter()`` when the experiment began (e.g. before feature
        extraction), for the report's run time; by default when this call began.
    **model_params : dict
        Settings for every latent model (e.g. ``max_epochs``).

    Returns
    -------
    results : DataFrame
        The tidy results.
    table : DataFrame
        The summary table.

    See Also
    --------
    cross_corpus_validate : The protocol itself.
    """
    import matplotlib.pyplot as plt  # the caller's backend: the CLI sets Agg

    started = time.perf_counter() if started is None else started
    if command is None:
        given = {
            "out": str(out),
            "folds": folds,
            "random_state": random_state,
            "groups": groups,
            "adapt_fraction": adapt_fraction,
            **model_params,
        }
        command = call_text(run_protocol, given)  # fmt: skip
    out = _output_folder(out)
    seeds = [random_state] if isinstance(random_state, int) else list(random_state)
    models = experiment_models(source, seeds[0], **model_params)
    results, predictions = cross_corpus_validate(
        models, source, targets, cv=folds, random_state=seeds, n_jobs=n_jobs,
        progress=progress, groups=groups, adapt_fraction=adapt_fraction,
        return_predictions=True,
    )  # fmt: skip
    if extra is not None:
        results = pd.concat([results, extra[0]], ignore_index=True)
        predictions = pd.concat([predictions, extra[1]], ignore_index=True)
    table = summarize(results)
    results.to_csv(out / "results.csv", index=False)
    predictions.to_csv(out / "predictions.csv", index=False)
    (out / "table.md").write_text(render_table(table, "markdown") + "\n")
    (out / "table.tex").write_text(render_table(table, "latex"))
    codes = None
    if FIGURE_MODEL in models:
        codes = latent_codes(
            models[FIGURE_MODEL], source, targets, adapt_fraction, seeds[0]
        )
    figures = _protocol_figures(
        models, source, targets, predictions, results, codes, seeds[0], n_jobs
    )
    if attribution and _attribution_outputs(models, source, out) is not None:
        figures["attribution.png"] = (
            None,
            "Integrated Gradients attributions of DAE and MetricDAE (activation) "
            "decisions to eGeMAPS feature groups per emotion; stars: the class "
            "differs from neutral (Holm-corrected).",
        )
    for name, (figure, _) in figures.items():
        if figure is not None:
            figure.savefig(out / name, dpi=120, bbox_inches="tight")
    plt.close("all")
    source_name = corpus_name(corpus_label(source[1]))
    write_report(
        out, f"Cross-corpus protocol: {source_name} → "
        + ", ".join(corpus_name(t) for t in targets),
        table=table, caption=table_caption(table),
        figures={name: caption for name, (_, caption) in figures.items()},
        settings=protocol_settings(
            results,
            [*models, *([] if extra is None else dict.fromkeys(extra[0]["model"]))],
            model_params,
        ),
        corpora=protocol_corpora(results, targets, table), command=command,
        elapsed=time.perf_counter() - started,
    )  # fmt: skip
    return results, table


def run_demo(
    out="skser-results",
    folds=5,
    random_state=(0, 1, 2),
    n_jobs=2,
    progress=True,
    attribution=False,
    *,
    groups="speaker",
    command=None,
    **model_params,
):
    """Run the protocol on the bundled features: EmoDB (German) -> URDU (Urdu).

    The papers' protocol with speaker-independent folds (no EmoDB speaker is both
    trained on and scored) and three seeds.

    Parameters
    ----------
    out : str or os.PathLike, default="skser-results"
        Output folder.
    folds : int, default=5
        Folds of the source.
    random_state : int or sequence of int, default=(0, 1, 2)
        Seeds; the protocol runs once per seed.
    n_jobs : int, default=2
        Parallel fits.
    progress, attribution, **model_params
        As for :func:`run_protocol`.
    groups : str or None, default="speaker"
        Label column of group-independent folds; None: stratified folds.
    command : str, default=None
        The command line shown in ``report.html``; by default the Python call.

    Returns
    -------
    results, table : DataFrame
        As for :func:`run_protocol`.
    """
    started = time.perf_counter()
    if command is None:
        given = {"out": str(out), "folds": folds, "random_state": random_state,
                 "n_jobs": n_jobs, "attribution": attribution, "groups": groups,
                 **model_params}  # fmt: skip
        command = call_text(run_demo, given)
    _output_folder(out)
    return run_protocol(
        load_bundled("emodb"), {"urdu": load_bundled("urdu")}, out, folds=folds,
        random_state=random_state, n_jobs=n_jobs, progress=progress,
        attribution=attribution, groups=groups, command=command, started=started,
        **model_params,
    )  # fmt: skip


def _speaker_groups(frames):
    """Return "speaker" when every corpus has a speaker id on every row, else None.

    Otherwise warns, naming the corpora without them: their folds are stratified.
    """
    lacking = [
        name
        for name, (frame, _) in frames.items()
        if "speaker" not in frame or frame["speaker"].isna().any()
    ]
    if not lacking:
        return "speaker"
    warnings.warn(
        f"stratified folds, not speaker-independent: corpus {', '.join(lacking)} "
        "has no speaker id on every row (give a manifest a 'speaker' column, or "
        "pass --group COLUMN)",
        UserWarning,
        stacklevel=3,
    )
    return None


def run_evaluate(
    source,
    targets,
    out,
    labels=None,
    cache=None,
    pretrained=None,
    *,
    groups="auto",
    command=None,
    **protocol,
):
    """Extract features of corpus folders and run the protocol on them.

    Parameters
    ----------
    source : (str, str)
        Loader name and folder of the source corpus.
    targets : list of (str, str)
        Loader names and folders of the transfer corpora; every name once, and
        none the source's.
    out : str or os.PathLike
        Output folder (see :func:`run_protocol`), checked first.
    labels : str or os.PathLike, default=None
        Folder of the Das et al. (2022) label files.
    cache : str or os.PathLike, default=None
        Feature cache folder.
    pretrained : str or os.PathLike, default=None
        Local folder of a pretrained speech model (e.g. HuBERT-large): adds the
        SUPERB reference of Das et al. (2022, Table 4),
        :func:`skser.features.superb_pipeline`, to the results, run on the audio
        with the same folds, seeds and adaptation.
    groups : str or None, default="auto"
        Label column whose groups never straddle a fold. "auto": ``"speaker"``
        (speaker-independent folds) when every corpus has a speaker id on every
        row; otherwise stratified folds, with a warning naming the corpora
        without them. None: the papers' stratified folds.
    command : str, default=None
        The command line shown in ``report.html``; by default the Python call.
    **protocol : dict
        As for :func:`run_protocol` (``folds``, ``random_state``, ``n_jobs``,
        ``progress``, ``attribution``, ...).

    Returns
    -------
    results, table : DataFrame
        As for :func:`run_protocol`.
    """
    names = [source[0], *(name for name, _ in targets)]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(
            f"corpus name(s) {', '.join(repeated)} given more than once (source "
            f"{source[0]}, targets {', '.join(n for n, _ in targets)}): the results "
            "of one would overwrite the other's; give each corpus once"
        )
    started = time.perf_counter()
    if command is None:
        given = {"source": source, "targets": targets, "out": str(out),
                 "labels": labels, "groups": groups, **protocol}  # fmt: skip
        command = call_text(run_evaluate, given)
    _output_folder(out)
    n_jobs, progress = protocol.get("n_jobs"), protocol.get("progress", True)

    frames = {
        name: corpus_features(name, root, labels, cache, n_jobs, progress)[:2]
        for name, root in [source, *targets]
    }
    corpora = {
        name: (features, frame.drop(columns="path"))
        for name, (frame, features) in frames.items()
    }
    protocol["groups"] = _speaker_groups(frames) if groups == "auto" else groups
    if pretrained is not None:
        protocol["extra"] = _superb_reference(pretrained, frames, source[0], cache,
                                              protocol)  # fmt: skip
    return run_protocol(
        corpora.pop(source[0]), corpora, out, command=command, started=started,
        **protocol,
    )  # fmt: skip


def _superb_reference(pretrained, frames, source, cache, protocol):
    """Run the SUPERB reference on the corpora's audio with the protocol's settings."""
    from skser.features import superb_pipeline

    defaults = inspect.signature(run_protocol).parameters
    settings = {
        name: protocol.get(name, defaults[name].default)
        for name in ("folds", "random_state", "groups", "adapt_fraction", "progress")
    }
    seeds = settings["random_state"]
    corpora = {
        name: (frame[["path"]], frame.drop(columns="path"))
        for name, (frame, _) in frames.items()
    }
    model = superb_pipeline(pretrained, cache=cache, progress=settings["progress"])
    return cross_corpus_validate(
        {f"SUPERB linear ({Path(pretrained).name})": model},
        corpora.pop(source), corpora, cv=settings["folds"],
        random_state=[seeds] if isinstance(seeds, int) else list(seeds),
        groups=settings["groups"], adapt_fraction=settings["adapt_fraction"],
        references=False, progress=settings["progress"], return_predictions=True,
    )  # fmt: skip
