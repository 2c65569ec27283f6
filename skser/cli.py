"""The ``skser`` command: ``skser demo``, ``skser evaluate``, ``skser extract``."""

import argparse
import sys
from pathlib import Path

import pandas as pd
from sklearn.base import clone
from sklearn.svm import LinearSVC

from skser.attribution import compare_classes, feature_attributions, group_attributions
from skser.compose import TargetColumn, make_pipeline
from skser.datasets import LOADERS, load_bundled, to_class_set
from skser.datasets._common import AUDIO_SUFFIXES, DAS_LABEL_CORPORA
from skser.evaluation import (
    cross_corpus_validate,
    latent_codes,
    paper_models,
    render_table,
    summarize,
)
from skser.features import EGeMAPSExtractor
from skser.persistence import predict_files, train_and_save
from skser.plotting import (
    plot_group_attributions,
    plot_latent,
    plot_latent_density,
    plot_results,
)

__all__ = ["main", "run_demo", "run_evaluate", "run_extract", "run_protocol"]


def _features(corpus, root, labels=None, cache=None, n_jobs=None, progress=True):
    """Load a corpus folder and extract its features: (frame, features)."""
    if corpus == "files":
        paths = sorted(
            str(p) for p in Path(root).rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES
        )
        frame = pd.DataFrame({"path": paths})
    elif labels:
        if corpus not in DAS_LABEL_CORPORA:
            raise ValueError(
                f"--labels: Das et al. (2022) annotated {', '.join(DAS_LABEL_CORPORA)} "
                f"only, not {corpus}; leave --labels out for it"
            )
        frame = LOADERS[corpus](root, labels=labels)
    else:
        frame = LOADERS[corpus](root)
    extractor = EGeMAPSExtractor(
        cache=cache, n_jobs=n_jobs, progress=progress
    ).set_output(transform="pandas")
    return frame, extractor.fit_transform(frame)


def _attribution_outputs(models, source, out):
    """Attribute DAE and MetricDAE (activation) decisions to feature groups.

    Each is fitted on the 4-class rows of the whole source with a LinearSVC on its
    code; Integrated Gradients attribute the class scores to the features.
    """
    X, y = source
    four = to_class_set(y["emotion"].to_numpy()).notna().to_numpy()
    X, y = X[four], y[four]
    tables, comparisons = {}, []
    for name in ["DAE", "MetricDAE (activation)"]:
        steps = [step for _, step in clone(models[name]).steps]
        classifier = TargetColumn(LinearSVC(max_iter=10_000), "emotion")
        pipe = make_pipeline(*steps, classifier).fit(X, y)
        attributions = feature_attributions(pipe, X, y["emotion"])
        tables[name] = group_attributions(attributions)
        comparisons.append(compare_classes(attributions).assign(model=name))
    long = pd.concat(
        {name: table.stack().rename("attribution") for name, table in tables.items()},
        names=["model", "output", "class", "group"],
    ).reset_index()
    long.to_csv(out / "attribution.csv", index=False)
    pd.concat(comparisons).to_csv(out / "attribution_tests.csv", index=False)
    figure = plot_group_attributions(tables)
    figure.savefig(out / "attribution.png", dpi=120, bbox_inches="tight")
    return tables


