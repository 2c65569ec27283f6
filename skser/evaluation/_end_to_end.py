"""Latif's end-to-end systems on real audio: Tables 1 and 2, robustness, claims.

:func:`evaluate_end_to_end` trains the raw-waveform CNN-LSTM, the log-Mel
networks of the thesis's Table 2 and eGeMAPS + a linear SVM on the same folds of
EmoDB (speaker-independent) and URDU (stratified: its speaker ids are confounded
with emotion), and scores each fitted model on its fold's test rows, clean, under
white and babble noise and FGSM, and on the other corpus (EmoDB -> URDU). The
result is one tidy frame; :mod:`skser.evaluation._end_to_end_claims` turns it
into a verdict per claim and writes results, captioned tables, figures and a
report. The corpora come from :func:`pack_corpora` (waveforms as 16-bit integers
with their labels, speakers and eGeMAPS rows), so a machine without the audio,
openSMILE or a resampler can run the evaluation.
"""

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from skser.augmentation import noisy_copy
from skser.evaluation._loop import run_tasks
from skser.evaluation._protocol import TRAIN_CLASSES
from skser.utils import RESULT_COLUMNS, balanced_accuracy, balanced_accuracy_metric

__all__ = [
    "END_TO_END_CONFIGS",
    "END_TO_END_MODELS",
    "END_TO_END_TABLE1",
    "END_TO_END_TABLE2",
    "THESIS_UAR",
    "evaluate_end_to_end",
    "fold_kind",
    "load_packed",
    "pack_corpora",
]

#: The models of the thesis's Tables 1 and 2: (kind, parameters). The log-Mel CNN
#: of Table 1 is Table 2's CNN (trained once); the full model is the default
#: :class:`~skser.DenseLSTMHighwayClassifier` (mixup).
END_TO_END_MODELS = {
    "raw CNN-LSTM": ("raw", {}),
    "CNN": ("dense", {"backbone": "cnn", "lstm": False, "highway": False,
                      "mixup_alpha": 0.0}),
    "CNN-LSTM": ("dense", {"backbone": "cnn", "highway": False, "mixup_alpha": 0.0}),
    "DenseNet": ("dense", {"lstm": False, "highway": False, "mixup_alpha": 0.0}),
    "DenseNet-LSTM": ("dense", {"highway": False, "mixup_alpha": 0.0}),
    "DenseNet-LSTM-highway (mixup)": ("dense", {}),
    "eGeMAPS + linear SVM": ("egemaps", {}),
}  # fmt: skip

END_TO_END_TABLE1 = {"raw CNN-LSTM": "raw CNN-LSTM", "CNN": "log-Mel CNN",
          "eGeMAPS + linear SVM": "eGeMAPS + linear SVM"}  # fmt: skip
END_TO_END_TABLE2 = ["CNN", "CNN-LSTM", "DenseNet", "DenseNet-LSTM",
          "DenseNet-LSTM-highway (mixup)"]  # fmt: skip

#: UAR (%) range of the thesis's Tables 1 and 2, by corpus.
THESIS_UAR = {"IEMOCAP": (60.2, 64.1), "MSP-IMPROV": (52.4, 56.2)}

#: Columns of the results after the tidy schema's seven.
_COLUMNS = ("trained_on", "condition", "level", "n", "epochs", "best_epoch",
            "fit_seconds", "seconds")  # fmt: skip

#: Noise kinds and SNRs (dB), FGSM sizes (waveform amplitude).
NOISES = ("white", "babble")
SNRS = (20, 10, 0)
EPSILONS = (0.001, 0.003, 0.01)

#: Named configurations: folds run per corpus, epoch bound, patience, models.
END_TO_END_CONFIGS = {
    "tiny": {"folds": 2, "max_folds": 1, "max_epochs": 2, "n_iter_no_change": 2,
             "limit": 40, "cross_corpus_limit": 20},
    "cpu": {"folds": 5, "max_folds": 1, "max_epochs": 40, "n_iter_no_change": 8,
            "limit": None, "cross_corpus_limit": 100},
    "large": {"folds": 5, "max_folds": None, "max_epochs": 100,
              "n_iter_no_change": 15, "limit": None, "cross_corpus_limit": None},
}  # fmt: skip


