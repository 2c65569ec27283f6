"""`import skser` starts nothing heavy: no torch, transformers, captum or openSMILE."""

import subprocess
import sys


def test_import_skser_loads_no_heavy_package():
    code = (
        "import sys, skser; "
        "print(sorted(m for m in ('torch', 'transformers', 'captum', 'opensmile', "
        "'skorch', 'audinterface') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_torch_models_load_on_first_use():
    code = (
        "import sys, skser; before = 'torch' in sys.modules; "
        "models = [skser.MetricDAE, skser.MultiTaskAAE, skser.MixupGANAugmenter, "
        "skser.RawCNNLSTMClassifier, skser.save]; "
        "print(before, 'torch' in sys.modules, *(m.__module__ for m in models))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [
        "False",
        "True",
        "skser.latent._autoencoders",
        "skser.latent._adversarial",
        "skser.augmentation",
        "skser.classifiers",
        "skser.persistence",
    ]