def run_protocol(source, targets, out, folds=5, random_state=0, n_jobs=None,
                 progress=True, attribution=False, **model_params):  # fmt: skip
    """Run the cross-corpus protocol with the papers' models and write its outputs.

    Writes ``results.csv`` (tidy), ``table.md`` and ``table.tex`` (mean ± std over
    folds), ``latent.png`` (MetricDAE on activation, fitted on the whole source:
    codes coloured by activation), ``density.png`` (each target's latent density
    over the source's) and ``results.png`` (4-class balanced accuracy).

    Parameters
    ----------
    source : (X, y)
        Source corpus; ``y`` has emotion, activation, valence and corpus.
    targets : dict of str to (X, y)
        Transfer corpora.
    out : str or os.PathLike
        Output folder, created if needed.
    folds : int, default=5
        Folds of the source.
    random_state : int, default=0
        Seed of folds, adaptation split and models.
    n_jobs : int, default=None
        Parallel fits.
    progress : bool, default=True
        Progress bar over folds x models.
    attribution : bool, default=False
        Also attribute the decisions of DAE and MetricDAE (activation), fitted on
        the source's 4-class rows, to eGeMAPS feature groups: writes
        ``attribution.csv``, ``attribution_tests.csv`` and ``attribution.png``.
    **model_params : dict
        Settings for every latent model (e.g. ``max_epochs``).

    Returns
    -------
    results : DataFrame
        The tidy results.
    table : DataFrame
        The summary table.
    """
    import matplotlib

    matplotlib.use("Agg")  # files only: no window
    import matplotlib.pyplot as plt

    models = paper_models(random_state, **model_params)
    results = cross_corpus_validate(
        models, source, targets, cv=folds, random_state=random_state, n_jobs=n_jobs,
        progress=progress,
    )  # fmt: skip
    table = summarize(results)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    results.to_csv(out / "results.csv", index=False)
    (out / "table.md").write_text(render_table(table, "markdown") + "\n")
    (out / "table.tex").write_text(render_table(table, "latex"))
    codes = latent_codes(
        models["MetricDAE (activation)"], source, targets, random_state=random_state
    )
    source_name = next(iter(codes))
    figures = {
        "latent.png": plot_latent(codes),
        "density.png": plot_latent_density(codes, source_name),
        "results.png": plot_results(results),
    }
    if attribution:
        _attribution_outputs(models, source, out)
    for name, figure in figures.items():
        figure.savefig(out / name, dpi=120, bbox_inches="tight")
    plt.close("all")
    return results, table


def _report(table, out):
    print(render_table(table, "markdown"))
    written = sorted(path.name for path in Path(out).iterdir())
    print(f"written to {out}/: {', '.join(written)}")


def run_demo(out, folds=5, random_state=0, n_jobs=2, progress=True, attribution=False,
             **model_params):  # fmt: skip
    """Run the protocol on the bundled features: EmoDB (German) -> URDU (Urdu).

    Parameters
    ----------
    out : str or os.PathLike
        Output folder.
    folds, random_state, n_jobs, progress, attribution, **model_params
        As for :func:`run_protocol`.

    Returns
    -------
    results, table : DataFrame
        As for :func:`run_protocol`.
    """
    return run_protocol(
        load_bundled("emodb"), {"urdu": load_bundled("urdu")}, out, folds=folds,
        random_state=random_state, n_jobs=n_jobs, progress=progress,
        attribution=attribution, **model_params,
    )  # fmt: skip


def run_extract(corpus, root, out, labels=None, cache=None, n_jobs=None, progress=True):
    """Extract eGeMAPS features of a corpus folder into a CSV file.

    Parameters
    ----------
    corpus : str
        A loader name (``emodb``, ``urdu``, ...) or ``"files"`` for every audio
        file under ``root`` with no labels.
    root : str or os.PathLike
        The corpus folder.
    out : str or os.PathLike
        The CSV file to write: the loader's columns, then the 88 features.
    labels : str or os.PathLike, default=None
        Das et al. (2022) activation/valence labels (file or folder).
    cache, n_jobs, progress
        As for :class:`~skser.EGeMAPSExtractor`.

    Returns
    -------
    table : DataFrame
        What was written.
    """
    frame, features = _features(corpus, root, labels, cache, n_jobs, progress)
    table = pd.concat([frame, features], axis=1)
    table.to_csv(out, index=False)
    return table


