"""Which acoustic feature groups a latent model relies on, per emotion (captum).

:func:`feature_attributions` attributes each latent dimension of a fitted model, or
each class score of the linear classifier at the end of a fitted pipeline, to every
input feature. :func:`group_attributions` aggregates them by eGeMAPS feature group
and emotion class, and :func:`compare_classes` tests, per group, whether two
classes lean on it differently (the zero-shot analysis of Das et al.).
"""

import copy
import warnings

import numpy as np
import pandas as pd
import torch
from scipy import stats
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted
from statsmodels.stats.multitest import multipletests

from skser.compose import TargetColumn
from skser.features import EGEMAPS_GROUPS
from skser.utils import forked_random_state

__all__ = ["compare_classes", "feature_attributions", "group_attributions"]

_METHODS = ("integrated_gradients", "gradient_shap", "deeplift")


class _Path(torch.nn.Module):
    """Features -> standardisation -> encoder -> (linear decision): one torch graph."""

    def __init__(self, encoder, mean, scale, coef=None, intercept=None):
        super().__init__()
        self.encoder = encoder
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float64))
        self.register_buffer("scale", torch.as_tensor(scale, dtype=torch.float64))
        self.decision = None
        if coef is not None:
            self.decision = torch.nn.Linear(coef.shape[1], coef.shape[0]).double()
            self.decision.weight.data = torch.as_tensor(coef, dtype=torch.float64)
            self.decision.bias.data = torch.as_tensor(intercept, dtype=torch.float64)

    def forward(self, X):
        z = self.encoder.encode((X - self.mean) / self.scale)
        return z if self.decision is None else self.decision(z)


def _linear_head(step):
    """Return (coef, intercept, output names) of a fitted linear classifier."""
    estimator = step.estimator_ if isinstance(step, TargetColumn) else step
    if not (hasattr(estimator, "coef_") and hasattr(estimator, "intercept_")):
        raise TypeError(
            f"the last step, {type(estimator).__name__}, is not a linear model with "
            "coef_ and intercept_: attributions through it need a linear classifier "
            "(e.g. LinearSVC) or no classifier at all"
        )
    coef = np.atleast_2d(estimator.coef_)
    intercept = np.atleast_1d(estimator.intercept_)
    classes = getattr(estimator, "classes_", None)
    if classes is not None and len(coef) == len(classes):
        names = [str(c) for c in classes]
    elif classes is not None and len(classes) == 2:
        names = [str(classes[1])]  # binary: one score, positive for classes_[1]
    else:
        names = [f"output{i}" for i in range(len(coef))]
    return coef, intercept, names


def _encoder(step):
    """Return the torch module of a fitted skser latent model, or None.

    A latent model is a step whose fitted skorch net (``net_``) holds a module with
    ``encode``: the DAE family and the adversarial autoencoder alike.
    """
    module = getattr(getattr(step, "net_", None), "module_", None)
    return module if callable(getattr(module, "encode", None)) else None


def _torch_path(model):
    """Build the differentiable path of a fitted model or pipeline.

    Returns ``(path, output names, feature names or None, training mean)``.
    """
    steps = list(model.steps) if hasattr(model, "steps") else [("model", model)]
    positions = [i for i, (_, s) in enumerate(steps) if _encoder(s) is not None]
    if not positions:
        for _, step in steps:  # an unfitted model says so before anything else
            check_is_fitted(step)
        names = ", ".join(type(s).__name__ for _, s in steps)
        raise TypeError(
            "feature_attributions needs a torch-backed skser latent model (DAE, "
            "MetricDAE, ClusterDAE, VAE, ClusterVAE, MultiTaskAAE), fitted; got "
            f"{names}"
        )
    position = positions[0]
    latent = steps[position][1]
    mean = np.zeros(latent.n_features_in_)
    scale = np.ones(latent.n_features_in_)
    for name, step in steps[:position]:
        if hasattr(step, "fit_resample"):
            continue  # samplers act only during fit
        if isinstance(step, StandardScaler):
            check_is_fitted(step)
            mean = step.mean_ if step.with_mean else mean
            scale = step.scale_ if step.with_std else scale
        else:
            raise TypeError(
                f"cannot differentiate through step {name!r} "
                f"({type(step).__name__}); only StandardScaler and samplers may "
                "precede the latent model"
            )
    after = steps[position + 1 :]
    if len(after) > 1:
        raise TypeError("at most one (linear) classifier may follow the latent model")
    encoder = copy.deepcopy(_encoder(latent)).double().eval()
    if after:
        coef, intercept, outputs = _linear_head(after[0][1])
        path = _Path(encoder, mean, scale, coef, intercept)
    else:
        path = _Path(encoder, mean, scale)
        # The code's own names: latent0, ... or emotion_<class>, ..., style0, ...
        outputs = [str(name) for name in latent.get_feature_names_out()]
    first = steps[0][1]
    feature_names = getattr(first, "feature_names_in_", None)
    # The model's device: the standardisation and decision join the encoder there.
    device = next(encoder.parameters()).device
    return path.to(device).eval(), outputs, feature_names, mean


