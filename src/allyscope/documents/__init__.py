"""Documents stage: files, folders, stdin -> Document records (or InputError per bad input)."""

from .reader import read_documents, read_text

__all__ = ["read_documents", "read_text"]