@dataclass
class Corpus:
    """One corpus's four-class rows: waveforms, labels, speakers, eGeMAPS.

    ``egemaps`` maps a condition (``"clean"``, ``"white 20"``, ...) to the
    eGeMAPS rows of the corpus under it (88 columns, one row per waveform).
    """

    name: str
    waveforms: np.ndarray
    y: np.ndarray
    speakers: np.ndarray
    files: np.ndarray
    egemaps: dict

    def subset(self, rows):
        """Return the corpus restricted to ``rows`` (indices)."""
        return Corpus(
            self.name, self.waveforms[rows], self.y[rows], self.speakers[rows],
            self.files[rows], {k: v[rows] for k, v in self.egemaps.items()},
        )  # fmt: skip


# -- the packed file -------------------------------------------


def _conditions():
    return [(kind, snr) for kind in NOISES for snr in SNRS]


def _four_classes(data_root, name):
    from skser.datasets import load_corpus, to_class_set

    frame = load_corpus(name, Path(data_root) / name)
    frame = frame.assign(emotion=to_class_set(frame.emotion).to_numpy())
    return frame[frame.emotion.isin(TRAIN_CLASSES)].reset_index(drop=True)


def _egemaps_of(waveforms, sampling_rate):
    """EGeMAPS rows of waveform arrays (written as temporary WAV files)."""
    import tempfile

    import soundfile

    from skser.features import EGeMAPSExtractor

    with tempfile.TemporaryDirectory(prefix="skser-pack-") as folder:
        paths = []
        for i, waveform in enumerate(waveforms):
            paths.append(f"{folder}/{i:06d}.wav")
            soundfile.write(paths[-1], waveform, sampling_rate, subtype="FLOAT")
        return np.asarray(EGeMAPSExtractor(n_jobs=1).fit_transform(paths), np.float32)


def pack_corpora(data_root, path, *, corpora=("emodb", "urdu"), duration=2.0,
                 sampling_rate=16000, noisy_egemaps=True, random_state=0):  # fmt: skip
    """Write the corpora's four-class rows to one compressed ``.npz`` file.

    For each corpus: waveforms cut or zero-padded to ``duration`` seconds at
    ``sampling_rate`` as 16-bit integers, labels, speakers, file names, the
    bundled eGeMAPS rows of the files (:func:`skser.datasets.load_bundled`), and,
    with ``noisy_egemaps``, eGeMAPS rows of every noisy copy
    (:func:`~skser.augmentation.noisy_copy`, which needs openSMILE here, once).

    Parameters
    ----------
    data_root : str or os.PathLike
        Folder holding one folder per corpus.
    path : str or os.PathLike
        The ``.npz`` file to write.
    corpora : sequence of str, default=("emodb", "urdu")
        Corpora to pack.
    duration : float, default=2.0
        Seconds per waveform.
    sampling_rate : int, default=16000
        Rate in Hz.
    noisy_egemaps : bool, default=True
        Also extract eGeMAPS of the noisy copies.
    random_state : int, default=0
        Seed of the noise (the evaluation must use the same).

    Returns
    -------
    path : pathlib.Path
        The file written.
    """
    from skser.datasets import load_bundled
    from skser.features import WaveformLoader

    arrays = {"sampling_rate": np.asarray(sampling_rate),
              "noise_seed": np.asarray(random_state)}  # fmt: skip
    for name in corpora:
        frame = _four_classes(data_root, name)
        waveforms = WaveformLoader(
            sampling_rate=sampling_rate, duration=duration
        ).fit_transform(frame)
        files = np.asarray([Path(p).name for p in frame["path"]], dtype=str)
        bundled, _ = load_bundled(name)
        arrays[f"{name}/waveforms"] = np.round(waveforms * 32767).astype(np.int16)
        arrays[f"{name}/y"] = np.asarray(frame["emotion"].tolist(), dtype=str)
        arrays[f"{name}/speakers"] = np.asarray(frame["speaker"].tolist(), dtype=str)
        arrays[f"{name}/files"] = files
        arrays[f"{name}/egemaps/clean"] = bundled.loc[files].to_numpy(np.float32)
        if noisy_egemaps:
            clean = arrays[f"{name}/waveforms"].astype(np.float32) / 32767
            for kind, snr in _conditions():
                noisy = noisy_copy(clean, kind, snr, random_state)
                arrays[f"{name}/egemaps/{kind} {snr}"] = _egemaps_of(
                    noisy, sampling_rate
                )
    np.savez_compressed(path, **arrays)
    return Path(path)


