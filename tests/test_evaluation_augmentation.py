"""evaluate_augmentation: Latif's real / synthetic / real + synthetic study, tidy."""

import warnings

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skser import MixupGANAugmenter
from skser.evaluation import AUGMENTATION_MODELS, evaluate_augmentation
from skser.evaluation._augmentation import scored_transfer, source_folds
from skser.evaluation._corpora import study_transfer
from skser.utils import RESULT_COLUMNS, check_results

FAST = {"max_epochs": 2, "random_state": 0, "generator_sizes": (16,),
        "discriminator_sizes": (16, 8), "noise_dim": 4}  # fmt: skip
CENTRES = {"angry": [6.0, 0.0, 0.0], "happy": [0.0, 6.0, 0.0], "sad": [0.0, 0.0, 6.0]}


@pytest.fixture
def separated():
    """Three well-separated classes, 30 rows each."""
    rng = np.random.default_rng(0)
    labels = np.repeat(list(CENTRES), 30)
    X = np.array([CENTRES[label] for label in labels]) + rng.normal(0, 0.5, (90, 3))
    return X, labels


def test_values_of_a_constant_classifier_pin_the_scored_rows(separated):
    X, y = separated
    # The transfer corpus has two of the source's classes and one it never saw.
    other_y = np.array(["angry"] * 4 + ["sad"] * 2 + ["fear"] * 6)
    other = (np.random.default_rng(1).normal(size=(12, 3)), other_y)
    results = evaluate_augmentation(
        X, y, cv=StratifiedKFold(2), transfer={"other": other}, source="mine",
        augmenter=MixupGANAugmenter(**FAST),
        classifier=DummyClassifier(strategy="most_frequent"),
    )  # fmt: skip
    check_results(results)
    assert list(results.columns) == [*RESULT_COLUMNS, "gan", "train"]
    # 2 folds x (real + 2 GANs x 2 training sets) x 2 corpora.
    assert len(results) == 2 * 5 * 2
    assert set(results["model"]) == set(AUGMENTATION_MODELS.values())
    assert set(results["metric"]) == {"balanced_accuracy_3class"}
    source = results[results["corpus"] == "mine"]
    target = results[results["corpus"] == "other"]
    assert set(source["role"]) == {"source"} and set(target["role"]) == {"target"}
    # Classes tie in every training set, so the dummy says "angry" (the first):
    # recall 1 for angry, 0 for the other two classes of the held-out rows.
    np.testing.assert_allclose(source["value"], 1 / 3)
    # Transfer: the "fear" rows are left out; angry 1, sad 0 -> 1/2 (not 1/3).
    np.testing.assert_allclose(target["value"], 1 / 2)
    real = results[results["train"] == "real"]
    assert set(real["gan"]) == {"none"} and set(real["model"]) == {"real rows"}
    plain = results[results["gan"] == "plain"]
    plain_names = {AUGMENTATION_MODELS["plain", kind]
                   for kind in ("synthetic", "real+synthetic")}  # fmt: skip
    assert set(plain["model"]) == plain_names


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_real_rows_classify_separated_classes(separated):
    X, y = separated
    rng = np.random.default_rng(1)
    other = (X[::3] + rng.normal(0, 0.1, X[::3].shape), y[::3])
    results = evaluate_augmentation(
        X, y, cv=StratifiedKFold(2), transfer={"other": other}, ablation=False,
        augmenter=MixupGANAugmenter(**FAST),
        classifier=MLPClassifier((8,), max_iter=1000, random_state=0),
    )  # fmt: skip
    assert len(results) == 2 * 3 * 2  # folds x training sets x corpora
    real = results[results["train"] == "real"]
    # Well-separated classes: the real-data classifier is near perfect on both.
    assert real["value"].min() >= 0.9, real


