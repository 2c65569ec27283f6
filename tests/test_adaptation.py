"""Adapting the code and the classifier to a corpus with its unlabelled rows."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from test_evaluation import make_corpus

from skser import make_pipeline
from skser.compose import TargetColumn
from skser.evaluation import cross_corpus_validate
from skser.preprocessing import (
    AdaptiveScaler,
    BalancedSelfTraining,
    LabelShiftAdapter,
    ShiftRobustSelector,
    adapt,
    adapt_classifier,
    adjust_posteriors,
    balanced_pseudo_labels,
    bbse_class_priors,
    distribution_shift,
    em_class_priors,
)

# -- the maths ------------------------------------------------------------------


def test_adjust_posteriors_by_hand():
    # p = (0.6, 0.4), weights pi_t / pi_s = (0.25 / 0.5, 0.75 / 0.5) = (0.5, 1.5):
    # (0.3, 0.6) / 0.9 = (1/3, 2/3).
    adjusted = adjust_posteriors([[0.6, 0.4]], [0.5, 0.5], [0.25, 0.75])
    np.testing.assert_allclose(adjusted, [[1 / 3, 2 / 3]])


def posteriors(n_classes):
    return arrays(
        float, st.tuples(st.integers(1, 20), st.just(n_classes)),
        elements=st.floats(0.01, 1),
    ).map(lambda p: p / p.sum(axis=1, keepdims=True))  # fmt: skip


@given(posteriors(3), arrays(float, 3, elements=st.floats(0.05, 1)))
def test_adjusting_to_the_same_priors_changes_nothing(p, priors):
    np.testing.assert_allclose(adjust_posteriors(p, priors, priors), p)


@given(posteriors(3), arrays(float, 3, elements=st.floats(0.05, 1)),
       arrays(float, 3, elements=st.floats(0.05, 1)))  # fmt: skip
def test_adjusted_posteriors_are_distributions(p, source, target):
    adjusted = adjust_posteriors(p, source, target)
    np.testing.assert_allclose(adjusted.sum(axis=1), 1)
    assert (adjusted >= 0).all()


def test_em_priors_solve_the_fixed_point_by_hand():
    # With priors (a, 1 - a) against (0.5, 0.5), row (0.9, 0.1) moves to
    # 0.9a / (0.1 + 0.8a) and row (0.1, 0.9) to 0.1a / (0.9 - 0.8a); the fixed
    # point a = (2 * 0.9a / (0.1 + 0.8a) + 0.1a / (0.9 - 0.8a)) / 3 gives, with
    # u = 0.8a, 3u^2 - 4.1u + 1.36 = 0: u = 0.8 (a = 1, degenerate) or
    # u = 3.4 / 6 (a = 17 / 24), the one EM reaches from a = 0.5.
    p = [[0.9, 0.1], [0.9, 0.1], [0.1, 0.9]]
    a = em_class_priors(p, [0.5, 0.5])[0]
    assert a == pytest.approx(17 / 24, abs=1e-6)
    fixed = (2 * 0.9 * a / (0.1 + 0.8 * a) + 0.1 * a / (0.9 - 0.8 * a)) / 3
    assert fixed == pytest.approx(a, abs=1e-7)


def test_em_priors_stay_when_the_posteriors_average_to_them():
    p = np.array([[0.7, 0.3], [0.3, 0.7]])  # mean (0.5, 0.5) = the priors
    np.testing.assert_allclose(em_class_priors(p, [0.5, 0.5]), [0.5, 0.5])


def test_em_recovers_the_priors_of_a_known_mixture():
    # Two unit Gaussians at 0 and 2 with source priors 1/2: the exact posterior
    # is a logistic of 2x - 2. Target: 20 % / 80 %.
    rng = np.random.default_rng(0)
    x = np.r_[rng.normal(0, 1, 2000), rng.normal(2, 1, 8000)]
    p1 = 1 / (1 + np.exp(-(2 * x - 2)))
    priors = em_class_priors(np.c_[1 - p1, p1], [0.5, 0.5])
    np.testing.assert_allclose(priors, [0.2, 0.8], atol=0.02)


def test_bbse_by_hand():
    # C w = mu with C = [[.4, .1], [.1, .4]], mu = (.7, .3): det .15,
    # w = ((.28 - .03) / .15, (.12 - .07) / .15) = (5/3, 1/3); priors = w / 2
    # normalised = (5/6, 1/6).
    priors = bbse_class_priors([[0.4, 0.1], [0.1, 0.4]], [0.7, 0.3], [0.5, 0.5])
    np.testing.assert_allclose(priors, [5 / 6, 1 / 6])


def test_bbse_clips_negative_weights():
    # mu outside what C can produce: w2 < 0 is clipped, all mass on class 1.
    priors = bbse_class_priors([[0.4, 0.1], [0.1, 0.4]], [1.0, 0.0], [0.5, 0.5])
    np.testing.assert_allclose(priors, [1.0, 0.0])


def test_prior_vectors_are_checked():
    with pytest.raises(ValueError, match="source_priors must be 2"):
        adjust_posteriors([[0.5, 0.5]], [1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="at least one row"):
        em_class_priors(np.empty((0, 2)), [0.5, 0.5])


def test_distribution_shift_by_hand():
    # Column 1: {0,1,2,3} vs {2,3,4,5}; the ECDFs differ most at 1 (0.5 vs 0).
    shift = distribution_shift(np.c_[[0, 1, 2, 3], [0, 1, 2, 3]],
                               np.c_[[0, 1, 2, 3], [2, 3, 4, 5]])  # fmt: skip
    np.testing.assert_allclose(shift, [0.0, 0.5])


@given(arrays(float, (8, 2), elements=st.floats(-5, 5)))
def test_a_corpus_does_not_shift_from_itself(X):
    np.testing.assert_allclose(distribution_shift(X, X), 0)


def test_balanced_pseudo_labels_take_the_same_number_per_class():
    predicted = np.array(["a"] * 8 + ["b"] * 2)
    confidence = np.arange(10.0)
    chosen = balanced_pseudo_labels(predicted, confidence, ["a", "b"], per_class=2)
    # the two surest "a" (rows 6 and 7) and both "b"
    assert np.flatnonzero(chosen).tolist() == [6, 7, 8, 9]


# -- the code -------------------------------------------------------------------


def test_adaptive_scaler_standardises_each_corpus_with_its_own_statistics():
    scaler = AdaptiveScaler().fit([[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_allclose(scaler.transform([[1.0, 2.0]]), [[0.0, 0.0]])
    adapted = scaler.adapt([[10.0, 0.0], [14.0, 0.0]])
    np.testing.assert_allclose(adapted.mean_, [12.0, 0.0])
    np.testing.assert_allclose(adapted.scale_, [2.0, 1.0])  # constant -> 1
    with pytest.raises(ValueError, match="at least 2 rows"):
        scaler.adapt([[1.0, 1.0]])


def test_adapt_adapts_the_code_scaler_of_a_pipeline():
    X_source = np.c_[np.arange(10.0), np.arange(10.0) * 2]
    pipe = make_pipeline(StandardScaler(), AdaptiveScaler()).fit(X_source)
    # After the (refitted) StandardScaler, the new rows are standardised already:
    # the code scaler then sees mean 0, scale 1.
    adapted = adapt(pipe, X_source * 5 + 3)
    np.testing.assert_allclose(adapted[-1].mean_, 0, atol=1e-12)
    np.testing.assert_allclose(adapted[-1].scale_, 1)
    assert pipe[-1] is not adapted[-1]


def shifted_frame(n=300, seed=0):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(n, 3)), rng.normal(size=(n, 3))
    b[:, 2] = rng.exponential(size=n)  # a change of shape: survives scaling
    b[:, 1] = b[:, 1] * 4 + 10  # a change of mean and scale only
    X = pd.DataFrame(np.r_[a, b], columns=["f0", "f1", "f2"])
    y = pd.DataFrame({"corpus": ["src"] * n + ["tgt"] * n,
                      "emotion": ["sad"] * n + [np.nan] * n})  # fmt: skip
    return X, y


def test_shift_robust_selector_drops_the_feature_whose_shape_changes():
    X, y = shifted_frame()
    selector = ShiftRobustSelector(n_drop=1).fit(X, y)
    assert selector.get_feature_names_out().tolist() == ["f0", "f1"]
    # f1's mean and scale changed, but each corpus is standardised first
    assert selector.shift_scores_[1] < 0.1 < selector.shift_scores_[2]


def test_shift_robust_selector_compares_with_the_reference_given():
    X, y = shifted_frame()
    scores = ShiftRobustSelector(n_drop=0, reference="tgt").fit(X, y).shift_scores_
    np.testing.assert_allclose(
        scores, ShiftRobustSelector(n_drop=0).fit(X, y).shift_scores_
    )


def test_shift_robust_selector_says_what_it_cannot_do():
    X, y = shifted_frame()
    with pytest.warns(UserWarning, match="every row is from corpus 'src'"):
        kept = ShiftRobustSelector(n_drop=1).fit(X[:300], y[:300]).get_support()
    assert kept.all()
    with pytest.raises(ValueError, match="no column 'domain'"):
        ShiftRobustSelector(1, domain_column="domain").fit(X, y)
    with pytest.raises(ValueError, match="reference corpus 'x' not in y"):
        ShiftRobustSelector(1, reference="x").fit(X, y)
    with pytest.raises(ValueError, match="n_drop=3 would drop every one"):
        ShiftRobustSelector(n_drop=3).fit(X, y)


# -- the classifier -------------------------------------------------------------


def shifted_classes(seed=0, n=200):
    """Source classes at 0 and 4; the target's at 2.5 and 6.5 (a shift of 2.5)."""
    rng = np.random.default_rng(seed)
    X = np.r_[rng.normal(0, 1, n), rng.normal(4, 1, n)][:, None]
    y = np.array(["a"] * n + ["b"] * n, dtype=object)
    return X, y, X + 2.5, y