def load_packed(path):
    """Read a :func:`pack_corpora` file into :class:`Corpus` objects by name.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.npz`` file.

    Returns
    -------
    corpora : dict of str to Corpus
        Waveforms as float32 in [-1, 1].
    sampling_rate : int
        Their rate in Hz.
    """
    data = np.load(path, allow_pickle=False)
    names = sorted({key.split("/")[0] for key in data.files if "/" in key})
    corpora = {}
    for name in names:
        prefix = f"{name}/egemaps/"
        corpora[name] = Corpus(
            name=name,
            waveforms=data[f"{name}/waveforms"].astype(np.float32) / 32767,
            y=data[f"{name}/y"],
            speakers=data[f"{name}/speakers"],
            files=data[f"{name}/files"],
            egemaps={k[len(prefix):]: data[k] for k in data.files
                     if k.startswith(prefix)},
        )  # fmt: skip
    return corpora, int(data["sampling_rate"])


# -- the evaluation ---------------------------------------------------------------


def fold_kind(corpus):
    """Return how a corpus is folded: URDU's speaker ids mirror its emotions."""
    return "stratified" if corpus == "urdu" else "speaker-independent"


def _folds(corpus, folds, seed):
    """Speaker-independent folds, or stratified where speakers mirror emotion."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    kind = fold_kind(corpus.name)
    if kind == "stratified":  # speaker ids confounded with emotion (data README)
        splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
        return list(splitter.split(corpus.y, corpus.y)), kind
    splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    return list(splitter.split(corpus.y, corpus.y, corpus.speakers)), kind


def _network(kind, params, settings):
    from skser.neural_network import DenseLSTMHighwayClassifier, RawCNNLSTMClassifier

    common = {key: settings[key] for key in
              ("max_epochs", "n_iter_no_change", "device", "random_state")}  # fmt: skip
    cls = RawCNNLSTMClassifier if kind == "raw" else DenseLSTMHighwayClassifier
    return cls(**params, **common)


def _predictions_of_network(model, test, noisy, other, epsilons):
    """Yield ``(condition, level, corpus, truth, predicted)`` of a fitted network."""
    from skser.nn import fgsm

    yield "clean", np.nan, test.name, test.y, model.predict(test.waveforms)
    for (kind, snr), waveforms in noisy.items():
        yield kind, float(snr), test.name, test.y, model.predict(waveforms)
    codes = np.searchsorted(model.classes_, test.y)
    for epsilon in epsilons:
        attacked = fgsm(model.net_.module_, test.waveforms, codes, epsilon)
        yield "fgsm", float(epsilon), test.name, test.y, model.predict(attacked)
    if other is not None:
        yield ("cross-corpus", np.nan, other.name, other.y,
               model.predict(other.waveforms))  # fmt: skip


def _predictions_of_egemaps(train, test, other, seed):
    """Yield the same for eGeMAPS + standard scaling + LinearSVC (balanced)."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC

    model = make_pipeline(
        StandardScaler(), LinearSVC(class_weight="balanced", random_state=seed)
    ).fit(train.egemaps["clean"], train.y)
    for condition, features in test.egemaps.items():
        kind, _, level = condition.partition(" ")
        yield (kind, float(level) if level else np.nan, test.name, test.y,
               model.predict(features))  # fmt: skip
    if other is not None:
        yield ("cross-corpus", np.nan, other.name, other.y,
               model.predict(other.egemaps["clean"]))  # fmt: skip