def run_evaluate(source, targets, out, labels=None, cache=None, n_jobs=None, folds=5,
                 random_state=0, progress=True, attribution=False):  # fmt: skip
    """Extract features of corpus folders and run the protocol on them.

    Parameters
    ----------
    source : (str, str)
        Loader name and folder of the source corpus.
    targets : list of (str, str)
        Loader names and folders of the transfer corpora.
    out : str or os.PathLike
        Output folder (see :func:`run_protocol`).
    labels : str or os.PathLike, default=None
        Folder of the Das et al. (2022) label files.
    cache, n_jobs
        Feature cache folder and parallel jobs.
    folds, random_state, progress, attribution
        As for :func:`run_protocol`.

    Returns
    -------
    results, table : DataFrame
        As for :func:`run_protocol`.
    """

    def corpus(name, root):
        frame, features = _features(name, root, labels, cache, n_jobs, progress)
        return features, frame.drop(columns="path")

    return run_protocol(
        corpus(*source), {name: corpus(name, root) for name, root in targets}, out,
        folds=folds, random_state=random_state, n_jobs=n_jobs, progress=progress,
        attribution=attribution,
    )  # fmt: skip


def _named_folder(text):
    name, sep, root = text.partition("=")
    if not sep or name not in LOADERS:
        raise argparse.ArgumentTypeError(
            f"expected NAME=FOLDER with NAME one of {', '.join(LOADERS)}, got {text!r}"
        )
    return name, root


def _protocol_arguments(parser):
    parser.add_argument("--out", default="skser-results", help="output folder")
    parser.add_argument("--folds", type=int, default=5, help="folds of the source")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument("-j", "--n-jobs", type=int, default=2, help="parallel jobs")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--attribution", action="store_true",
        help="also attribute DAE and MetricDAE (activation) decisions to eGeMAPS "
        "feature groups per emotion (attribution.csv, attribution_tests.csv, "
        "attribution.png)",
    )  # fmt: skip


def _train_parser(commands):
    train = commands.add_parser(
        "train",
        help="fit a model on a corpus and write it, with metadata, to a file",
        description="Fit one of the papers' pipelines (EGeMAPSExtractor, "
        "OutlierFilter, StandardScaler, latent model, classifier on emotion) on the "
        "neutral, sad, happy and angry rows of a corpus folder or of the bundled "
        "features, and write it with its metadata (versions, feature set, classes, "
        "training corpus, date) for 'skser predict'.",
    )
    where = train.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--corpus", type=_named_folder, metavar="NAME=FOLDER",
        help=f"corpus folder: loader name ({', '.join(LOADERS)}) and folder",
    )  # fmt: skip
    where.add_argument(
        "--bundled", choices=["emodb", "urdu"], help="the bundled features"
    )
    train.add_argument("-o", "--out", required=True, help="model file to write")
    train.add_argument(
        "--model", default="MetricDAE (activation)",
        help="eGeMAPS, DAE, 'MetricDAE (activation)', 'MetricDAE (valence)', "
        "ClusterDAE, VAE or ClusterVAE (default: %(default)s)",
    )  # fmt: skip
    train.add_argument(
        "--classifier", choices=["linear-svc", "logistic"], default="linear-svc",
        help="linear-svc (the papers') or logistic (gives class probabilities)",
    )  # fmt: skip
    train.add_argument("--classes", choices=["4class", "3class"], default="4class")
    train.add_argument("--max-epochs", type=int, help="epochs of the latent model")
    train.add_argument("--labels", help="folder of Das et al. (2022) label CSVs")
    train.add_argument("--cache", help="folder of a persistent feature cache")
    train.add_argument("--seed", type=int, default=0, help="random seed")
    train.add_argument("-j", "--n-jobs", type=int, default=1, help="parallel files")
    train.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _predict_parser(commands):
    predict = commands.add_parser(
        "predict",
        help="predict the emotion of audio files with a saved model",
        description="Extract eGeMAPS features of audio files and print one CSV row "
        "per file: path, predicted emotion and, when the model's classifier has "
        "them, class probabilities.",
    )
    predict.add_argument("model", help="model file written by 'skser train'")
    predict.add_argument("files", nargs="+", help="audio files")
    predict.add_argument("-o", "--out", help="CSV file to write (default: stdout)")
    predict.add_argument("-j", "--n-jobs", type=int, default=1, help="parallel files")
    predict.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _parser():
    parser = argparse.ArgumentParser(
        prog="skser",
        description="Transferable speech emotion recognition on eGeMAPS features.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo",
        help="cross-corpus demo on the bundled features: EmoDB (German) -> URDU",
        description="Train the papers' models (DAE, MetricDAE on activation and on "
        "valence, ClusterDAE, VAE, ClusterVAE) and the raw-eGeMAPS references on "
        "the bundled EmoDB features with 5-fold cross-validation; score them on the "
        "held-out folds and on URDU, standardised with 20%% of its own rows. Writes "
        "results.csv, table.md, table.tex and three figures. No corpus needed.",
    )
    _protocol_arguments(demo)

    evaluate = commands.add_parser(
        "evaluate",
        help="the cross-corpus protocol on corpus folders you have",
        description="Extract eGeMAPS features (openSMILE, research use only) of a "
        "source and transfer corpora, read with skser's loaders, and run the same "
        "protocol and outputs as 'skser demo'.",
    )
    evaluate.add_argument(
        "--source", required=True, type=_named_folder, metavar="NAME=FOLDER",
        help=f"source corpus: loader name ({', '.join(LOADERS)}) and folder",
    )  # fmt: skip
    evaluate.add_argument(
        "--target", required=True, action="append", type=_named_folder,
        metavar="NAME=FOLDER", help="transfer corpus (repeat for several)",
    )  # fmt: skip
    evaluate.add_argument("--labels", help="folder of Das et al. (2022) label CSVs")
    evaluate.add_argument("--cache", help="folder of a persistent feature cache")
    _protocol_arguments(evaluate)

    extract = commands.add_parser(
        "extract",
        help="extract eGeMAPS features of a corpus folder to a CSV file",
        description="Extract the 88 eGeMAPS functionals (openSMILE, 16 kHz) of every "
        "file of a corpus folder, with the loader's label columns. openSMILE is "
        "free for research use only.",
    )
    extract.add_argument(
        "corpus",
        choices=[*LOADERS, "files"],
        help="corpus layout to read ('files': every audio file, no labels)",
    )
    extract.add_argument("root", help="corpus folder")
    extract.add_argument("-o", "--out", required=True, help="CSV file to write")
    extract.add_argument("--labels", help="Das et al. (2022) label CSV or folder")
    extract.add_argument("--cache", help="folder of a persistent feature cache")
    extract.add_argument("-j", "--n-jobs", type=int, default=1, help="parallel files")
    extract.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _train_parser(commands)
    _predict_parser(commands)
    return parser