def test_a_sequence_of_seeds_reseeds_the_given_models(separated):
    X, y = separated
    settings = {"cv": 2, "ablation": False,
                "classifier": DummyClassifier(strategy="stratified")}  # fmt: skip
    both = evaluate_augmentation(
        X, y, augmenter=MixupGANAugmenter(**FAST), random_state=[0, 1], **settings
    )
    one = evaluate_augmentation(
        X, y, augmenter=MixupGANAugmenter(**{**FAST, "random_state": 1}),
        classifier=DummyClassifier(strategy="stratified", random_state=1),
        random_state=1, **{k: v for k, v in settings.items() if k != "classifier"},
    )  # fmt: skip
    assert set(both["seed"]) == {0, 1}
    second = both[both["seed"] == 1].reset_index(drop=True)
    np.testing.assert_array_equal(second["value"], one["value"])
    assert list(second["model"]) == list(one["model"])
    # The seeds differ somewhere (folds, GAN, classifier): not the same run twice.
    first = both[both["seed"] == 0].reset_index(drop=True)
    assert not np.array_equal(first["value"], second["value"])


def _constant():
    return DummyClassifier(strategy="most_frequent")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"transfer": {"urdu": (np.zeros((3, 3)), ["x", "y", "z"])}},
         "transfer corpus 'urdu' holds none of the source's classes"),
        ({"transfer": {"urdu": np.zeros((3, 3))}},
         r"transfer corpus 'urdu' must be a pair \(X, y\)"),
        ({"transfer": {"urdu": (np.zeros((3, 3)), ["sad"])}},
         r"transfer corpus 'urdu': X of shape \(3, 3\) and 1 labels"),
        ({"transfer": {"urdu": (np.zeros((2, 4)), ["sad", "sad"])}},
         "transfer corpus 'urdu' has 4 features, the source 3"),
        ({"random_state": [1, 1]}, "distinct ints"),
        ({"adapt_fraction": -0.1}, r"adapt_fraction must be in \[0, 1\), got -0.1"),
        ({"transfer": {"urdu": (np.zeros((5, 3)), ["sad"] * 5)}},
         r"transfer corpus 'urdu' has 5 row\(s\) \(0 outlying\); with "
         r"adapt_fraction=0.2 it needs at least 6"),
        ({"transfer": {"urdu": (np.zeros((1, 3)), ["sad"])}, "adapt_fraction": 0},
         None),
        ({"transfer": {"urdu": (np.r_[np.zeros((6, 3)), [[0, np.nan, 0]]],
                                ["sad"] * 7)}},
         r"transfer corpus 'urdu' has 1 row\(s\) with a missing or infinite "
         r"feature \(first: row 6, column 1, value nan\)"),
        ({"transfer": {"mine": (np.zeros((9, 3)), ["sad"] * 9)}, "source": "mine"},
         "transfer corpus 'mine' has the source's name"),
    ],
    ids=["no-shared-class", "not-a-pair", "rows-labels", "features",
         "repeated-seed", "adapt-fraction", "too-small", "one-row-unadapted",
         "missing-feature", "source-name"],
)  # fmt: skip
def test_bad_inputs_are_named_before_any_fit(separated, change, message):
    X, y = separated
    if message is None:  # a control: one row is enough when none standardises
        change["augmenter"], change["ablation"] = MixupGANAugmenter(**FAST), False
        evaluate_augmentation(X, y, cv=2, classifier=_constant(), **change)
        return
    with pytest.raises(ValueError, match=message):
        evaluate_augmentation(X, y, cv=2, classifier=_constant(), **change)


def test_missing_or_too_few_labels_are_refused(separated):
    X, y = separated
    y = y.astype(object)
    y[5] = None
    with pytest.raises(ValueError, match=r"1 missing label\(s\) \(first: row 5\)"):
        evaluate_augmentation(X, y, cv=2, classifier=_constant())
    with pytest.raises(ValueError, match="X has 90 rows but y has 89 labels"):
        evaluate_augmentation(X, y[1:], cv=2, classifier=_constant())


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_a_source_feature_that_is_not_finite_is_named(separated, value):
    X, y = separated
    X = X.copy()
    X[4, 2] = value
    with pytest.raises(ValueError, match=rf"the source's X has 1 row\(s\) with a "
                       rf"missing or infinite feature \(first: row 4, column 2, "
                       rf"value {value}\)"):  # fmt: skip
        evaluate_augmentation(X, y, cv=2, classifier=_constant())


def _scaled_by_hand(X, fit_rows, rows):
    mean, std = X[fit_rows].mean(axis=0), X[fit_rows].std(axis=0)
    return (X[rows] - mean) / std