def test_self_training_follows_a_shifted_corpus():
    X, y, X_target, y_target = shifted_classes()
    source_only = LinearSVC().fit(X, y)
    model = BalancedSelfTraining(LinearSVC(), share=0.2, n_rounds=3).fit(X, y)
    before = np.mean(source_only.predict(X_target) == y_target)
    after = np.mean(model.adapt(X_target).predict(X_target) == y_target)
    # The source boundary (2) sits in the target's class "a" (mean 2.5).
    assert before < 0.75
    assert after > before + 0.05  # 0.64 -> 0.71: the source rows still weigh
    # Class balance: 3 rounds x 20 % of 400 rows = 240 rows, at most 120 per
    # class; "b" is predicted often enough to fill its 120, "a" is not.
    kept = model.pseudo_labels_[model.pseudo_labels_ != None]  # noqa: E711
    assert (kept == "b").sum() == 120
    assert 0 < (kept == "a").sum() < 120


def test_self_training_reads_missing_labels_as_unlabelled():
    X, y, X_target, _ = shifted_classes()
    X_all = np.r_[X, X_target]
    y_all = np.r_[y, [np.nan] * len(X_target)].astype(object)
    fitted = BalancedSelfTraining(LinearSVC(), n_rounds=1).fit(X_all, y_all)
    assert len(fitted.pseudo_labels_) == len(X_target)
    assert fitted.classes_.tolist() == ["a", "b"]
    same = BalancedSelfTraining(LinearSVC(), n_rounds=1).fit(X, y).adapt(X_target)
    np.testing.assert_array_equal(fitted.pseudo_labels_, same.pseudo_labels_)


