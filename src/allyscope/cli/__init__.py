"""Command line: each command is a thin layer over one Python API call."""

from . import analysis, documents, evaluate, serve, store  # noqa: F401  (register commands)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
