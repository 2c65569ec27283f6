"""PretrainedEmbedder with tiny random HuBERT, wav2vec 2.0 and WavLM models.

The models are built from their configurations and written with save_pretrained,
then loaded through the public API exactly as a user's local weights would be.
"""

import os
import sys

import numpy as np
import pandas as pd
import pytest
import soundfile as sf
import torch

transformers = pytest.importorskip("transformers")

import skser.features._pretrained as pretrained  # noqa: E402
from skser.evaluation import cross_corpus_validate  # noqa: E402
from skser.features import (  # noqa: E402
    ExtractionError,
    PretrainedEmbedder,
    superb_pipeline,
)

TINY = {
    "hidden_size": 16,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 32,
    "conv_dim": (8, 8),
    "conv_stride": (5, 4),
    "conv_kernel": (10, 8),
    "num_conv_pos_embeddings": 8,
    "num_conv_pos_embedding_groups": 2,
}
FAMILIES = {
    "hubert": (transformers.HubertConfig, transformers.HubertModel, "layer"),
    "wav2vec2": (transformers.Wav2Vec2Config, transformers.Wav2Vec2Model, "group"),
    "wavlm": (transformers.WavLMConfig, transformers.WavLMModel, "layer"),
}


def save_tiny_model(folder, family, normalize=True):
    config_class, model_class, norm = FAMILIES[family]
    torch.manual_seed(0)
    model_class(config_class(**TINY, feat_extract_norm=norm)).save_pretrained(folder)
    transformers.Wav2Vec2FeatureExtractor(
        do_normalize=normalize, return_attention_mask=norm == "layer"
    ).save_pretrained(folder)
    return str(folder)


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return {
        family: save_tiny_model(tmp_path_factory.mktemp(family), family)
        for family in FAMILIES
    }


@pytest.fixture(scope="module")
def speech(data_root):
    """Three real EmoDB files of different lengths (22.05 kHz, resampled)."""
    paths = sorted((data_root / "emodb" / "wav").glob("*.wav"))
    return [str(p) for p in paths[:3]]


def reference_embedding(model_dir, path, layer):
    """One file through transformers by hand: the mean of one layer over time."""
    import soxr

    signal, rate = sf.read(path)
    signal = soxr.resample(signal, rate, 16000, quality="HQ")  # 22050 -> 16000
    signal = np.clip(signal, -1, 32767 / 32768)
    extractor = transformers.AutoFeatureExtractor.from_pretrained(model_dir)
    model = transformers.AutoModel.from_pretrained(model_dir).eval()
    inputs = extractor(signal, sampling_rate=16000, return_tensors="pt")
    with torch.no_grad():
        hidden = model(inputs["input_values"], output_hidden_states=True)
    return hidden.hidden_states[layer][0].double().mean(dim=0).numpy()


@pytest.mark.parametrize("family", list(FAMILIES))
def test_mean_of_a_layer_equals_transformers_by_hand(models, speech, family):
    X = PretrainedEmbedder(models[family], layer="last", device="cpu").transform(
        speech[:2]
    )
    assert X.shape == (2, 16)
    for row in range(2):
        expected = reference_embedding(models[family], speech[row], layer=-1)
        np.testing.assert_allclose(X[row], expected, rtol=1e-4, atol=1e-5)


def test_layer_choices_are_consistent(models, speech):
    model = models["hubert"]
    every = PretrainedEmbedder(model, layer="all").transform(speech)
    assert every.shape == (3, 3 * 16)
    by_layer = every.reshape(3, 3, 16)
    np.testing.assert_allclose(
        PretrainedEmbedder(model, layer="mean").transform(speech),
        by_layer.mean(axis=1),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        PretrainedEmbedder(model, layer=0).transform(speech), by_layer[:, 0], rtol=1e-6
    )
    both = PretrainedEmbedder(model, layer=1, pooling="mean+std").transform(speech)
    np.testing.assert_allclose(both[:, :16], by_layer[:, 1], rtol=1e-6)
    assert (both[:, 16:] > 0).all()
    names = PretrainedEmbedder(model, layer="all", pooling="mean+std")
    assert list(names.get_feature_names_out()[[0, 16, 32]]) == [
        "layer0_mean0",
        "layer0_std0",
        "layer1_mean0",
    ]


@pytest.mark.parametrize("family", list(FAMILIES))
def test_a_files_vector_does_not_depend_on_its_batch(models, speech, family):
    alone = PretrainedEmbedder(models[family], batch_size=1).transform(speech)
    batched = PretrainedEmbedder(models[family], batch_size=3).transform(speech)
    np.testing.assert_allclose(batched, alone, rtol=1e-4, atol=1e-5)
    again = PretrainedEmbedder(models[family], batch_size=3).transform(speech)
    np.testing.assert_array_equal(again, batched)  # deterministic, bit for bit