def _run_one(task, settings):
    """Fit one model on one fold and score it: a list of tidy row dicts."""
    import torch

    torch.set_num_threads(settings["threads"])
    name, (kind, params), corpus, fold, train, test, noisy, other = task
    started = time.perf_counter()
    info = {"epochs": np.nan, "best_epoch": np.nan, "fit_seconds": np.nan}
    if kind == "egemaps":
        scored = _predictions_of_egemaps(train, test, other, settings["random_state"])
    else:
        groups = None if corpus == "urdu" else train.speakers
        y = pd.DataFrame({"emotion": train.y, "speaker": groups})
        if groups is None:
            y = y[["emotion"]]
        model = _network(kind, params, settings).fit(train.waveforms, y)
        info = {"epochs": model.n_epochs_, "best_epoch": model.best_epoch_,
                "fit_seconds": time.perf_counter() - started}  # fmt: skip
        scored = _predictions_of_network(model, test, noisy, other,
                                         settings["epsilons"])  # fmt: skip
    rows = [(condition, level, where, balanced_accuracy(truth, predicted), len(truth))
            for condition, level, where, truth, predicted in scored]  # fmt: skip
    info["seconds"] = time.perf_counter() - started  # fit and scoring
    metric = balanced_accuracy_metric(len(TRAIN_CLASSES))
    return [
        {"seed": settings["random_state"], "fold": fold, "model": name,
         "trained_on": corpus, "corpus": where,
         "role": "source" if where == corpus else "target",
         "condition": condition, "level": level, "metric": metric, "value": uar,
         "n": n, **info}
        for condition, level, where, uar, n in rows
    ]  # fmt: skip


def _limited(corpus, limit, seed):
    """At most ``limit`` rows, stratified by class (for quick runs)."""
    if limit is None or limit >= len(corpus.y):
        return corpus
    from sklearn.model_selection import train_test_split

    rows, _ = train_test_split(np.arange(len(corpus.y)), train_size=limit,
                               stratify=corpus.y, random_state=seed)  # fmt: skip
    return corpus.subset(np.sort(rows))


def _tasks(corpora, models, settings):
    """Every (model, fold) of every corpus, with its test data under each condition."""
    seed = settings["random_state"]
    noisy_all = {
        name: {(kind, snr): noisy_copy(c.waveforms, kind, snr, settings["noise_seed"])
               for kind, snr in _conditions()}
        for name, c in corpora.items()
    }  # fmt: skip
    other = None
    if settings["cross_corpus"] and {"emodb", "urdu"} <= set(corpora):
        other = _limited(corpora["urdu"], settings["cross_corpus_limit"], seed)
    tasks, splits = [], {}
    for name, corpus in corpora.items():
        folds, kind = _folds(corpus, settings["folds"], seed)
        splits[name] = kind
        for fold, (train, test) in enumerate(folds[: settings["max_folds"]]):
            noisy = {key: waveforms[test] for key, waveforms in noisy_all[name].items()}
            for model, spec in models.items():
                tasks.append((model, spec, name, fold, corpus.subset(train),
                              corpus.subset(test), noisy,
                              other if name == "emodb" else None))  # fmt: skip
    tasks.sort(key=lambda task: task[3])  # fold 0 of every corpus first
    return tasks, splits


