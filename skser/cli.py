"""The ``skser`` command and its subcommands.

Subcommands: demo, evaluate, extract, train, predict, robustness, end-to-end,
augment, label-fractions. This module sets the matplotlib backend (Agg: files, no
window), parses arguments and calls the public functions of
:mod:`skser.experiments`, whose signatures hold the defaults. Each subcommand is
one ``_<name>_command(commands)`` function that adds its parser and its handler.
"""

import argparse
import inspect
import shlex
import sys
import warnings
from pathlib import Path

from skser.datasets import BUNDLED, LOADERS
from skser.evaluation import render_table, robustness_experiment
from skser.experiments import (
    predict_files,
    run_augmentation,
    run_demo,
    run_evaluate,
    run_extract,
    run_label_fractions,
    run_protocol,
    run_robustness,
    train_and_save,
)
from skser.features import ExtractionError

__all__ = ["main", "run_demo", "run_evaluate", "run_extract", "run_protocol"]


def _option(parser, function, parameter, *flags, **kwargs):
    """Add an option that passes ``parameter`` to ``function`` when given.

    The default is ``function``'s own (shown in the help), not repeated here: an
    option left out is not passed at all.
    """
    default = inspect.signature(function).parameters[parameter].default
    if default is not inspect.Parameter.empty and kwargs.get("action") != "store_true":
        shown = " ".join(map(str, default)) if isinstance(default, tuple) else default
        kwargs["help"] = f"{kwargs.get('help', '')} (default: {shown})"
    parser.add_argument(*flags, dest=parameter, default=argparse.SUPPRESS, **kwargs)


def _run_options(parser, function, groups_from=None):
    """Options of every experiment over folds x seeds: output, folds, seeds, groups.

    ``groups_from`` is the function whose default ``groups`` the help shows, when
    it is not ``function``'s.
    """
    _option(parser, function, "out", "--out", help="output folder")
    _option(parser, function, "folds", "--folds", type=int, help="folds of the source")
    _option(
        parser, function, "random_state", "--seeds", "--seed", type=int, nargs="+",
        metavar="SEED", help="random seeds; the experiment runs once per seed",
    )  # fmt: skip
    _option(
        parser, groups_from or function, "groups", "--group", metavar="COLUMN",
        help="label column whose groups never straddle a fold (speaker: "
        "speaker-independent folds); 'none' for stratified folds",
    )  # fmt: skip
    _option(parser, function, "progress", "-q", "--quiet", action="store_false",
            help="no progress bar")  # fmt: skip


def _protocol_options(parser, function, groups_from=None):
    _run_options(parser, function, groups_from)
    _option(parser, function, "n_jobs", "-j", "--n-jobs", type=int,
            help="parallel jobs")  # fmt: skip
    _option(
        parser, function, "attribution", "--attribution", action="store_true",
        help="also attribute DAE and MetricDAE (activation) decisions to eGeMAPS "
        "feature groups per emotion (attribution.csv, attribution_tests.csv, "
        "attribution.png)",
    )  # fmt: skip


def _protocol_arguments(args):
    """Return the options given on the command line, as keyword arguments."""
    options = {
        k: v
        for k, v in vars(args).items()
        if k not in ("command", "handler", "command_line")
    }
    if options.get("groups") == "none":
        options["groups"] = None
    return options


def _report(table, out):
    print(render_table(table, "markdown"))
    written = sorted(path.name for path in Path(out).iterdir())
    print(f"written to {out}/: {', '.join(written)}")
    print(f"open {Path(out) / 'report.html'} in a browser: everything on one page")


def _demo_command(commands):
    demo = commands.add_parser(
        "demo",
        help="cross-corpus demo on the bundled features: EmoDB (German) -> URDU",
        description="Train the papers' models (DAE, MetricDAE on activation and on "
        "valence, ClusterDAE, VAE, ClusterVAE) and the references (raw eGeMAPS "
        "zero-shot and supervised, MetricDAE with URDU's own labels) on the "
        "bundled EmoDB features of neutral, sad, happy and angry, with "
        "speaker-independent folds and three seeds; score them on the held-out "
        "speakers and on URDU, standardised with 20%% of its own rows. Writes "
        "results.csv, predictions.csv, table.md, table.tex, figures and "
        "report.html (everything on one page). No "
        "corpus needed.",
    )
    _protocol_options(demo, run_demo)

    def handler(args):
        options = _protocol_arguments(args)
        _, table = run_demo(command=args.command_line, **options)
        _report(table, options.get("out", _default(run_demo, "out")))

    demo.set_defaults(handler=handler)


def _default(function, parameter):
    return inspect.signature(function).parameters[parameter].default


