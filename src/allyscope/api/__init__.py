"""REST API and web page over a store: `create_app(db_path)` is what `allyscope serve` runs."""

from .app import create_app

__all__ = ["create_app"]
