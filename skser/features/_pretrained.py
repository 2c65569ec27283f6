"""Embeddings of self-supervised speech models (HuBERT, wav2vec 2.0, WavLM), locally.

Needs the optional ``transformers`` package (``pip install skser[pretrained]``).
Weights are read only from a local directory or the local Hugging Face cache: skser
never downloads them.
"""

import functools
import os
from numbers import Integral, Real

import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import Interval, StrOptions

from skser.io import (
    Checked,
    FileTransformer,
    UnusableFileError,
    check_signal,
    read_checked,
)
from skser.utils import resolve_device

__all__ = ["PretrainedEmbedder", "superb_pipeline"]

_INSTALL = (
    "PretrainedEmbedder needs the transformers package: pip install 'skser[pretrained]'"
)


def _transformers():
    try:
        import transformers
    except ImportError as exc:
        raise ImportError(_INSTALL) from exc
    return transformers


def _how_to_get(model, exc):
    return OSError(
        f"pretrained model {model!r} not found on this machine ({exc}). skser never "
        "downloads weights. Get them once where there is network, e.g. "
        "`huggingface-cli download facebook/hubert-large-ll60k --local-dir DIR` or, "
        "in Python, `AutoModel.from_pretrained(NAME).save_pretrained(DIR)` and "
        "`AutoFeatureExtractor.from_pretrained(NAME).save_pretrained(DIR)`; then "
        "pass model=DIR."
    )


# Weight files that transformers' save_pretrained writes, one of which must be there.
_WEIGHTS = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json",
            "pytorch_model.bin.index.json")  # fmt: skip