def feature_attributions(
    model,
    X,
    y=None,
    *,
    method="integrated_gradients",
    baseline=None,
    n_steps=50,
    n_samples=20,
    random_state=0,
):
    """Attribute every latent dimension, or every class score, to the input features.

    Parameters
    ----------
    model : fitted latent model or Pipeline
        A skser latent model, or a pipeline of samplers, one ``StandardScaler``,
        a latent model and optionally a linear classifier (e.g.
        ``TargetColumn(LinearSVC(), "emotion")``). With a classifier the outputs
        are its per-class decision scores, otherwise the latent dimensions.
    X : array-like or DataFrame of shape (n_samples, n_features)
        Features as the model's first step takes them; a DataFrame's columns must
        match the names the model was fitted with.
    y : array-like of shape (n_samples,), default=None
        Class of each row (e.g. emotion), carried into the result for grouping.
    method : {"integrated_gradients", "gradient_shap", "deeplift"}
        captum's attribution method.
    baseline : array-like of shape (n_features,), default=None
        Reference input; by default the training mean (zeros after
        standardisation): the scaler's mean in a pipeline, zeros for a bare model.
    n_steps : int, default=50
        Integration steps of Integrated Gradients.
    n_samples : int, default=20
        Random samples per input of GradientShap (around the baseline).
    random_state : int, default=0
        Seed of GradientShap's samples. The attribution draws from private
        copies of torch's and numpy's generators: the caller's random state is
        left as it was, and equal seeds give equal attributions bit for bit.

    Returns
    -------
    attributions : DataFrame
        One row per input row and output: columns ``sample`` (the row's index in
        ``X``), ``output``, ``class`` (from ``y``, NaN without), ``delta``
        (captum's convergence delta, NaN where not given) and one column per
        feature.

    References
    ----------
    .. [1] M. Sundararajan, A. Taly, Q. Yan, "Axiomatic Attribution for Deep
       Networks", ICML 2017.
    .. [2] N. Kokhlikyan et al., "Captum: A unified and generic model
       interpretability library for PyTorch", 2020.
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(_METHODS)}, got {method!r}")
    path, outputs, feature_names, mean = _torch_path(model)
    if isinstance(X, pd.DataFrame):
        if feature_names is not None and list(X.columns) != list(feature_names):
            unknown = [c for c in X.columns if c not in set(feature_names)]
            missing = [c for c in feature_names if c not in set(X.columns)]
            raise ValueError(
                "the columns of X do not match the features the model was fitted "
                f"with: {len(unknown)} unknown (e.g. {unknown[:3]}), {len(missing)} "
                f"missing (e.g. {missing[:3]}); select and order them as in fit"
            )
        columns, index = list(X.columns), X.index
    else:
        columns = (
            list(feature_names)
            if feature_names is not None
            else [f"x{i}" for i in range(np.shape(X)[1])]
        )
        index = pd.RangeIndex(len(X))
    values = np.asarray(X, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != len(mean):
        raise ValueError(
            f"X has {values.shape[-1]} features, the model expects {len(mean)}"
        )
    device = next(path.parameters()).device
    inputs = torch.as_tensor(values, device=device)
    reference = mean if baseline is None else np.broadcast_to(baseline, mean.shape)
    reference = torch.as_tensor(np.array(reference, dtype=np.float64), device=device)
    reference = reference[None, :]
    frames = []
    for target, output in enumerate(outputs):
        # captum's GradientShap draws its noise from torch and its interpolation
        # points from np.random: both seeded, both restored afterwards.
        with forked_random_state(random_state, numpy=True):
            attr, delta = _attribute(
                method, path, inputs, reference, target, n_steps, n_samples
            )
        frame = pd.DataFrame(attr.detach().cpu().numpy(), columns=columns)
        frame.insert(0, "delta", delta.detach().cpu().numpy())
        frame.insert(0, "class", np.nan if y is None else np.asarray(y, dtype=object))
        frame.insert(0, "output", output)
        frame.insert(0, "sample", index)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _attribute(method, path, inputs, reference, target, n_steps, n_samples):
    """Return captum's ``(attributions, delta)`` of one output for every input row."""
    from captum.attr import DeepLift, GradientShap, IntegratedGradients

    if method == "integrated_gradients":
        return IntegratedGradients(path).attribute(
            inputs, baselines=reference, target=target, n_steps=n_steps,
            return_convergence_delta=True,
        )  # fmt: skip
    if method == "gradient_shap":
        attr, delta = GradientShap(path).attribute(
            inputs, baselines=reference, target=target, n_samples=n_samples,
            return_convergence_delta=True,
        )  # fmt: skip
        # One delta per sample drawn: report the mean per input row.
        return attr, delta.reshape(len(inputs), -1).mean(dim=1)
    with warnings.catch_warnings():
        # captum announces the hooks it sets on the ReLUs, every call.
        warnings.filterwarnings("ignore", "Setting forward, backward hooks")
        return DeepLift(path).attribute(
            inputs.requires_grad_(), baselines=reference, target=target,
            return_convergence_delta=True,
        )  # fmt: skip


