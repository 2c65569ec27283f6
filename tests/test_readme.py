import re
from pathlib import Path

import numpy as np

README = Path(__file__).parents[1] / "README.md"

# The README trains with the default 50 epochs (21 fits: about 50 s on two busy
# cores); 10 epochs run the same code in a fifth of the time.
FULL, FEWER = (
    'MetricDAE(target="activation")',
    'MetricDAE(target="activation", max_epochs=10)',
)


def test_readme_example_on_bundled_data_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    bundled = [block for block in blocks if "load_bundled" in block]
    assert bundled, "the README lost its example on the bundled data"
    assert bundled[0].count(FULL) == 1, f"the README example lost {FULL}"
    namespace = {}
    code = bundled[0].replace(FULL, FEWER)
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102
    scores, search = namespace["scores"], namespace["search"]
    assert scores.shape == (5,)
    # Four classes: chance is 0.25.
    assert 0.3 < scores.mean() <= 1.0
    assert search.best_params_["metricdae__metric_weight"] in [0.1, 1, 10]


LABEL_FRAME = Path(__file__).parents[1] / "docs" / "user_guide" / "label_frame.rst"


def test_label_frame_page_sampler_example_runs():
    page = LABEL_FRAME.read_text()
    blocks = re.findall(
        r"\.\. code-block:: python\n\n((?:   .*\n|\n)+)", page, flags=re.M
    )
    sampler = [block for block in blocks if "ColumnSampler" in block]
    assert sampler, "the label frame page lost its ColumnSampler example"
    code = "\n".join(line[3:] for line in sampler[0].splitlines())
    namespace = {}
    exec(compile(code, "label_frame.rst", "exec"), namespace)  # noqa: S102
    scores, proba = namespace["scores"], namespace["proba"]
    # Seven classes: chance is 1/7.
    assert scores.shape == (3,) and 0.3 < scores.mean() <= 1.0
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
