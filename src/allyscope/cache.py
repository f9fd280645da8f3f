"""Tables the package computes from its data once and keeps in the user's cache folder, so that a
process (each worker of an ingest) reads them instead of computing them again on every start.

A cached file holds the key it was built for (the versions of the code and data it came from); a
file that is missing, unreadable, of another key or not what was written is built again, and a
cache folder that cannot be written only costs the time of building. Nothing is ever downloaded.
The folder is ALLYSCOPE_CACHE, else $XDG_CACHE_HOME/allyscope, else ~/.cache/allyscope.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path


def cache_folder() -> Path:
    folder = os.environ.get("ALLYSCOPE_CACHE")
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "allyscope"


def source_key(*parts: str | Path) -> str:
    """A key for a cached table: the hash of these strings and of the bytes of these files."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.read_bytes() if isinstance(part, Path) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def cached_json(name: str, key: str, build: Callable[[], object], valid: Callable[[object], bool]) -> object:
    """The JSON value `build()` gives, read from the cache file `name` when it holds `key` and a
    value `valid` accepts, else built and written there for the next process."""
    path = cache_folder() / f"{name}.json"
    try:
        stored = json.loads(path.read_bytes())
        if isinstance(stored, dict) and stored.get("key") == key and valid(stored.get("value")):
            return stored["value"]
    except (OSError, ValueError):
        pass  # missing or corrupt: built again below
    value = build()
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # written whole under another name first, so that a process reading at the same time
        # finds the old file or the new one, never half of one
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as out:
            temporary = out.name
            json.dump({"key": key, "value": value}, out)
        os.replace(temporary, path)
    except OSError:  # a folder that cannot be written: the next process builds it again
        if temporary:
            with suppress(OSError):
                os.unlink(temporary)
    return value


def cached_index(
    name: str, key: str, build: Callable[[], dict[str, dict]], fields: set[str]
) -> dict[str, dict]:
    """The index `build()` gives, names to records (dicts of `fields`) that many names share,
    cached as each record once and each name the place of its record."""
    stored = cached_json(name, key, lambda: shared(build()), lambda value: valid_shared(value, fields))
    records = stored["records"]
    return {each: records[i] for each, i in stored["names"].items()}


def shared(index: dict[str, dict]) -> dict:
    at: dict[int, int] = {}
    records = []
    for record in index.values():
        if id(record) not in at:
            at[id(record)] = len(records)
            records.append(record)
    return {"records": records, "names": {each: at[id(record)] for each, record in index.items()}}


def valid_shared(value: object, fields: set[str]) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("records"), list):
        return False
    records, names = value["records"], value.get("names")
    return (
        isinstance(names, dict)
        and all(isinstance(r, dict) and r.keys() == fields for r in records)
        and all(type(i) is int and 0 <= i < len(records) for i in names.values())
    )