def evaluate_end_to_end(corpora, *, models=None, folds=5, max_folds=None,
                        max_epochs=100, n_iter_no_change=10, device="auto",
                        epsilons=EPSILONS, cross_corpus=True, limit=None,
                        cross_corpus_limit=None, n_jobs=1, threads=1,
                        noise_seed=0, random_state=0, verbose=True,
                        partial_csv=None):  # fmt: skip
    """Train and score Latif's end-to-end models and eGeMAPS + SVM on shared folds.

    Each corpus is split into ``folds`` folds (EmoDB speaker-independent, URDU
    stratified); on each fold every model of ``models`` is trained with its
    defaults (early stopping on a held-out part of the training speakers) and
    scored on the fold's test rows, clean, under white and babble noise at 20, 10
    and 0 dB, under FGSM (networks only) and, for EmoDB models, on URDU.

    Parameters
    ----------
    corpora : dict of str to Corpus
        From :func:`load_packed`.
    models : dict of str to (kind, params), default=None
        By default :data:`END_TO_END_MODELS`.
    folds : int, default=5
        Folds per corpus.
    max_folds : int, default=None
        Run only the first folds (None: all).
    max_epochs, n_iter_no_change : int
        The networks' epoch bound and patience.
    device : str, default="auto"
        Torch device of the networks (``"auto"``: CUDA when available).
    epsilons : sequence of float, default=(0.001, 0.003, 0.01)
        FGSM sizes.
    cross_corpus : bool, default=True
        Score EmoDB models on URDU.
    limit, cross_corpus_limit : int, default=None
        Rows kept per corpus, and URDU rows scored cross-corpus (quick runs).
    n_jobs : int, default=1
        Fits run at once (joblib processes; on a GPU they share it).
    threads : int, default=1
        Torch threads per fit.
    noise_seed : int, default=0
        Seed of the noisy copies (the packed eGeMAPS rows used the same).
    random_state : int, default=0
        Seed of the folds and the networks.
    verbose : bool, default=True
        Print one line per fit.
    partial_csv : str or os.PathLike, default=None
        Rewritten with every row so far after each fit, so that a run stopped
        early keeps what it finished.

    Returns
    -------
    results : DataFrame
        One row per fold x model x condition, with the protocol's tidy columns
        (``seed``, ``fold``, ``model``, ``corpus``, ``role``, ``metric``,
        ``value``) and ``trained_on``, ``condition``, ``level``, ``n``,
        ``epochs``, ``best_epoch``, ``fit_seconds`` (training), ``seconds``
        (training and scoring); ``attrs["splits"]`` names
        each corpus's fold kind.
    """
    from skser.utils import resolve_device

    models = END_TO_END_MODELS if models is None else models
    corpora = {name: _limited(c, limit, random_state) for name, c in corpora.items()}
    settings = {
        "folds": folds, "max_folds": max_folds, "max_epochs": max_epochs,
        "n_iter_no_change": n_iter_no_change,
        "device": resolve_device(device, "evaluate_end_to_end"),
        "epsilons": tuple(epsilons), "cross_corpus": cross_corpus,
        "cross_corpus_limit": cross_corpus_limit, "threads": threads,
        "noise_seed": noise_seed, "random_state": random_state,
    }  # fmt: skip
    tasks, splits = _tasks(corpora, models, settings)
    finished = []

    def arrived(task, rows, predictions):
        finished.extend(rows)
        if verbose:
            clean = rows[0]
            print(f"{clean['trained_on']:6s} fold {clean['fold']} {clean['model']:31s}"
                  f" UAR {clean['value']:.3f}  epochs {clean['epochs']}"
                  f" ({clean['seconds']:.0f} s)", flush=True)  # fmt: skip
        if partial_csv is not None:  # a run cut short keeps every finished fit
            partial = pd.DataFrame(finished, columns=[*RESULT_COLUMNS, *_COLUMNS])
            partial.to_csv(partial_csv, index=False)

    results, _ = run_tasks(
        lambda task: (_run_one(task, settings), []), tasks, n_jobs=n_jobs,
        progress=False, extra_columns=_COLUMNS, ordered=False, on_result=arrived,
    )  # fmt: skip
    results.attrs["splits"] = splits
    return results