def _named_folder(text):
    name, sep, root = text.partition("=")
    if not sep or (name not in LOADERS and not root.lower().endswith(".csv")):
        raise argparse.ArgumentTypeError(
            f"expected NAME=FOLDER with NAME one of {', '.join(LOADERS)}, or "
            f"NAME=MANIFEST.csv for a corpus described by a manifest, got {text!r}"
        )
    return name, root


def _evaluate_command(commands):
    evaluate = commands.add_parser(
        "evaluate",
        help="the cross-corpus protocol on corpus folders you have",
        description="Extract eGeMAPS features (openSMILE, research use only) of a "
        "source and transfer corpora, read with skser's loaders, and run the same "
        "protocol and outputs as 'skser demo'. Folds hold out speakers when every "
        "corpus has speaker ids (--group none: stratified folds). Without "
        "activation/valence labels (--labels) the MetricDAE models are left out, "
        "with a note.",
    )
    evaluate.add_argument(
        "--source", required=True, type=_named_folder, metavar="NAME=FOLDER",
        help=f"source corpus: loader name ({', '.join(LOADERS)}) and folder",
    )  # fmt: skip
    evaluate.add_argument(
        "--target", required=True, action="append", type=_named_folder,
        metavar="NAME=FOLDER", dest="targets",
        help="transfer corpus (repeat for several)",
    )  # fmt: skip
    _option(evaluate, run_evaluate, "labels", "--labels",
            help="folder of Das et al. (2022) label CSVs")  # fmt: skip
    _option(evaluate, run_evaluate, "cache", "--cache",
            help="folder of a persistent feature cache")  # fmt: skip
    _option(
        evaluate, run_evaluate, "pretrained", "--pretrained", metavar="DIR",
        help="local folder of a pretrained speech model (e.g. HuBERT-large): adds "
        "the SUPERB reference (embedding + linear classifier) to the results",
    )  # fmt: skip
    _protocol_options(evaluate, run_protocol, groups_from=run_evaluate)
    evaluate.set_defaults(out="skser-results")

    def handler(args):
        options = _protocol_arguments(args)
        _, table = run_evaluate(command=args.command_line, **options)
        _report(table, options["out"])

    evaluate.set_defaults(handler=handler)


def _extract_command(commands):
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
        help="corpus layout to read ('files': every audio file under ROOT, or the "
        "file ROOT, no labels)",
    )
    extract.add_argument("root", help="corpus folder")
    extract.add_argument(
        "-o", "--out", required=True,
        help="CSV file to write (with --chunk-size: a folder of parquet files)",
    )  # fmt: skip
    _option(extract, run_extract, "labels", "--labels",
            help="Das et al. (2022) label CSV or folder")  # fmt: skip
    _option(extract, run_extract, "cache", "--cache",
            help="folder of a persistent feature cache")  # fmt: skip
    extract.add_argument("-j", "--n-jobs", type=int, default=1, help="parallel files")
    _option(extract, run_extract, "progress", "-q", "--quiet", action="store_false",
            help="no progress bar")  # fmt: skip
    _option(
        extract, run_extract, "on_error", "--on-error",
        choices=["raise", "skip", "nan"],
        help="a file that cannot be read: stop with no CSV (raise), write the "
        "others (skip) or write it with NaN features (nan); failed files are "
        "listed on stderr and in OUT.errors.csv, and the exit code is 1",
    )  # fmt: skip

    _option(
        extract, run_extract, "chunk_size", "--chunk-size", type=int, metavar="N",
        help="write OUT as a folder of parquet files of N files each: memory of one "
        "chunk, and a run that finds OUT from an interrupted one resumes it",
    )  # fmt: skip

    def handler(args):
        options = _protocol_arguments(args)
        table, failures = run_extract(**options)
        print(f"written: {args.out} ({len(table)} files, 88 features)")
        if failures:
            for path, reason in failures.items():
                print(f"skser extract: failed: {path}: {reason}", file=sys.stderr)
            listed = (
                f"{args.out}/_failures.csv"
                if "chunk_size" in options
                else f"{args.out}.errors.csv"
            )
            print(
                f"skser extract: {len(failures)} file(s) failed, listed in {listed}",
                file=sys.stderr,
            )
            return 1
        return 0

    extract.set_defaults(handler=handler)


def _train_command(commands):
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
    where.add_argument("--bundled", choices=BUNDLED, help="the bundled features")
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

    def handler(args):
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

    train.set_defaults(handler=handler)


