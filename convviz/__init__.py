"""convviz: see how convolutional neural networks compute."""

__version__ = "0.1.0"
