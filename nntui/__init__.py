"""nntui: a live, animated terminal explainer of how neural networks work."""

__version__ = "0.1.0"
