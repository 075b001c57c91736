"""A Jupyter kernel for bplab (Backprop Lab): cells run in one `bplab serve` session."""

__version__ = "0.1.0"