def _predict_command(commands):
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
    predict.add_argument(
        "--on-error", choices=["raise", "nan", "skip"], default="raise",
        help="a file that cannot be read: stop with the list of such files "
        "(raise, the default), give it a row with no prediction (nan), or leave "
        "it out (skip); with nan or skip the others are predicted, the failures "
        "are listed on stderr and the exit status is 1",
    )  # fmt: skip
    predict.add_argument("--cache", help="folder of a persistent feature cache")

    def handler(args):
        try:
            table = predict_files(
                args.model, args.files, n_jobs=args.n_jobs,
                progress=not args.quiet, on_error=args.on_error, cache=args.cache,
            )  # fmt: skip
        except ExtractionError as exc:
            listed = "\n".join(
                f"  {path}: {reason}" for path, reason in exc.failures.items()
            )
            raise ValueError(
                f"could not read {len(exc.failures)} of {len(args.files)} file(s), "
                f"so nothing was predicted:\n{listed}\nFix or remove these files, "
                "or pass --on-error nan (their rows get no prediction) or "
                "--on-error skip (their rows are left out)"
            ) from None
        table.to_csv(args.out or sys.stdout, index=False)
        n_failed = len(args.files) - int(table["predicted"].notna().sum())
        if n_failed:
            print(
                f"skser predict: {n_failed} of {len(args.files)} file(s) could not "
                "be read and have no prediction",
                file=sys.stderr,
            )
            return 1
        return 0

    predict.set_defaults(handler=handler)


def _robustness_command(commands):
    robustness = commands.add_parser(
        "robustness",
        help="score the end-to-end models and eGeMAPS under noise, FGSM and "
        "corpus shift",
        description="Train the raw-waveform CNN-LSTM, the DenseNet-LSTM-highway "
        "network and eGeMAPS + LinearSVC on the neutral, sad, happy and angry files "
        "of a source corpus (speakers held out), then score them on the held-out "
        "files clean, with white and babble noise at several SNRs, under FGSM "
        "perturbations, and on other corpora (Latif et al., Interspeech 2020). "
        "Writes robustness.csv, robustness.png, training.png and report.html.",
    )
    robustness.add_argument(
        "data_root", help="folder holding one folder per corpus (emodb/, urdu/, ...)"
    )
    _option(robustness, robustness_experiment, "source", "--source",
            choices=list(LOADERS), help="training corpus")  # fmt: skip
    _option(robustness, robustness_experiment, "targets", "--target", nargs="+",
            help="corpora for the cross-corpus rows")  # fmt: skip
    _option(robustness, robustness_experiment, "models", "--models", nargs="+",
            choices=["raw_cnn_lstm", "dense_lstm_highway", "egemaps_svc"],
            help="models to train")  # fmt: skip
    _option(robustness, robustness_experiment, "duration", "--duration",
            type=float, help="seconds of audio per file")  # fmt: skip
    _option(robustness, robustness_experiment, "max_epochs", "--epochs", type=int,
            help="training epochs of the networks")  # fmt: skip
    _option(robustness, robustness_experiment, "cache", "--cache",
            help="cache folder of the waveform step")  # fmt: skip
    _option(robustness, robustness_experiment, "random_state", "--seed", type=int,
            help="random seed")  # fmt: skip
    _option(robustness, run_robustness, "out", "--out", help="output folder")

    def handler(args):
        options = _protocol_arguments(args)
        results = run_robustness(command=args.command_line, **options)
        print(results.to_string(index=False))
        out = options.get("out", _default(run_robustness, "out"))
        print(f"written to {out}/: robustness.csv, robustness.png, report.html")

    robustness.set_defaults(handler=handler)


def _end_to_end_command(commands):
    from skser.evaluation import END_TO_END_CONFIGS
    from skser.experiments import run_end_to_end

    end_to_end = commands.add_parser(
        "end-to-end",
        help="Latif's end-to-end systems: Tables 1 and 2 and robustness",
        description="Train the raw-waveform CNN-LSTM, the log-Mel networks of "
        "Latif's Table 2 and eGeMAPS + a linear SVM on the same folds of EmoDB "
        "(speaker-independent) and URDU (stratified), score them clean, under "
        "white and babble noise, FGSM and EmoDB -> URDU, and give each claim a "
        "verdict. Reads a file of tools/pack_waveforms.py; writes results.csv, "
        "table1.md, table2.md, robustness.md, claims.md, timing.md, figures and "
        "report.html.",
    )
    end_to_end.add_argument("waveforms", help="file of tools/pack_waveforms.py")
    _option(end_to_end, run_end_to_end, "config", "--config",
            choices=list(END_TO_END_CONFIGS), help="named configuration")  # fmt: skip
    _option(end_to_end, run_end_to_end, "out", "--out", help="output folder")
    end_to_end.add_argument("--device", default=argparse.SUPPRESS,
                            help="torch device (default: auto)")  # fmt: skip
    end_to_end.add_argument("--jobs", dest="n_jobs", type=int,
                            default=argparse.SUPPRESS, help="fits at once")  # fmt: skip
    end_to_end.add_argument("--max-folds", dest="max_folds", type=int,
                            default=argparse.SUPPRESS, help="folds run")  # fmt: skip
    end_to_end.add_argument("--epochs", dest="max_epochs", type=int,
                            default=argparse.SUPPRESS, help="epoch bound")  # fmt: skip

    def handler(args):
        options = _protocol_arguments(args)
        run_end_to_end(command=args.command_line, **options)
        out = options.get("out", _default(run_end_to_end, "out"))
        print((Path(out) / "claims.md").read_text())
        print(f"written to {out}/: results.csv, table1.md, table2.md, "
              "robustness.md, claims.md, timing.md, report.html")  # fmt: skip

    end_to_end.set_defaults(handler=handler)