def main(argv=None):
    """Run the ``skser`` command line."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            _, table = run_demo(
                args.out, folds=args.folds, random_state=args.seed,
                n_jobs=args.n_jobs, progress=not args.quiet,
                attribution=args.attribution,
            )  # fmt: skip
            _report(table, args.out)
        elif args.command == "evaluate":
            _, table = run_evaluate(
                args.source, args.target, args.out, labels=args.labels,
                cache=args.cache, n_jobs=args.n_jobs, folds=args.folds,
                random_state=args.seed, progress=not args.quiet,
                attribution=args.attribution,
            )  # fmt: skip
            _report(table, args.out)
        elif args.command == "extract":
            table = run_extract(
                args.corpus,
                args.root,
                args.out,
                labels=args.labels,
                cache=args.cache,
                n_jobs=args.n_jobs,
                progress=not args.quiet,
            )
            print(f"written: {args.out} ({len(table)} files, 88 features)")
        elif args.command == "train":
            metadata = train_and_save(
                args.out, corpus=args.corpus, bundled=args.bundled,
                labels=args.labels, model=args.model, classifier=args.classifier,
                class_set=args.classes, max_epochs=args.max_epochs,
                random_state=args.seed, cache=args.cache, n_jobs=args.n_jobs,
                progress=not args.quiet,
            )  # fmt: skip
            print(f"written: {args.out} ({metadata['model_name']} on "
                  f"{metadata['training_corpus']}, {metadata['n_training_rows']} "
                  f"rows, classes {', '.join(metadata['classes'])})")  # fmt: skip
        elif args.command == "predict":
            table = predict_files(
                args.model, args.files, n_jobs=args.n_jobs, progress=not args.quiet
            )
            table.to_csv(args.out or sys.stdout, index=False)
    except (OSError, ValueError) as exc:
        print(f"skser {args.command}: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
