"""Resolution of a ``device=`` setting to a torch device."""


def resolve_device(device, owner):
    """Return the torch device ``device`` names, or raise a clear error.

    Parameters
    ----------
    device : str
        ``"auto"`` (CUDA when this torch build and machine have it, else the CPU),
        or a torch device such as ``"cpu"``, ``"cuda"``, ``"cuda:1"``, ``"mps"``.
    owner : str
        Who asks (an estimator's class name), for the messages.

    Returns
    -------
    device : str
        A device that torch can use here.

    Raises
    ------
    ValueError
        If ``device`` is not a torch device, or names one this machine lacks.

    Examples
    --------
    >>> from skser.utils import resolve_device
    >>> resolve_device("cpu", "DAE")
    'cpu'
    """
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        parsed = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(
            f"{owner}: device={device!r} is not a torch device; use 'cpu', "
            "'cuda', 'cuda:0', 'mps' or 'auto'"
        ) from None
    available = {
        "cpu": True,
        "cuda": torch.cuda.is_available(),
        "mps": torch.backends.mps.is_available(),
    }.get(parsed.type, False)
    if not available:
        raise ValueError(
            f"{owner}: device={device!r} is not available in this torch build "
            f"(torch {torch.__version__}, CUDA available: "
            f"{torch.cuda.is_available()}); use device='cpu', or device='auto' to "
            "take CUDA when there is one"
        )
    return device