def _latif_options(parser, function):
    _run_options(parser, function)
    _option(parser, function, "max_epochs", "--epochs", type=int,
            help="training epochs of each network")  # fmt: skip


def _augment_command(commands):
    augment = commands.add_parser(
        "augment",
        help="GAN augmentation on the bundled features: real vs synthetic vs both",
        description="Train a mixup GAN (and a plain conditional GAN as the "
        "ablation) on the bundled EmoDB features of neutral, sad, happy and angry "
        "in folds that hold out speakers, then classifiers on the real training "
        "rows, on as many synthetic rows, and on both; score the held-out EmoDB "
        "rows and URDU (Latif et al., Interspeech 2020, Tables 3 and 4). Writes "
        "augmentation.csv, .md, .tex and .png, training.png, corpora.png and "
        "report.html. No corpus needed.",
    )
    _latif_options(augment, run_augmentation)
    _option(augment, run_augmentation, "ablation", "--no-ablation",
            action="store_false", help="skip the plain conditional GAN")  # fmt: skip

    def handler(args):
        options = _protocol_arguments(args)
        _, table = run_augmentation(command=args.command_line, **options)
        print(render_table(table, caption=""))
        print(f"written to {options.get('out', _default(run_augmentation, 'out'))}/")

    augment.set_defaults(handler=handler)


def _label_fractions_command(commands):
    fractions = commands.add_parser(
        "label-fractions",
        help="multi-task vs single-task AAE vs supervised MLP at few labels",
        description="Train the multi-task semi-supervised adversarial autoencoder "
        "(emotion, speaker and gender heads), the same model with the emotion head "
        "only and a supervised MLP on the bundled EmoDB features of neutral, sad, "
        "happy and angry, keeping 10%%, 30%% and 100%% of the emotion labels, in "
        "folds that hold out speakers; score the held-out EmoDB rows and URDU "
        "(Latif et al., IEEE TAFFC 2022, Fig. 1). Writes label_fractions.csv, .md, "
        ".tex and .png, training.png, corpora.png and report.html. No corpus "
        "needed.",
    )
    _latif_options(fractions, run_label_fractions)
    _option(fractions, run_label_fractions, "fractions", "--fractions", type=float,
            nargs="+", help="shares of the emotion labels kept")  # fmt: skip

    def handler(args):
        options = _protocol_arguments(args)
        _, table = run_label_fractions(command=args.command_line, **options)
        print(render_table(table, caption=""))
        out = options.get("out", _default(run_label_fractions, "out"))
        print(f"written to {out}/")

    fractions.set_defaults(handler=handler)


def _parser():
    parser = argparse.ArgumentParser(
        prog="skser",
        description="Transferable speech emotion recognition on eGeMAPS features.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    _demo_command(commands)
    _evaluate_command(commands)
    _extract_command(commands)
    _train_command(commands)
    _predict_command(commands)
    _robustness_command(commands)
    _end_to_end_command(commands)
    _augment_command(commands)
    _label_fractions_command(commands)
    return parser


def main(argv=None):
    """Run the ``skser`` command line."""
    import matplotlib

    # Files only, never a window: set before any pyplot import (the experiments
    # import pyplot when they draw), and here only, so that a library user's
    # backend is left alone.
    matplotlib.use("Agg")
    args = _parser().parse_args(argv)
    # For report.html: the command as typed, quoted so that it can be rerun.
    args.command_line = shlex.join(["skser", *(sys.argv[1:] if argv is None else argv)])

    def note(message, category, *_, **__):
        print(f"skser {args.command}: note: {message}", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            warnings.showwarning = note
            code = args.handler(args)
    except (OSError, ValueError) as exc:
        print(f"skser {args.command}: error: {exc}", file=sys.stderr)
        return 1
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
