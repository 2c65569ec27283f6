"""`import skser` starts nothing heavy: no torch, scikit-learn, imbalanced-learn,
transformers, captum or openSMILE; each public name loads its module on first use."""

import subprocess
import sys


def test_import_skser_loads_no_heavy_package():
    code = (
        "import sys, skser; "
        "print(sorted(m for m in ('torch', 'transformers', 'captum', 'opensmile', "
        "'skorch', 'audinterface', 'imblearn', 'sklearn') if m in sys.modules))"
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
        "skser.augmentation._gan",
        "skser.neural_network._classifiers",
        "skser.persistence",
    ]


def test_every_public_name_imports_from_skser():
    code = (
        "import sys, skser; from skser import *; "
        "print(sorted(n for n in skser.__all__ if n not in globals())); "
        "print('imblearn' in sys.modules, skser.Pipeline.__module__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "True skser.compose"]