def _feature_columns(attributions):
    return [c for c in attributions.columns if c not in ("sample", "output", "class",
                                                          "delta")]  # fmt: skip


def _per_group(attributions, groups, aggregate):
    """Absolute attributions aggregated into one column per feature group."""
    groups = EGEMAPS_GROUPS if groups is None else groups
    features = _feature_columns(attributions)
    unknown = [f for f in features if f not in groups]
    if unknown:
        raise ValueError(
            f"{len(unknown)} features have no group (e.g. {unknown[:3]}); pass "
            "groups= mapping every feature to a group"
        )
    absolute = attributions[features].abs()
    by_group = absolute.T.groupby(pd.Series(groups)[features].to_numpy()).agg(aggregate)
    return pd.concat([attributions[["sample", "output", "class"]], by_group.T], axis=1)


def group_attributions(attributions, groups=None, aggregate="mean"):
    """Mean absolute attribution per feature group, per output and class.

    Parameters
    ----------
    attributions : DataFrame
        The output of :func:`feature_attributions`.
    groups : dict of str to str, default=None
        Feature -> group; :data:`skser.EGEMAPS_GROUPS` by default.
    aggregate : {"mean", "sum"}, default="mean"
        How a row's absolute attributions combine within a group: the mean does
        not favour groups with many features (formants: 18, sound level: 1).

    Returns
    -------
    table : DataFrame
        Index (output, class); one column per group: the mean over rows.
    """
    if aggregate not in ("mean", "sum"):
        raise ValueError(f"aggregate must be 'mean' or 'sum', got {aggregate!r}")
    per_row = _per_group(attributions, groups, aggregate)
    per_row["class"] = per_row["class"].fillna("all")
    return (
        per_row.drop(columns="sample").groupby(["output", "class"], sort=False).mean()
    )


def compare_classes(attributions, pairs=None, test="welch", groups=None,
                    aggregate="mean"):  # fmt: skip
    """Test, per feature group, whether two classes lean on it differently.

    For each output and pair of classes, the rows' group attributions (as in
    :func:`group_attributions`) of the two classes are compared with Welch's t-test
    or the Mann-Whitney U test; p-values are Holm-corrected over the groups of one
    output and pair.

    Parameters
    ----------
    attributions : DataFrame
        The output of :func:`feature_attributions`, with classes.
    pairs : list of (str, str), default=None
        Class pairs; by default neutral against each other class present.
    test : {"welch", "mannwhitney"}, default="welch"
        The two-sample test.
    groups : dict of str to str, default=None
        Feature -> group; :data:`skser.EGEMAPS_GROUPS` by default.
    aggregate : {"mean", "sum"}, default="mean"
        As in :func:`group_attributions`.

    Returns
    -------
    comparison : DataFrame
        Tidy: output, class_a, class_b, group, mean_a, mean_b, difference
        (``mean_a - mean_b``), statistic, p_value, p_holm.
    """
    if test not in ("welch", "mannwhitney"):
        raise ValueError(f"test must be 'welch' or 'mannwhitney', got {test!r}")
    if attributions["class"].isna().all():
        raise ValueError("the attributions carry no classes: pass y= to "
                         "feature_attributions")  # fmt: skip
    per_row = _per_group(attributions, groups, aggregate)
    present = list(dict.fromkeys(per_row["class"].dropna()))
    if pairs is None:
        pairs = [("neutral", c) for c in present if c != "neutral"]
    missing = {c for pair in pairs for c in pair} - set(present)
    if missing:
        raise ValueError(
            f"class(es) {', '.join(sorted(missing))} not in the attributions "
            f"(classes: {', '.join(map(str, present))})"
        )
    group_names = [c for c in per_row.columns if c not in ("sample", "output", "class")]
    rows = []
    for output, frame in per_row.groupby("output", sort=False):
        for class_a, class_b in pairs:
            a = frame[frame["class"] == class_a]
            b = frame[frame["class"] == class_b]
            results = []
            for group in group_names:
                if test == "welch":
                    result = stats.ttest_ind(a[group], b[group], equal_var=False)
                else:
                    result = stats.mannwhitneyu(a[group], b[group])
                results.append(
                    {"output": output, "class_a": class_a, "class_b": class_b,
                     "group": group, "mean_a": a[group].mean(),
                     "mean_b": b[group].mean(),
                     "difference": a[group].mean() - b[group].mean(),
                     "statistic": result.statistic, "p_value": result.pvalue}
                )  # fmt: skip
            p_values = np.array([r["p_value"] for r in results], dtype=float)
            finite = np.isfinite(p_values)
            holm = np.full_like(p_values, np.nan)
            if finite.any():
                holm[finite] = multipletests(p_values[finite], method="holm")[1]
            for result, corrected in zip(results, holm, strict=True):
                result["p_holm"] = corrected
            rows.extend(results)
    return pd.DataFrame(rows)