def test_self_training_without_rounds_is_the_source_classifier():
    X, y, X_target, _ = shifted_classes()
    model = BalancedSelfTraining(LinearSVC(), n_rounds=0).fit(X, y).adapt(X_target)
    np.testing.assert_array_equal(
        model.predict(X_target), LinearSVC().fit(X, y).predict(X_target)
    )


def label_shifted(seed=0):
    rng = np.random.default_rng(seed)
    X = np.r_[rng.normal(0, 1, (300, 1)), rng.normal(2, 1, (100, 1))]
    y = np.r_[[0] * 300, [1] * 100]
    X_new = np.r_[rng.normal(0, 1, (100, 1)), rng.normal(2, 1, (300, 1))]
    return X, y, X_new, np.r_[[0] * 100, [1] * 300]


@pytest.mark.parametrize("method", ["em", "bbse"])
def test_label_shift_estimates_the_new_priors_and_helps(method):
    X, y, X_new, y_new = label_shifted()
    model = LabelShiftAdapter(LogisticRegression(), method=method).fit(X, y)
    np.testing.assert_allclose(model.source_priors_, [0.75, 0.25])
    before = np.mean(model.predict(X_new) == y_new)
    model.adapt(X_new)
    np.testing.assert_allclose(model.target_priors_, [0.25, 0.75], atol=0.07)
    assert np.mean(model.predict(X_new) == y_new) > before + 0.1


