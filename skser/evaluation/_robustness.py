"""Robustness of fitted classifiers: noise, adversarial examples, other corpora.

Latif et al. (Interspeech 2020) test a speech emotion model three ways: additive
noise at falling signal-to-noise ratios (white noise and babble), FGSM adversarial
perturbations at growing epsilons, and transfer to another corpus.
:func:`evaluate_robustness` scores any fitted skser classifier under all three,
one task per model through the one loop (:func:`run_tasks`), into the tidy
results of :mod:`skser.utils` (one row per model, condition and metric), which
:func:`skser.plotting.plot_robustness` draws and :func:`robustness_table`
tabulates. :func:`robustness_experiment` trains the models on one corpus first.
"""

import numbers
import os
import tempfile
import warnings

import numpy as np
from sklearn.utils import check_random_state

from skser.augmentation import add_noise, babble_noise, white_noise
from skser.evaluation._loop import run_tasks
from skser.utils import balanced_accuracy, balanced_accuracy_metric
from skser.utils._validation import check_levels, check_waveforms

__all__ = ["evaluate_robustness", "robustness_experiment"]

#: Conditions of the results frame, in the order they are plotted.
CONDITIONS = ("clean", "white", "babble", "fgsm", "cross-corpus")

#: Columns of :func:`evaluate_robustness`'s results after the tidy schema's seven.
ROBUSTNESS_COLUMNS = ("condition", "level")


def _reads_waveforms(model):
    """Whether ``model`` takes waveform arrays (skser's end-to-end classifiers)."""
    from skser.neural_network import DenseLSTMHighwayClassifier, RawCNNLSTMClassifier

    return isinstance(model, (RawCNNLSTMClassifier, DenseLSTMHighwayClassifier))


def _predict(model, waveforms, sampling_rate):
    """Predict from waveforms; models that read files get temporary WAV files.

    A perturbed waveform is clipped to full scale before it is written, as a
    recording chain would clip it: noise at a low SNR, or an adversarial step, can
    push it beyond what any recorded file holds.
    """
    if _reads_waveforms(model):
        return model.predict(waveforms)
    import soundfile

    with tempfile.TemporaryDirectory(prefix="skser-robustness-") as folder:
        paths = []
        for i, waveform in enumerate(waveforms):
            path = os.path.join(folder, f"{i:06d}.wav")
            soundfile.write(path, np.clip(waveform, -1.0, 1.0), sampling_rate,
                            subtype="FLOAT")  # fmt: skip
            paths.append(path)
        return model.predict(paths)


def _known_labels(name, model, y):
    """Rows whose label the model was trained on: FGSM needs its logit."""
    known = np.isin(y, model.classes_)
    unseen = sorted(map(str, set(y[~known].tolist())))
    if not known.any():
        classes = ", ".join(map(str, model.classes_))
        raise ValueError(
            f"FGSM on model {name!r}: none of the test labels ({', '.join(unseen)}) "
            f"is a class the model was trained on ({classes}); FGSM needs the "
            "logit of each row's true class. Score the model on rows of its "
            "classes, or pass epsilons=()"
        )
    if unseen:
        warnings.warn(
            f"FGSM on model {name!r}: {int((~known).sum())} test row(s) have "
            f"labels the model was not trained on ({', '.join(unseen)}); they are "
            "left out of the fgsm rows (see their n_scored rows)",
            UserWarning,
            stacklevel=2,
        )
    return known


def _noisy_copies(waveforms, noises, snrs, random_state):
    """``(kind, snr, noisy waveforms)`` of every noise kind and SNR, drawn once."""
    unknown = set(noises) - {"white", "babble"}
    if unknown:
        raise ValueError(
            f"unknown noise kind(s) {sorted(unknown)}; use 'white' or 'babble'"
        )
    rng = check_random_state(random_state)
    noise = {
        "white": white_noise(waveforms.shape, rng) if "white" in noises else None,
        "babble": babble_noise(waveforms, random_state=rng)
        if "babble" in noises
        else None,
    }
    return [
        (kind, snr, add_noise(waveforms, noise[kind], snr))
        for kind in noises
        for snr in snrs
    ]


def _conditions_of(model, name, waveforms, y, noisy, epsilons, cross_corpus):
    """``(condition, level, corpus, inputs, truth)`` a model is scored under."""
    from skser.nn import fgsm

    yield "clean", np.nan, "test", waveforms, y
    for kind, snr, X in noisy:
        yield kind, float(snr), "test", X, y
    if _reads_waveforms(model) and len(epsilons):
        known = _known_labels(name, model, y)
        codes = np.searchsorted(model.classes_, y[known])
        for epsilon in epsilons:
            X = fgsm(model.net_.module_, waveforms[known], codes, epsilon)
            yield "fgsm", float(epsilon), "test", X, y[known]
    for corpus, (X, truth) in cross_corpus.items():
        yield "cross-corpus", np.nan, corpus, X, truth


