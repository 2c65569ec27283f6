"""The ``skser`` command: ``skser demo`` and ``skser extract``."""

import argparse
import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skser.compose import make_pipeline
from skser.datasets import LOADERS, load_bundled, to_class_set
from skser.features import EGeMAPSExtractor
from skser.preprocessing import OutlierFilter

__all__ = ["main", "run_demo", "run_extract"]


def _classifier(random_state):
    return make_pipeline(
        OutlierFilter(), StandardScaler(), LinearSVC(random_state=random_state)
    )


def _four_class(name):
    X, y = load_bundled(name)
    emotion = to_class_set(y["emotion"].to_numpy(), "4class").to_numpy()
    keep = pd.notna(emotion)
    return X[keep], emotion[keep].astype(str)


def run_demo(out, folds=5, random_state=0):
    """Score the raw-eGeMAPS references on the bundled EmoDB and URDU features.

    Within each corpus: a LinearSVC on standardised eGeMAPS, cross-validated with
    ``folds`` stratified folds. Zero-shot: trained on all of EmoDB, tested on
    URDU, each corpus standardised with its own statistics. Balanced accuracy on
    the 4 classes neutral, sad, happy, angry.

    Parameters
    ----------
    out : str or os.PathLike
        Folder for ``results.csv``; created if needed.
    folds : int, default=5
        Number of folds within each corpus.
    random_state : int, default=0
        Seed of the folds and the classifiers.

    Returns
    -------
    results : DataFrame
        One row per setting: train corpus, test corpus, balanced accuracy.
    """
    data = {name: _four_class(name) for name in ["emodb", "urdu"]}
    rows = []
    for name, (X, y) in data.items():
        cv = StratifiedKFold(folds, shuffle=True, random_state=random_state)
        predicted = cross_val_predict(_classifier(random_state), X, y, cv=cv)
        rows.append(
            {
                "setting": f"within {name} ({folds}-fold)",
                "train": name,
                "test": name,
                "balanced_accuracy": balanced_accuracy_score(y, predicted),
            }
        )
    (X_source, y_source), (X_target, y_target) = data["emodb"], data["urdu"]
    # Each corpus in its own standard units: source statistics do not fit URDU.
    model = make_pipeline(OutlierFilter(), LinearSVC(random_state=random_state))
    model.fit(StandardScaler().fit_transform(X_source), y_source)
    predicted = model.predict(StandardScaler().fit_transform(X_target))
    rows.append(
        {
            "setting": "zero-shot",
            "train": "emodb",
            "test": "urdu",
            "balanced_accuracy": balanced_accuracy_score(y_target, predicted),
        }
    )
    results = pd.DataFrame(rows)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    results.to_csv(out / "results.csv", index=False)
    return results


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
    if corpus == "files":
        paths = sorted(
            str(p)
            for p in Path(root).rglob("*")
            if p.suffix.lower() in {".wav", ".flac", ".ogg", ".mp3"}
        )
        frame = pd.DataFrame({"path": paths})
    else:
        loader = LOADERS[corpus]
        frame = loader(root, labels=labels) if labels else loader(root)
    extractor = EGeMAPSExtractor(
        cache=cache, n_jobs=n_jobs, progress=progress
    ).set_output(transform="pandas")
    features = extractor.fit_transform(frame)
    table = pd.concat([frame, features], axis=1)
    table.to_csv(out, index=False)
    return table


def _parser():
    parser = argparse.ArgumentParser(
        prog="skser",
        description="Transferable speech emotion recognition on eGeMAPS features.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo",
        help="score reference classifiers on the bundled EmoDB and URDU features",
        description=run_demo.__doc__.split("\n\n")[0]
        + " Uses the feature tables bundled with skser: no corpus needed.",
    )
    demo.add_argument("--out", default="skser-results", help="output folder")
    demo.add_argument("--folds", type=int, default=5, help="folds within a corpus")
    demo.add_argument("--seed", type=int, default=0, help="random seed")

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
    return parser


def main(argv=None):
    """Run the ``skser`` command line."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            results = run_demo(args.out, folds=args.folds, random_state=args.seed)
            print(
                "Balanced accuracy, 4 classes (neutral, sad, happy, angry), raw eGeMAPS"
            )
            print(results.to_string(index=False, float_format="%.3f"))
            print(f"written: {Path(args.out) / 'results.csv'}")
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
    except (OSError, ValueError) as exc:
        print(f"skser {args.command}: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
