"""evaluate_label_fractions: multi-task vs single-task AAE vs supervised, tidy."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from skser import MultiTaskAAE
from skser.evaluation import LABEL_FRACTION_MODELS, evaluate_label_fractions
from skser.evaluation._label_fractions import mask_labels
from skser.utils import RESULT_COLUMNS, check_results

FAST = {"max_epochs": 2, "random_state": 0, "hidden_layer_sizes": (8,),
        "style_dim": 2}  # fmt: skip


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    emotion = np.array(["angry", "happy", "sad"])[np.arange(60) % 3]
    X = rng.standard_normal((60, 5))
    X[:, 0] += 4 * (emotion == "angry")
    X[:, 1] += 4 * (emotion == "sad")
    y = pd.DataFrame({
        "emotion": emotion,
        "speaker": np.array(["s1", "s2", "s3", "s4", "s5"])[np.arange(60) % 5],
        "gender": np.array(["female", "male"])[np.arange(60) % 2],
    })  # fmt: skip
    return X, y


def test_mask_keeps_a_rounded_share_of_each_class():
    labels = np.array(["a", "a", "a", "a", "b", "b", "c"])
    masked = mask_labels(labels, 0.5, np.random.default_rng(0))
    kept = pd.Series(masked).dropna()
    # round(0.5 * 4) = 2 of a, round(0.5 * 2) = 1 of b, max(1, round(0.5)) = 1 of c.
    assert kept.value_counts().to_dict() == {"a": 2, "b": 1, "c": 1}
    assert (labels[kept.index] == kept.to_numpy()).all()


@given(
    counts=st.lists(st.integers(1, 30), min_size=1, max_size=4),
    fraction=st.floats(0.01, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_mask_properties(counts, fraction, seed):
    labels = np.repeat([f"class{i}" for i in range(len(counts))], counts)
    masked = mask_labels(labels, fraction, np.random.default_rng(seed))
    known = pd.notna(masked)
    # Kept labels are the true ones; each class keeps max(1, round(f n)) rows.
    assert (masked[known] == labels[known]).all()
    for i, count in enumerate(counts):
        n_kept = int((masked == f"class{i}").sum())
        assert n_kept == max(1, int(round(fraction * count)))
    # The same generator state draws the same mask.
    again = mask_labels(labels, fraction, np.random.default_rng(seed))
    assert (pd.isna(again) == ~known).all()
    if fraction == 1.0:
        assert known.all()


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_rows_and_the_supervised_value_by_an_independent_route(data):
    X, y = data
    transfer = {"copy": (X[:30], y[:30]["emotion"].to_numpy())}
    cv = StratifiedKFold(2)
    results = evaluate_label_fractions(
        X, y, cv=cv, fractions=(0.1, 1.0), transfer=transfer,
        model=MultiTaskAAE(**FAST), source="mine",
    )  # fmt: skip
    check_results(results)
    assert list(results.columns) == [*RESULT_COLUMNS, "fraction", "system"]
    assert len(results) == 2 * 2 * 3 * 2  # folds x fractions x systems x corpora
    assert set(results["system"]) == set(LABEL_FRACTION_MODELS.values())
    assert set(results["role"][results["corpus"] == "mine"]) == {"source"}
    assert set(results["role"][results["corpus"] == "copy"]) == {"target"}
    assert "multi-task AAE, 10% labels" in set(results["model"])
    # The supervised MLP with every label, fold 1, refitted here by hand.
    train, test = list(cv.split(X, y["emotion"]))[1]
    scaler = StandardScaler().fit(X[train])
    mlp = MLPClassifier((8,), max_iter=500, random_state=0).fit(
        scaler.transform(X[train]), y["emotion"].to_numpy()[train]
    )
    expected = balanced_accuracy_score(
        y["emotion"].to_numpy()[test], mlp.predict(scaler.transform(X[test]))
    )
    row = results.query("fold == 1 and model == 'supervised MLP, 100% labels' "
                        "and corpus == 'mine'")  # fmt: skip
    assert row["value"].item() == pytest.approx(expected, abs=1e-12)
    # The transfer copy is standardised with a fixed 20% of its rows (the
    # protocol's draw for seed 0: the first ceil(0.2 * 30) = 6 of a permutation)
    # and scored on the other 24; 30 rows hold no |z| > 10 and no duplicate.
    order = np.random.RandomState(0).permutation(30)
    adapt_rows, scored_rows = order[:6], np.sort(order[6:])
    own = StandardScaler().fit(X[adapt_rows]).transform(X[scored_rows])
    labels = transfer["copy"][1][scored_rows]
    expected = balanced_accuracy_score(labels, mlp.predict(own))
    assert expected != pytest.approx(
        balanced_accuracy_score(
            transfer["copy"][1], mlp.predict(StandardScaler().fit_transform(X[:30]))
        )
    )  # (the old way, every row scaled and scored, would give another value)
    row = results.query("fold == 1 and model == 'supervised MLP, 100% labels' "
                        "and corpus == 'copy'")  # fmt: skip
    assert row["value"].item() == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fractions": (0.0, 0.5)}, r"fractions must be shares .* got 0.0"),
        ({"fractions": (1.5,)}, r"fractions must be shares .* got 1.5"),
        ({"fractions": ()}, "got none"),
        ({"auxiliary": ("accent",)}, "accent"),
        ({"emotion": "feeling"}, "feeling"),
        ({"transfer": {"urdu": (np.zeros((2, 5)), ["x", "y"])}},
         "transfer corpus 'urdu' holds none of the source's classes"),
        ({"transfer": {"urdu": (np.zeros((2, 3)), ["sad", "sad"])}},
         "transfer corpus 'urdu' has 3 features, the source 5"),
        ({"adapt_fraction": 1.0}, r"adapt_fraction must be in \[0, 1\), got 1.0"),
        ({"transfer": {"urdu": (np.ones((4, 5)), ["sad"] * 4)}},
         "transfer corpus 'urdu' has 4 row.* it needs at least 6"),
        ({"transfer": {"urdu": (np.full((6, 5), np.inf), ["sad"] * 6)}},
         "transfer corpus 'urdu' has 6 row.* infinite feature .*row 0, column 0"),
        ({"transfer": {"source": (np.ones((9, 5)), ["sad"] * 9)}},
         "transfer corpus 'source' has the source's name"),
    ],
    ids=["zero", "above-one", "empty", "auxiliary", "emotion", "transfer",
         "features", "adapt-fraction", "too-small", "infinite", "source-name"],
)  # fmt: skip
def test_bad_inputs_are_named_before_any_fit(data, change, message):
    X, y = data
    with pytest.raises(ValueError, match=message):
        evaluate_label_fractions(X, y, cv=2, model=MultiTaskAAE(**FAST), **change)


def test_a_source_row_without_emotion_is_refused(data):
    X, y = data
    y = y.assign(emotion=y["emotion"].where(y.index != 7))
    with pytest.raises(ValueError, match=r"y\['emotion'\] has 1 missing label"):
        evaluate_label_fractions(X, y, cv=2, model=MultiTaskAAE(**FAST))


def test_old_paths_warn_and_serve_the_same_function():
    import skser.autoencoders
    import skser.latent

    for module in (skser.latent, skser.autoencoders):
        with pytest.warns(FutureWarning, match=r"import evaluate_label_fractions "
                          r"from skser.evaluation instead"):  # fmt: skip
            assert module.evaluate_label_fractions is evaluate_label_fractions
