"""Property tests of the adversarial models' pure loss functions."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from skser.nn import masked_cross_entropy, mixup

rows = st.integers(1, 8)


@settings(max_examples=30, deadline=None)
@given(rows, st.integers(0, 2**16))
def test_mixup_is_a_convex_combination(n, seed):
    generator = torch.Generator().manual_seed(seed)
    real, fake = (
        torch.randn(n, 3, generator=generator),
        torch.randn(n, 3, generator=generator),
    )
    weights = torch.rand(n, generator=generator)
    mixed = mixup(real, fake, weights)
    torch.testing.assert_close(mixup(real, fake, torch.ones(n)), real)
    torch.testing.assert_close(mixup(real, fake, torch.zeros(n)), fake)
    # Each mix lies on the segment between its real and fake row.
    torch.testing.assert_close(mixed - fake, weights[:, None] * (real - fake))


@settings(max_examples=30, deadline=None)
@given(rows, st.integers(2, 5), st.integers(0, 2**16))
def test_masked_cross_entropy_ignores_unlabelled_rows(n, k, seed):
    generator = torch.Generator().manual_seed(seed)
    logits = torch.randn(n, k, generator=generator, requires_grad=True)
    classes = torch.randint(-1, k, (n,), generator=generator)
    loss = masked_cross_entropy(logits, classes)
    labelled = classes >= 0
    if labelled.any():
        expected = torch.nn.functional.cross_entropy(
            logits[labelled], classes[labelled]
        )
        torch.testing.assert_close(loss, expected)
    else:
        assert loss.item() == 0.0
    loss.backward()
    assert torch.isfinite(logits.grad).all()
    assert (logits.grad[~labelled] == 0).all()  # unlabelled rows get no gradient


def test_masked_cross_entropy_known_value():
    logits = torch.tensor([[0.0, 0.0], [10.0, -10.0], [1.0, 2.0]])
    loss = masked_cross_entropy(logits, torch.tensor([0, -1, -1]))
    assert abs(loss.item() - torch.log(torch.tensor(2.0)).item()) < 1e-6