def test_chunks_pool_frames_of_every_piece(models, tmp_path, speech):
    # A 2-second file cut into two 1-second chunks: its mean is the frame-weighted
    # mean of the two halves embedded as files of their own.
    signal, _ = sf.read(speech[0], dtype="float32")
    whole = tmp_path / "whole.wav"
    sf.write(whole, signal[:32000], 16000, subtype="FLOAT")
    halves = [tmp_path / "a.wav", tmp_path / "b.wav"]
    sf.write(halves[0], signal[:16000], 16000, subtype="FLOAT")
    sf.write(halves[1], signal[16000:32000], 16000, subtype="FLOAT")
    # Without normalisation by the feature extractor, chunks of the whole file
    # and the halves see the same numbers.
    model = save_tiny_model(tmp_path / "raw", "hubert", normalize=False)
    chunked = PretrainedEmbedder(model, layer=2, chunk_seconds=1.0).transform([whole])
    parts = PretrainedEmbedder(model, layer=2).transform(halves)
    np.testing.assert_allclose(chunked[0], parts.mean(axis=0), rtol=1e-4, atol=1e-6)
    unchunked = PretrainedEmbedder(model, layer=2, chunk_seconds=60).transform([whole])
    assert not np.allclose(unchunked, chunked, atol=1e-4)  # attention spans a cut


def test_cache_hits_do_not_load_the_model(models, speech, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = PretrainedEmbedder(models["wavlm"], cache=cache).transform(speech)

    def no_model(*args):
        raise AssertionError("model loaded for cached files")

    monkeypatch.setattr(pretrained, "_load", no_model)
    again = PretrainedEmbedder(models["wavlm"], cache=cache).transform(speech)
    np.testing.assert_array_equal(again, first)


def test_bad_files_are_named(models, speech, tmp_path):
    text = tmp_path / "notes.wav"
    text.write_text("not audio")
    short = tmp_path / "short.wav"
    # noise, not silence: the tiny model's first frame needs 35 samples
    sf.write(short, 0.1 * np.random.default_rng(0).standard_normal(20), 16000)
    embedder = PretrainedEmbedder(models["hubert"], batch_size=4)
    with pytest.raises(ExtractionError) as info:
        embedder.transform([speech[0], str(text), str(short)])
    assert set(info.value.failures) == {str(text), str(short)}
    assert info.value.failures[str(text)].startswith("not readable as audio")
    assert "too short" in info.value.failures[str(short)]
    with pytest.warns(UserWarning, match="notes.wav"):
        X = PretrainedEmbedder(models["hubert"], on_error="nan").transform(
            [speech[0], str(text)]
        )
    assert np.isfinite(X[0]).all() and np.isnan(X[1]).all()


def test_missing_model_says_how_to_get_it(tmp_path, speech):
    with pytest.raises(OSError, match="never downloads.*save_pretrained.*model=DIR"):
        PretrainedEmbedder(str(tmp_path / "hubert-large")).fit(speech)


def test_without_transformers_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "transformers", None)
    pretrained._config.cache_clear()
    pretrained._check_model.cache_clear()
    with pytest.raises(ImportError, match=r"pip install 'skser\[pretrained\]'"):
        PretrainedEmbedder(str(tmp_path)).fit(["a.wav"])


@pytest.mark.parametrize(
    ("device", "match"),
    [("gpu", "not a torch device"), ("cuda", "device='cuda' is not available")],
)
def test_device_is_checked(models, speech, device, match):
    if device == "cuda" and torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(ValueError, match=match):
        PretrainedEmbedder(models["hubert"], device=device).fit(speech)


def test_superb_reference_in_the_protocol(models, data_root, tmp_path):
    # The paper's SUPERB row, end to end with a tiny model on real audio.
    def corpus(paths, emotions, name):
        frame = pd.DataFrame({"path": [str(p) for p in paths]})
        labels = pd.DataFrame({"emotion": emotions, "corpus": name})
        return frame, labels

    emodb = sorted((data_root / "emodb" / "wav").glob("*.wav"))
    codes = {"N": "neutral", "T": "sad", "F": "happy", "W": "angry"}
    chosen = [p for p in emodb if p.name[5] in codes][:24]
    source = corpus(chosen, [codes[p.name[5]] for p in chosen], "emodb")
    urdu = {
        c: sorted((data_root / "urdu" / c).glob("*.wav"))[:3]
        for c in ("Neutral", "Sad", "Happy", "Angry")
    }
    target = corpus(
        [p for files in urdu.values() for p in files],
        [c.lower() for c, files in urdu.items() for _ in files],
        "urdu",
    )
    pipe = superb_pipeline(models["hubert"], cache=tmp_path / "cache", layer="mean")
    results = cross_corpus_validate(
        {"SUPERB (tiny HuBERT)": pipe},
        source,
        {"urdu": target},
        cv=2,
        references=False,
        progress=False,
    )
    accuracy = results[results["metric"] == "balanced_accuracy_4class"]
    assert set(accuracy["corpus"]) == {"emodb", "urdu"}
    assert len(accuracy) == 4  # 2 folds x 2 corpora
    assert accuracy["value"].between(0, 1).all()


