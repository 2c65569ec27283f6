import json
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

import skser
from skser import ExtractionError
from skser.cli import main
from skser.datasets import load_bundled
from skser.experiments import predict_files, train_model
from skser.persistence import VersionMismatchWarning

FOUR = ["neutral", "sad", "happy", "angry"]


@pytest.fixture(scope="module")
def emodb():
    return load_bundled("emodb")


@pytest.fixture(scope="module")
def trained(emodb):
    X, y = emodb
    return train_model(X, y, max_epochs=2, classifier="logistic", random_state=0)


def test_train_model_drops_rows_outside_class_set(emodb, trained):
    X, y = emodb
    assert trained.n_dropped_rows_ == int((~y["emotion"].isin(FOUR)).sum())
    assert sorted(trained.classes_) == sorted(FOUR)
    assert isinstance(trained[0], skser.EGeMAPSExtractor)
    with pytest.raises(ValueError, match="unknown model 'PCA'; use one of eGeMAPS"):
        train_model(X, y, model="PCA")
    with pytest.raises(ValueError, match=r"needs an 'emotion' column \(columns: a"):
        train_model(X, pd.DataFrame({"a": np.zeros(len(X))}))


def test_round_trip_predicts_identically_in_a_fresh_process(emodb, trained, tmp_path):
    X, _ = emodb
    rows = X.iloc[:40]
    path = tmp_path / "model.skser"
    skser.save(trained, path, training_corpus="emodb")
    features = tmp_path / "rows.csv"
    rows.to_csv(features)
    script = (
        "import json, sys, pandas as pd, skser\n"
        f"model = skser.load({str(path)!r})\n"
        f"X = pd.read_csv({str(features)!r}, index_col=0)\n"
        "rest = model[1:]\n"
        "print(json.dumps({'predicted': rest.predict(X).tolist(),\n"
        "                  'latent': rest[:-1].transform(X).tolist(),\n"
        "                  'proba': rest.predict_proba(X).tolist()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    fresh = json.loads(done.stdout)
    rows = pd.read_csv(features, index_col=0)  # the same float64 values as read there
    rest = trained[1:]
    assert fresh["predicted"] == rest.predict(rows).tolist()
    np.testing.assert_array_equal(fresh["latent"], rest[:-1].transform(rows))
    np.testing.assert_array_equal(fresh["proba"], rest.predict_proba(rows))


def test_metadata_and_version_warning(trained, tmp_path):
    path = tmp_path / "model.skser"
    stored = skser.save(trained, path, training_corpus="emodb")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same versions: no warning
        model, metadata = skser.load(path, return_metadata=True)
    assert metadata == stored
    assert metadata["skser"] == skser.__version__
    assert metadata["classes"] == [str(c) for c in trained.classes_]
    assert metadata["training_corpus"] == "emodb"
    old = tmp_path / "old.skser"
    skser.save(model, old, skser="0.0.1", torch="1.0")
    with pytest.warns(VersionMismatchWarning) as record:
        skser.load(old)
    message = str(record[0].message)
    assert f"skser 0.0.1 (installed: {skser.__version__})" in message
    assert "torch 1.0 (installed:" in message and "scikit-learn" not in message


def test_load_names_bad_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="model file not found: .*none.skser"):
        skser.load(tmp_path / "none.skser")
    text = tmp_path / "notes.txt"
    text.write_text("not a model")
    with pytest.raises(ValueError, match="notes.txt is not a model file"):
        skser.load(text)


def test_predict_files_needs_an_extractor_first(trained, tmp_path):
    with pytest.raises(ValueError, match="does not start with an EGeMAPSExtractor"):
        predict_files(trained[1:], ["a.wav"])


@pytest.mark.real_data
def test_cli_train_and_predict_on_emodb_audio(data_root, emodb, tmp_path, capsys):
    X, _ = emodb
    model = tmp_path / "model.skser"
    assert main(["train", "--bundled", "emodb", "-o", str(model), "--max-epochs",
                 "2", "--classifier", "logistic", "-q"]) == 0  # fmt: skip
    assert "written:" in capsys.readouterr().out
    names = ["03a01Fa.wav", "03a01Nc.wav", "03a01Wa.wav", "08a02Tb.wav"]
    files = [str(data_root / "emodb" / "wav" / name) for name in names]
    out = tmp_path / "predictions.csv"
    assert main(["predict", str(model), *files, "-o", str(out), "-q"]) == 0
    table = pd.read_csv(out)
    assert table["path"].tolist() == files
    probabilities = table.filter(like="probability_")
    assert sorted(probabilities.columns) == sorted(f"probability_{c}" for c in FOUR)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1)
    # The bundled table was extracted from these very files, so audio in gives
    # the predictions of the fitted steps on the bundled rows.
    pipeline = skser.load(model)
    expected = pipeline[1:].predict(X.loc[names])
    assert table["predicted"].tolist() == expected.tolist()
    # Without --out, the CSV goes to stdout.
    assert main(["predict", str(model), files[0], "-q"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].startswith("path,predicted,probability_")
    assert files[0] in printed


def test_train_needs_a_corpus_or_bundled_features(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["train", "-o", str(tmp_path / "m.skser")])
    assert "one of the arguments --corpus --bundled is required" in (
        capsys.readouterr().err
    )


def test_predict_refuses_a_silent_recording_instead_of_answering(trained, tmp_path):
    silent = tmp_path / "silent.wav"
    sf.write(silent, np.zeros(32000), 16000)
    model = tmp_path / "model.skser"
    skser.save(trained, model)
    with pytest.raises(ExtractionError, match="silent.wav: holds no usable signal"):
        predict_files(trained, [str(silent)])
    assert main(["predict", str(model), str(silent), "-q"]) == 1