def test_a_transfer_corpus_is_standardised_and_scored_as_in_the_protocol():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 2))
    X[0] = [1000.0, 0.0]  # |z| = 10.86 > 10 among 120 rows: an outlier
    X[2] = X[1]  # one recording held twice
    labels = np.array(["sad", "angry"] * 60)
    with pytest.warns(UserWarning, match=r"other: 1 recording\(s\) in 2 rows"):
        corpora = study_transfer({"other": (X, labels)}, ["sad", "angry"], 2, 0.2)
    fold_scaler = make_pipeline(StandardScaler()).fit(rng.normal(5, 3, (50, 2)))
    # The protocol's draw for seed 3: the first ceil(0.2 * 120) = 24 rows of a
    # permutation standardise; the twin drawn second follows the first's side.
    order = list(np.random.RandomState(3).permutation(120))
    adapting = set(order[:24])
    first, second = sorted([1, 2], key=order.index)
    adapting.discard(second)
    if first in adapting:
        adapting.add(second)
    adapt_rows = np.array(sorted(adapting - {0}))
    scored_rows = np.array(sorted(set(range(120)) - adapting - {0}))
    X_scored, y_scored = scored_transfer(fold_scaler, corpora, 0.2, 3)["other"]
    np.testing.assert_allclose(X_scored, _scaled_by_hand(X, adapt_rows, scored_rows))
    np.testing.assert_array_equal(y_scored, labels[scored_rows])
    assert len(X_scored) == 120 - 1 - len(adapt_rows)
    # 0: the fold's source statistics, every row but the outlier scored.
    X_all, y_all = scored_transfer(fold_scaler, corpora, 0, 3)["other"]
    np.testing.assert_allclose(X_all, fold_scaler.transform(X[1:]))
    np.testing.assert_array_equal(y_all, labels[1:])


def test_no_adaptation_scores_the_transfer_corpus_with_the_folds_scaling(separated):
    X, y = separated
    X_other = np.random.default_rng(2).normal(3.0, 2.0, (20, 3))
    y_other = np.array(["angry", "happy", "sad", "fear"] * 5)
    results = evaluate_augmentation(
        X, y, cv=StratifiedKFold(2), transfer={"other": (X_other, y_other)},
        adapt_fraction=0, augmenter=MixupGANAugmenter(**FAST), ablation=False,
        classifier=LogisticRegression(),
    )  # fmt: skip
    for fold, (train, _) in enumerate(StratifiedKFold(2).split(X, y)):
        scaler = StandardScaler().fit(X[train])
        model = LogisticRegression().fit(scaler.transform(X[train]), y[train])
        known = y_other != "fear"
        expected = balanced_accuracy_score(
            y_other[known], model.predict(scaler.transform(X_other[known]))
        )
        row = results.query(f"fold == {fold} and train == 'real' and corpus == 'other'")
        assert row["value"].item() == pytest.approx(expected, abs=1e-12)


def test_old_path_warns_and_serves_the_same_function():
    import skser.augmentation

    with pytest.warns(FutureWarning, match=r"import evaluate_augmentation from "
                      r"skser.evaluation instead"):  # fmt: skip
        old = skser.augmentation.evaluate_augmentation
    assert old is evaluate_augmentation
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from skser import evaluate_augmentation as top

    assert top is evaluate_augmentation


def test_a_number_of_folds_keeps_groups_apart_and_follows_the_seed(separated):
    X, y = separated
    speakers = np.tile(["s1", "s2", "s3", "s4", "s5", "s6"], 15)
    folds = source_folds(3, X, y, speakers, seed=0)
    assert len(folds) == 3
    for train, test in folds:
        assert not set(speakers[train]) & set(speakers[test])
    tested = np.sort(np.concatenate([test for _, test in folds]))
    np.testing.assert_array_equal(tested, np.arange(len(y)))
    # Without groups: stratified folds, reshuffled by another seed.
    first = [test for _, test in source_folds(3, X, y, None, seed=0)]
    for test in first:
        assert {label: int((y[test] == label).sum()) for label in CENTRES} == {
            "angry": 10, "happy": 10, "sad": 10
        }  # fmt: skip
    other = [test for _, test in source_folds(3, X, y, None, seed=1)]
    assert any(not np.array_equal(a, b) for a, b in zip(first, other, strict=True))