@pytest.mark.real_data
def test_evaluate_adds_the_superb_reference(models, small_corpora, tmp_path):
    # `skser evaluate --pretrained DIR`: the SUPERB row joins the papers' models,
    # scored on the same folds and rows as they are.
    from skser.cli import main

    out = tmp_path / "out"
    code = main(
        ["evaluate", "--source", f"emodb={small_corpora / 'emodb'}",
         "--target", f"urdu={small_corpora / 'urdu'}", "--pretrained",
         models["hubert"], "--folds", "2", "--seed", "0", "--group", "none",
         "--out", str(out), "-q", "-j", "1", "--cache", str(tmp_path / "cache")]
    )  # fmt: skip
    assert code == 0
    results = pd.read_csv(out / "results.csv")
    name = f"SUPERB linear ({os.path.basename(models['hubert'])})"
    superb = results[results["model"] == name]
    accuracy = superb[superb["metric"] == "balanced_accuracy_4class"]
    assert sorted(accuracy["corpus"]) == ["emodb", "emodb", "urdu", "urdu"]
    scored = results[results["metric"] == "n_scored"]
    # The same rows are scored for the SUPERB reference as for the DAE (no row of
    # corpora this small can have |z| > 10, so the eGeMAPS filter keeps all).
    for corpus in ("emodb", "urdu"):
        rows = scored[scored["corpus"] == corpus]
        assert sorted(rows[rows["model"] == name]["value"]) == sorted(
            rows[rows["model"] == "DAE"]["value"]
        )
    assert name in (out / "table.md").read_text()


def test_the_model_folder_is_checked_once_before_any_file(tmp_path):
    never_read = [str(tmp_path / "no-such-file.wav")]
    config_only = tmp_path / "config-only"
    transformers.HubertConfig(**TINY).save_pretrained(config_only)
    no_extractor = tmp_path / "no-extractor"
    transformers.HubertModel(transformers.HubertConfig(**TINY)).save_pretrained(
        no_extractor
    )
    text = tmp_path / "text"
    transformers.BertConfig(
        hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, vocab_size=50,
    ).save_pretrained(text)  # fmt: skip
    for folder, error, match in [
        (config_only, OSError, "holds a configuration but no weights"),
        (no_extractor, OSError, r"no feature extractor configuration \(preprocessor"),
        (text, ValueError, "not a speech model \\(model_type 'bert'\\)"),
    ]:
        for on_error in ("raise", "nan"):  # a bad model is not a bad audio file
            with pytest.raises(error, match=match):
                PretrainedEmbedder(str(folder), on_error=on_error).transform(never_read)


def test_new_weights_in_the_same_folder_are_loaded_again(tmp_path, speech):
    folder = tmp_path / "model"
    cache = tmp_path / "cache"
    save_tiny_model(folder, "hubert")
    embedder = PretrainedEmbedder(str(folder), layer="last", cache=cache)
    old = embedder.transform(speech[:1])
    torch.manual_seed(1)
    transformers.HubertModel(
        transformers.HubertConfig(**TINY, feat_extract_norm="layer")
    ).save_pretrained(folder)  # new weights, same names and sizes
    new = embedder.transform(speech[:1])
    assert not np.allclose(new, old)
    np.testing.assert_allclose(
        new[0], reference_embedding(str(folder), speech[0], layer=-1),
        rtol=1e-4, atol=1e-5,
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["silent", "nan", "integer scale"])
def test_all_three_consumers_refuse_a_bad_file_with_the_same_reason(
    models, tmp_path, kind
):
    from test_io import REASONS, _bad_file

    from skser import EGeMAPSExtractor
    from skser.features import WaveformLoader

    bad = _bad_file(tmp_path, kind)
    reasons = set()
    for step in (
        EGeMAPSExtractor(),
        WaveformLoader(duration=0.5),
        PretrainedEmbedder(models["hubert"]),
    ):
        with pytest.raises(ExtractionError) as info:
            step.transform([bad])
        reasons.add(info.value.failures[bad])
    assert len(reasons) == 1
    assert reasons.pop().startswith(REASONS[kind])
