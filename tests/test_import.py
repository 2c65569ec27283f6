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


def test_latent_models_load_on_first_use():
    code = "import skser; print(skser.MetricDAE.__module__, 'torch' in dir(skser))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["skser.autoencoders", "False"]
