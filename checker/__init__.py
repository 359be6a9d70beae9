"""sampledrift: keeps the code samples of multilingual API docs honest."""

__version__ = "0.1.0"