def evaluate_robustness(
    models,
    waveforms,
    y,
    *,
    snrs=(20, 10, 0),
    noises=("white", "babble"),
    epsilons=(0.001, 0.003, 0.01),
    cross_corpus=None,
    sampling_rate=16000,
    random_state=0,
    n_jobs=None,
):
    """Score fitted classifiers on clean, noisy, adversarial and other-corpus audio.

    Every model sees the same noisy and (per model) adversarial inputs. skser's
    end-to-end classifiers get waveform arrays; any other fitted classifier that
    reads audio files (e.g. an eGeMAPS pipeline) gets them as temporary WAV files
    at ``sampling_rate``. FGSM needs gradients: it applies to the end-to-end
    classifiers only, and other models have no ``fgsm`` rows. Each model is one
    task of :func:`run_tasks`.

    Parameters
    ----------
    models : dict of str to estimator
        Fitted classifiers by name.
    waveforms : ndarray of shape (n, samples)
        Clean test audio at ``sampling_rate`` (e.g. from
        :class:`~skser.features.WaveformLoader`).
    y : array-like of shape (n,)
        True class labels.
    snrs : sequence of float, default=(20, 10, 0)
        Signal-to-noise ratios in dB.
    noises : sequence of {"white", "babble"}, default=("white", "babble")
        Kinds of additive noise.
    epsilons : sequence of float, default=(0.001, 0.003, 0.01)
        FGSM perturbation sizes (waveform amplitude).
    cross_corpus : dict of str to (waveforms, y), default=None
        Other corpora to score each model on, by name.
    sampling_rate : int, default=16000
        Rate of the waveforms in Hz.
    random_state : int, default=0
        Seed of the noise.
    n_jobs : int, default=None
        Models scored at once (joblib).

    Returns
    -------
    results : pandas.DataFrame
        Tidy results (:data:`skser.utils.RESULT_COLUMNS`), two rows per model and
        condition: metric ``balanced_accuracy_<n>class`` (unweighted average
        recall, UAR, over the ``n`` classes of ``y``) and ``n_scored`` (rows
        scored). ``seed`` is ``random_state`` (-1 when it is not an int),
        ``fold`` is 0 (one split); ``corpus`` is ``"test"`` with role
        ``"source"`` for the test rows, and the other corpus's name with role
        ``"target"`` for cross-corpus rows. Two more columns: ``condition``
        (``clean``, ``white``, ``babble``, ``fgsm``, ``cross-corpus``) and
        ``level`` (SNR in dB, epsilon, or NaN).

    Raises
    ------
    ValueError
        If the waveforms are not of shape (n, samples) with one label per row,
        hold NaN or infinite samples (here or in a cross-corpus set), a level is
        not a finite number (or an epsilon is negative), or a noise kind is
        unknown.

    See Also
    --------
    skser.plotting.plot_robustness : UAR against SNR and epsilon.
    skser.evaluation.robustness_table : UAR per model and condition.

    References
    ----------
    .. [1] S. Latif, R. Rana, S. Khalifa, R. Jurdak, B. W. Schuller, "Deep
       Architecture Enhancing Robustness to Noise, Adversarial Attacks, and
       Cross-corpus Setting for Speech Emotion Recognition", Interspeech 2020.

    Examples
    --------
    >>> import numpy as np
    >>> from skser import RawCNNLSTMClassifier
    >>> from skser.evaluation import evaluate_robustness
    >>> X = np.random.default_rng(0).standard_normal((8, 1600)).astype("float32")
    >>> y = np.array(["angry", "sad"] * 4)
    >>> model = RawCNNLSTMClassifier(max_epochs=1, random_state=0).fit(X, y)
    >>> results = evaluate_robustness({"raw": model}, X, y, snrs=[10], epsilons=[])
    >>> uar = results[results["metric"] == "balanced_accuracy_2class"]
    >>> uar[["condition", "level"]].to_numpy().tolist()
    [['clean', nan], ['white', 10.0], ['babble', 10.0]]
    """
    waveforms = check_waveforms(waveforms, "waveforms", dtype=np.float32)
    y = np.asarray(y)
    if len(waveforms) != len(y):
        raise ValueError(
            "waveforms must be an array of shape (n, samples) with one label per "
            f"row; got shape {waveforms.shape} and {len(y)} labels"
        )
    check_levels(snrs, "snrs", "signal-to-noise ratio in dB")
    check_levels(epsilons, "epsilons", "FGSM perturbation size", minimum=0)
    cross_corpus = {
        corpus: (check_waveforms(X, f"cross_corpus[{corpus!r}]", np.float32), truth)
        for corpus, (X, truth) in (cross_corpus or {}).items()
    }
    noisy = _noisy_copies(waveforms, noises, snrs, random_state)
    seed = int(random_state) if isinstance(random_state, numbers.Integral) else -1
    metric = balanced_accuracy_metric(len(np.unique(y)))

    def score(name):
        rows = []
        conditions = _conditions_of(models[name], name, waveforms, y, noisy,
                                    epsilons, cross_corpus)  # fmt: skip
        for condition, level, corpus, X, truth in conditions:
            predicted = _predict(models[name], X, sampling_rate)
            keys = {"seed": seed, "fold": 0, "model": name, "corpus": corpus,
                    "role": "source" if condition != "cross-corpus" else "target",
                    "condition": condition, "level": level}  # fmt: skip
            rows.append({**keys, "metric": metric,
                         "value": balanced_accuracy(truth, predicted)})  # fmt: skip
            rows.append({**keys, "metric": "n_scored", "value": len(X)})
        return rows, []

    results, _ = run_tasks(score, list(models), n_jobs=n_jobs, progress=False,
                           extra_columns=ROBUSTNESS_COLUMNS)  # fmt: skip
    return results