def test_label_shift_needs_probabilities():
    with pytest.raises(ValueError, match="predict_proba"):
        LabelShiftAdapter(LinearSVC()).fit([[0.0], [1.0]], [0, 1])


def test_adapt_classifier_copies_and_reaches_inside_target_column():
    X, y, X_new, _ = label_shifted()
    frame = pd.DataFrame({"emotion": y})
    wrapped = TargetColumn(LabelShiftAdapter(LogisticRegression()), "emotion")
    wrapped.fit(X, frame)
    adapted = adapt_classifier(wrapped, X_new)
    assert adapted.estimator_.target_priors_[1] > 0.6
    np.testing.assert_allclose(wrapped.estimator_.target_priors_, [0.75, 0.25])
    plain = LinearSVC().fit(X, y)
    assert adapt_classifier(plain, X_new) is plain


# -- in the protocol ------------------------------------------------------------


class RecordingAdapter(ClassifierMixin, BaseEstimator):
    """A LinearSVC that records the rows each adapted copy was given."""

    seen = []

    def fit(self, X, y):
        self.model_ = LinearSVC().fit(X, y)
        self.classes_ = self.model_.classes_
        self.adapted_rows_ = None
        return self

    def adapt(self, X):
        self.adapted_rows_ = len(X)
        RecordingAdapter.seen.append(len(X))
        return self

    def predict(self, X):
        # unadapted: the source's classes; adapted: always the first class
        if self.adapted_rows_ is None:
            return self.model_.predict(X)
        return np.full(len(X), self.classes_[0])


def test_protocol_adapts_the_classifier_on_the_adaptation_rows_only():
    source, target = make_corpus("src"), make_corpus("tgt", seed=1)
    RecordingAdapter.seen.clear()
    pipe = make_pipeline(StandardScaler())
    results, predictions = cross_corpus_validate(
        {"raw": pipe}, source, {"tgt": target}, cv=3, references=(),
        classifier=RecordingAdapter(), progress=False, return_predictions=True,
    )  # fmt: skip
    by_role = predictions.groupby("corpus")["predicted"].nunique()
    # the source keeps the source classifier; the target's copy was adapted
    assert by_role["src"] == 4 and by_role["tgt"] == 1
    n_scored = results.query("metric == 'n_scored' and corpus == 'tgt'")["value"]
    # 20 % of 150 rows adapt, 80 % (120) are scored; once per fold and class set
    assert n_scored.unique().tolist() == [120.0]
    assert RecordingAdapter.seen == [30] * 6
