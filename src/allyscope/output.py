"""Where `export`, `report` and `network` write: never over a store, never over a file unless forced.

The output is written to a temporary file beside the target and moved over it when complete, so
that a failed write leaves the old file as it was; `-` sends it to stdout instead.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import errors
from .errors import UsageError

STDOUT = "-"
DUCKDB_MAGIC = b"DUCK"  # bytes 8 to 12 of every DuckDB database file


def is_store(path: Path) -> bool:
    """Whether `path` is a DuckDB database file or the write-ahead log beside one."""
    if path.name.endswith(".wal") and is_store(path.with_name(path.name[: -len(".wal")])):
        return True
    if not path.is_file():  # a FIFO or a device would block or never end
        return False
    with path.open("rb") as f:
        return f.read(12)[8:] == DUCKDB_MAGIC


def check_out(out: str | Path, force: bool = False, store: str | Path | None = None) -> Path | None:
    """The file to write, checked before any work is done; None for `-` (stdout).

    Args:
        out: the file the user named, or `-`.
        force: overwrite an existing file.
        store: the store the output is made from; its file and its .wal are refused even when
            they do not exist yet.
    Raises:
        UsageError: E050 for a store (this one or any DuckDB file) or its .wal, E051 for an
            existing file without `force`, E052 for a folder, E053 for a missing folder.
    """
    if str(out) == STDOUT:
        return None
    path = Path(out)
    target = path.resolve()
    if store is not None:
        own = Path(store).resolve()
        if target in (own, own.with_name(own.name + ".wal")):
            raise UsageError(errors.E050.format(path=out))
    if is_store(target):
        raise UsageError(errors.E050.format(path=out))
    if target.is_dir():
        raise UsageError(errors.E052.format(path=out))
    if not target.parent.is_dir():
        raise UsageError(errors.E053.format(path=path.parent))
    if (path.exists() or path.is_symlink()) and not force:
        raise UsageError(errors.E051.format(path=out))
    return path


@contextmanager
def output(out: str | Path, force: bool = False, store: str | Path | None = None) -> Iterator[Path]:
    """Check `out` (check_out), yield a temporary file of the same name to write, then move it
    over `out`, or copy it to stdout for `-`. Nothing is left behind if the body raises."""
    path = check_out(out, force, store)
    folder = path.resolve().parent if path is not None else None
    with tempfile.TemporaryDirectory(prefix=".allyscope-", dir=folder) as tmp:
        part = Path(tmp) / (path.name if path is not None else "output")
        yield part
        if path is None:
            sys.stdout.flush()  # what was printed before comes first
            with part.open("rb") as f:
                shutil.copyfileobj(f, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            os.replace(part, path.resolve())
