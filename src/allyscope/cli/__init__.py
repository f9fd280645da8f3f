"""Command line: each command is a thin layer over one Python API call."""

from . import documents, store, review, analysis, serve, evaluate  # noqa: F401, I001  (register commands, in data-flow order)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
