"""Where the package's data files live."""

from pathlib import Path

DATA = Path(__file__).parent / "data"