def _model_fingerprint(model):
    """Names, sizes and times of the model's files: new weights, new cache entries."""
    if not os.path.isdir(model):
        return model
    return tuple(
        (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
        for entry in sorted(os.scandir(model), key=lambda e: e.name)
        if entry.is_file()
    )


@functools.lru_cache(maxsize=16)
def _config(model, fingerprint):
    """Return the model's configuration, once per state of its files."""
    transformers = _transformers()
    try:
        return transformers.AutoConfig.from_pretrained(model, local_files_only=True)
    except OSError as exc:
        raise _how_to_get(model, exc) from exc


@functools.lru_cache(maxsize=16)
def _check_model(model, fingerprint):
    """Raise a clear error unless ``model`` is a speech model one can embed with.

    Checked once per state of the model's files, before any audio file: a
    configuration of a model whose input is the waveform (a convolutional feature
    encoder: HuBERT, wav2vec 2.0, WavLM, data2vec-audio), weights, and a feature
    extractor configuration (``preprocessor_config.json``).
    """
    transformers = _transformers()
    config = _config(model, fingerprint)
    if not hasattr(config, "conv_dim"):
        raise ValueError(
            f"{model!r} is not a speech model (model_type {config.model_type!r}): "
            "PretrainedEmbedder needs a self-supervised model whose input is the "
            "waveform, e.g. HuBERT, wav2vec 2.0 or WavLM"
        )
    if os.path.isdir(model) and not any(
        os.path.isfile(os.path.join(model, name)) for name in _WEIGHTS
    ):
        raise OSError(
            f"model folder {model} holds a configuration but no weights "
            f"({' or '.join(_WEIGHTS[:2])}); save them there with "
            "AutoModel.from_pretrained(NAME).save_pretrained(DIR)"
        )
    try:
        transformers.AutoFeatureExtractor.from_pretrained(model, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise OSError(
            f"model {model!r} has no feature extractor configuration "
            "(preprocessor_config.json), which says how to normalise the audio; "
            "save it there with "
            "AutoFeatureExtractor.from_pretrained(NAME).save_pretrained(DIR) "
            f"({type(exc).__name__}: {exc})"
        ) from exc
    return config


@functools.lru_cache(maxsize=4)
def _load(model, fingerprint, device):
    """Return (feature extractor, torch model in eval mode), once per model state.

    Keyed by the fingerprint of the model's files: new weights saved in the same
    folder are loaded again, as they get new cache entries.
    """
    transformers = _transformers()
    try:
        extractor = transformers.AutoFeatureExtractor.from_pretrained(
            model, local_files_only=True
        )
        network = transformers.AutoModel.from_pretrained(model, local_files_only=True)
    except OSError as exc:
        raise _how_to_get(model, exc) from exc
    return extractor, network.to(device).eval()


def _embed_batch(paths, model, fingerprint, device, layer, pooling, chunk_seconds):
    """Return one pooled vector per file of ``paths`` (the per-batch reader).

    Each file is normalised as a whole by the model's feature extractor, cut into
    chunks of at most ``chunk_seconds``, and the chunks of all files run through
    the model in one zero-padded batch with an attention mask (models with group
    normalisation in their first layer see each chunk alone, since padding would
    change their output). Frame statistics are pooled over the valid frames of
    every chunk of a file.
    """
    import torch

    extractor, network = _load(model, fingerprint, device)
    rate = extractor.sampling_rate

    def n_frames(n_samples):
        return int(network._get_feat_extract_output_lengths(torch.tensor(n_samples)))

    chunks, owners, notes = [], [], []
    for index, path in enumerate(paths):
        signal, file_notes = read_checked(path, rate)
        check_signal(signal)
        notes.append(file_notes)
        signal = extractor(signal, sampling_rate=rate, return_tensors="np")
        signal = signal["input_values"][0].astype(np.float32)
        if n_frames(len(signal)) < 1:
            raise UnusableFileError(
                f"too short for one frame of the model ({len(signal)} samples)"
            )
        size = int(chunk_seconds * rate)
        for start in range(0, len(signal), size):
            piece = signal[start : start + size]
            if n_frames(len(piece)) >= 1:  # a tail shorter than a frame adds none
                chunks.append(piece)
                owners.append(index)
    masked = getattr(network.config, "feat_extract_norm", "layer") == "layer"
    groups = [list(range(len(chunks)))] if masked else [[i] for i in range(len(chunks))]
    sums = [None] * len(paths)
    for group in groups:
        longest = max(len(chunks[i]) for i in group)
        values = np.zeros((len(group), longest), dtype=np.float32)
        mask = np.zeros((len(group), longest), dtype=np.int64)
        for row, i in enumerate(group):
            values[row, : len(chunks[i])] = chunks[i]
            mask[row, : len(chunks[i])] = 1
        inputs = {"input_values": torch.as_tensor(values, device=device)}
        if masked:
            inputs["attention_mask"] = torch.as_tensor(mask, device=device)
        with torch.no_grad():
            output = network(**inputs, output_hidden_states=True)
        hidden = torch.stack(output.hidden_states, dim=1).double()  # b, L+1, T, d
        lengths = network._get_feat_extract_output_lengths(
            torch.as_tensor(mask.sum(axis=1))
        )
        for row, i in enumerate(group):
            n = int(lengths[row])
            frames = hidden[row, :, :n]  # L+1, n, d
            stats = (frames.sum(dim=1), (frames**2).sum(dim=1), n)
            owner = owners[i]
            if sums[owner] is None:
                sums[owner] = list(stats)
            else:
                sums[owner] = [a + b for a, b in zip(sums[owner], stats, strict=True)]
    vectors = []
    for (total, squares, n), file_notes in zip(sums, notes, strict=True):
        mean = total / n
        per_layer = [mean]
        if pooling == "mean+std":
            per_layer.append((squares / n - mean**2).clamp_min(0).sqrt())
        stacked = torch.cat(per_layer, dim=1).cpu().numpy()  # L+1, d * (1 or 2)
        if layer == "mean":
            vector = stacked.mean(axis=0)
        elif layer == "all":
            vector = stacked.reshape(-1)
        else:
            vector = stacked[-1 if layer == "last" else layer]
        vectors.append(Checked(vector, file_notes))
    return vectors


def _resolve_device(device):
    return resolve_device(device, "PretrainedEmbedder")


class PretrainedEmbedder(FileTransformer):
    """Embed audio files with a self-supervised speech model (HuBERT, wav2vec 2.0).

    Each file is read by skser's one reader (:mod:`skser.io`: checked, mixed down
    to mono, resampled with soxr to the model's rate, 16 kHz for the usual models,
    clipped to 16-bit range), normalised by the model's feature extractor, and run
    through the model in chunks; the hidden states of the chosen layer(s) are
    averaged over time (optionally with their standard deviation) into one vector
    per file. This is the upstream of the SUPERB emotion recognition benchmark,
    whose downstream is a linear classifier (see :func:`superb_pipeline`).

    Weights are loaded only from disk: a directory written by ``save_pretrained``
    (or by ``huggingface-cli download NAME --local-dir DIR``), or a model name
    already in the local Hugging Face cache. skser never downloads them. The model
    is checked once, before any audio file (a speech model, its weights, its
    feature extractor configuration), and a bad model is an error whatever
    ``on_error`` says; the loaded model is keyed by the same fingerprint of its
    files as the cache, so new weights saved in the same folder are loaded again.

    Parameters
    ----------
    model : str or os.PathLike
        Directory of the model's weights and feature-extractor configuration, or
        the name of a model in the local Hugging Face cache.
    layer : int, "last", "mean" or "all", default="mean"
        Hidden states to pool, as SUPERB chooses them: one layer (0 is the output
        of the convolutional encoder, ``num_hidden_layers`` the last transformer
        layer), the mean over all of them, or all of them concatenated (so that a
        linear downstream model weights the layers itself, as SUPERB's learned
        weighted sum does).
    pooling : {"mean", "mean+std"}, default="mean"
        Statistics over time of each hidden dimension.
    chunk_seconds : float, default=20.0
        Longest piece of audio run through the model at once; longer files are
        cut and their statistics pooled over all pieces, so memory does not grow
        with duration (self-attention does not cross a cut).
    batch_size : int, default=8
        Files run through the model together, zero-padded to the longest with an
        attention mask; a file's vector does not depend on its batch.
    device : str, default="auto"
        Torch device; ``"auto"`` takes CUDA when available, else the CPU.
    path_column : str, default="path"
        Column holding the file paths when ``X`` is a DataFrame.
    n_jobs : int, default=None
        Batches run at once (joblib threads). The model already uses every core
        of the CPU: more than one job rarely helps.
    cache : str or os.PathLike, default=None
        Directory of a persistent on-disk cache (joblib.Memory), keyed by the
        file, the settings and the model's files (names, sizes, times).
    cache_key : {"content", "stat"}, default="content"
        How a file is recognised in the cache: the SHA-256 of its bytes, or its
        path, size and time (faster, blind to ``cp -p``); see
        :class:`OpenSmileExtractor`.
    progress : bool, default=False
        Show a progress bar (tqdm) over the files.
    on_error : {"raise", "nan"}, default="raise"
        Files that cannot be embedded (missing, not audio, shorter than one
        25 ms frame): raise an :class:`ExtractionError` naming them all, or give
        NaN rows and a warning.

    See Also
    --------
    superb_pipeline : The embedder, a scaler and a linear classifier.
    OpenSmileExtractor : Hand-crafted openSMILE features.

    References
    ----------
    .. [1] S. Yang et al., "SUPERB: Speech processing Universal PERformance
       Benchmark", Interspeech 2021 (weighted sum of layers, mean pooling, linear
       emotion classifier).
    .. [2] W.-N. Hsu et al., "HuBERT: Self-Supervised Speech Representation
       Learning by Masked Prediction of Hidden Units", IEEE/ACM TASLP 29, 2021.
    .. [3] S. Das et al., "Continuous Metric Learning For Transferable Speech
       Emotion Recognition and Embedding Across Low-resource Languages", NLDL
       2022, Table 4 (the SUPERB row).

    Examples
    --------
    A tiny, randomly initialised HuBERT stands in for real weights here:

    >>> import os, tempfile, numpy as np, soundfile as sf
    >>> from transformers import HubertConfig, HubertModel, Wav2Vec2FeatureExtractor
    >>> from skser.features import PretrainedEmbedder
    >>> folder = tempfile.mkdtemp()
    >>> config = HubertConfig(hidden_size=16, num_hidden_layers=2,
    ...     num_attention_heads=2, intermediate_size=32, conv_dim=(8, 8),
    ...     conv_stride=(5, 4), conv_kernel=(10, 8), num_conv_pos_embeddings=8,
    ...     num_conv_pos_embedding_groups=2, feat_extract_norm="layer")
    >>> HubertModel(config).save_pretrained(folder)
    >>> _ = Wav2Vec2FeatureExtractor(return_attention_mask=True).save_pretrained(folder)
    >>> path = os.path.join(folder, "tone.wav")
    >>> sf.write(path, np.sin(np.arange(16000) / 10), 16000)
    >>> PretrainedEmbedder(folder, layer="all").fit_transform([path]).shape
    (1, 48)
    """

    _desc = "embeddings"

    _parameter_constraints = {
        **FileTransformer._parameter_constraints,
        "model": [str, os.PathLike],
        "layer": [Interval(Integral, 0, None, closed="left"),
                  StrOptions({"last", "mean", "all"})],
        "pooling": [StrOptions({"mean", "mean+std"})],
        "chunk_seconds": [Interval(Real, 0.5, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "device": [str],
    }  # fmt: skip

    def __init__(
        self,
        model,
        layer="mean",
        pooling="mean",
        chunk_seconds=20.0,
        batch_size=8,
        device="auto",
        path_column="path",
        n_jobs=None,
        cache=None,
        cache_key="content",
        progress=False,
        on_error="raise",
    ):
        self.model = model
        self.layer = layer
        self.pooling = pooling
        self.chunk_seconds = chunk_seconds
        self.batch_size = batch_size
        self.device = device
        self.path_column = path_column
        self.n_jobs = n_jobs
        self.cache = cache
        self.cache_key = cache_key
        self.progress = progress
        self.on_error = on_error

    def _model_config(self):
        model = os.fspath(self.model)
        return _check_model(model, _model_fingerprint(model))

    def _check_settings(self):
        config = self._model_config()
        if isinstance(self.layer, Integral) and self.layer > config.num_hidden_layers:
            raise ValueError(
                f"layer={self.layer} but {self.model!r} has layers 0 (convolutional "
                f"encoder) to {config.num_hidden_layers}"
            )
        _resolve_device(self.device)

    def _reader(self):
        model = os.fspath(self.model)
        per_batch = functools.partial(
            _embed_batch,
            model=model,
            fingerprint=_model_fingerprint(model),
            device=_resolve_device(self.device),
            layer=self.layer,
            pooling=self.pooling,
            chunk_seconds=float(self.chunk_seconds),
        )
        return None, per_batch, self.batch_size

    def _n_layers_out(self):
        config = self._model_config()
        return config.num_hidden_layers + 1 if self.layer == "all" else 1

    def _n_features_out(self):
        config = self._model_config()
        per_layer = config.hidden_size * (2 if self.pooling == "mean+std" else 1)
        return per_layer * self._n_layers_out()

    def get_feature_names_out(self, input_features=None):
        """Return ``layer<l>_<statistic><i>`` names (``<statistic><i>`` for one layer).

        Parameters
        ----------
        input_features : None
            Ignored: the output names do not depend on the input.

        Returns
        -------
        feature_names_out : ndarray of str
            E.g. ``mean0`` ... for one layer or the mean of layers,
            ``layer0_mean0`` ... for all layers.
        """
        config = self._model_config()
        statistics = ["mean"] + (["std"] if self.pooling == "mean+std" else [])
        names = [f"{s}{i}" for s in statistics for i in range(config.hidden_size)]
        if self.layer == "all":
            names = [
                f"layer{k}_{n}" for k in range(self._n_layers_out()) for n in names
            ]
        return np.asarray(names, dtype=object)


def superb_pipeline(model, *, classifier=None, target="emotion", **params):
    """Return the SUPERB emotion reference: embedder, scaler, linear classifier.

    SUPERB's emotion task pools a frozen self-supervised model's layers and trains
    a linear classifier on them. Das et al. (2022, Table 4) compare against it
    with HuBERT-large (``facebook/hubert-large-ll60k``).

    Parameters
    ----------
    model : str or os.PathLike
        Local directory (or locally cached name) of the weights.
    classifier : estimator or None, default=None
        Linear classifier at the end, applied to the ``target`` column of a label
        frame through :class:`~skser.TargetColumn`. ``None`` leaves it out, which
        is what :func:`skser.evaluation.cross_corpus_validate` needs (it trains
        its own ``classifier=`` on the pipeline's output).
    target : str, default="emotion"
        Label column the classifier learns.
    **params
        Parameters of :class:`PretrainedEmbedder`; by default ``layer="all"``
        (the linear model weights the layers, as SUPERB's learned weighted sum
        does) and ``pooling="mean"``. Pass ``cache=`` in the protocol: every fold
        then embeds each file only once.

    Returns
    -------
    pipeline : Pipeline
        ``PretrainedEmbedder -> StandardScaler [-> TargetColumn(classifier)]``.

    See Also
    --------
    PretrainedEmbedder : The embedding step.

    References
    ----------
    .. [1] S. Yang et al., "SUPERB: Speech processing Universal PERformance
       Benchmark", Interspeech 2021.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skser.features import superb_pipeline
    >>> pipe = superb_pipeline("models/hubert-large-ll60k",
    ...                        classifier=LogisticRegression(max_iter=1000))
    >>> [name for name, _ in pipe.steps]
    ['pretrainedembedder', 'standardscaler', 'targetcolumn']
    """
    from skser.compose import TargetColumn, make_pipeline

    embedder = PretrainedEmbedder(model, **{"layer": "all", **params})
    steps = [embedder, StandardScaler()]
    if classifier is not None:
        steps.append(TargetColumn(classifier, target))
    return make_pipeline(*steps)
