"""Store stage: the embedded DuckDB database of documents and events."""

from .db import IngestReport, Store, default_db_path

__all__ = ["IngestReport", "Store", "default_db_path"]
