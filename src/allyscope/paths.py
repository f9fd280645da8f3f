"""Where the package's data files live, and how its word-class files read."""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_word_classes(path: Path, field: str) -> dict[str, frozenset[str]]:
    """A word-class file: {name: {"_doc": ..., field: [words]}}; keys starting with "_" are notes."""
    with path.open(encoding="utf-8") as f:
        return {k: frozenset(v[field]) for k, v in json.load(f).items() if not k.startswith("_")}