def _corpus_waveforms(frame, duration, cache):
    from skser.features import WaveformLoader

    loader = WaveformLoader(duration=duration, cache=cache, progress=True)
    return loader.fit_transform(frame)


def robustness_experiment(
    data_root,
    source="emodb",
    targets=("urdu",),
    models=("raw_cnn_lstm", "dense_lstm_highway", "egemaps_svc"),
    duration=2.0,
    max_epochs=5,
    test_size=0.3,
    snrs=(20, 10, 0),
    epsilons=(0.001, 0.003, 0.01),
    cache=None,
    random_state=0,
    return_models=False,
):
    """Train on one corpus and score under noise, FGSM and other corpora.

    The source corpus's neutral, sad, happy and angry files are split by speaker
    (``test_size`` of the speakers held out); each model is trained on the rest and
    scored by :func:`evaluate_robustness` on the held-out files, clean, noisy and
    adversarial, and on every target corpus's files of the same four classes.

    Parameters
    ----------
    data_root : str or os.PathLike
        Folder holding one folder per corpus (``emodb/``, ``urdu/``, ...).
    source : str, default="emodb"
        Training corpus, a name of :data:`skser.datasets.LOADERS`.
    targets : sequence of str, default=("urdu",)
        Corpora for the cross-corpus rows.
    models : sequence of str, default=("raw_cnn_lstm", "dense_lstm_highway", \
"egemaps_svc")
        Models to train: :class:`~skser.RawCNNLSTMClassifier`,
        :class:`~skser.DenseLSTMHighwayClassifier`, and eGeMAPS + standard scaling
        + LinearSVC (balanced) as the hand-crafted reference.
    duration : float, default=2.0
        Seconds of audio per file (cut or zero-padded).
    max_epochs : int, default=5
        Training epochs of the networks.
    test_size : float, default=0.3
        Fraction of the source's speakers held out.
    snrs, epsilons : sequences of float
        As in :func:`evaluate_robustness`.
    cache : str or os.PathLike, default=None
        Cache folder of the waveform step.
    random_state : int, default=0
        Seed of the split, the networks and the noise.
    return_models : bool, default=False
        Also return the fitted models, by name (e.g. for their training
        histories).

    Returns
    -------
    results : pandas.DataFrame
        The frame of :func:`evaluate_robustness`, for every model.
    models : dict of str to estimator
        Only with ``return_models``: the fitted models.
    """
    from sklearn.model_selection import GroupShuffleSplit
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC

    from skser.compose import make_pipeline
    from skser.datasets import load_corpus, to_class_set
    from skser.features import EGeMAPSExtractor
    from skser.neural_network import DenseLSTMHighwayClassifier, RawCNNLSTMClassifier

    def four_classes(name):
        frame = load_corpus(name, os.path.join(data_root, name))
        frame = frame.assign(emotion=to_class_set(frame.emotion).to_numpy())
        return frame[frame.emotion.notna()].reset_index(drop=True)

    makers = {
        "raw_cnn_lstm": lambda: RawCNNLSTMClassifier(
            max_epochs=max_epochs, random_state=random_state
        ),
        "dense_lstm_highway": lambda: DenseLSTMHighwayClassifier(
            max_epochs=max_epochs, random_state=random_state
        ),
        "egemaps_svc": lambda: make_pipeline(
            EGeMAPSExtractor(),
            StandardScaler(),
            LinearSVC(class_weight="balanced", random_state=random_state),
        ),
    }
    unknown = set(models) - set(makers)
    if unknown:
        raise ValueError(
            f"unknown model(s) {sorted(unknown)}; choose from {', '.join(makers)}"
        )
    frame = four_classes(source)
    train, test = next(
        GroupShuffleSplit(1, test_size=test_size, random_state=random_state).split(
            frame, groups=frame.speaker
        )
    )
    waveforms = _corpus_waveforms(frame, duration, cache)
    y = frame.emotion.to_numpy()
    fitted = {}
    for name in models:
        model = makers[name]()
        if name == "egemaps_svc":
            fitted[name] = model.fit(frame.path.to_numpy()[train], y[train])
        else:
            fitted[name] = model.fit(waveforms[train], y[train])
    cross = {}
    for target in targets:
        other = four_classes(target)
        cross[target] = (
            _corpus_waveforms(other, duration, cache),
            other.emotion.to_numpy(),
        )
    results = evaluate_robustness(
        fitted,
        waveforms[test],
        y[test],
        snrs=snrs,
        epsilons=epsilons,
        cross_corpus=cross,
        random_state=random_state,
    )
    return (results, fitted) if return_models else results
