"""Languages. Each folder (`en/`, after spaCy's `spacy/lang/en`) holds everything one language
needs: its word lists (`words.json`), its rule files (triggers, frames, modality cues, sectors,
aid kinds, amount words), its text patterns (dates, datelines, citations) and its syntax helpers.
A second language is a new folder with the same files; the stage modules name word lists and
call the helpers, they hold no words of their own.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import errors
from ..errors import AllyscopeError

LANG = Path(__file__).parent
# the tense of a date, as every language's `dates.parse` takes it: before or after the document
PAST, FUTURE = -1, 1


class RuleError(AllyscopeError):
    """A rule or word-list file that does not validate: the message names the file, the line
    (for JSON lines) and the unknown key or name."""

    def __init__(self, path: str | Path, cause: str, line: int | None = None):
        self.path, self.cause, self.line = str(path), cause, line
        super().__init__(errors.E016.format(path=path, line=f" line {line}" if line else "", cause=cause))


def read_json(path: Path) -> Any:
    """A JSON file whose objects may not repeat a key (Python's reader keeps the last silently)."""

    def unique(pairs: list[tuple[str, Any]]) -> dict:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise RuleError(path, f"'{key}' is defined twice")
            seen[key] = value
        return seen

    try:
        return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=unique)
    except json.JSONDecodeError as exc:
        raise RuleError(path, f"not valid JSON ({exc.msg})", exc.lineno) from None


def validated(model: type[BaseModel], record: Any, path: Path, line: int | None = None) -> Any:
    """`record` as `model`, or a RuleError naming the file, line and the first offending field."""
    try:
        return model.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        cause = f"unknown key '{where}'" if first["type"] == "extra_forbidden" else f"{where}: {first['msg']}"
        raise RuleError(path, cause, line) from None


class WordList(BaseModel):
    """One entry of words.json."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    doc: str = Field(alias="_doc", min_length=1)
    words: list[str] = Field(min_length=1)


class Words(Mapping[str, frozenset[str]]):
    """The word lists of a language: `words.border_nouns` or `words["border_nouns"]`."""

    def __init__(self, path: Path):
        self.path = path
        data = read_json(path)
        self._lists = {
            name: frozenset(validated(WordList, entry, path).words)
            for name, entry in data.items()
            if not name.startswith("_")
        }
        clashes = set(self._lists) & set(dir(type(self)))
        if clashes:
            raise RuleError(path, f"a word list may not be called {', '.join(sorted(clashes))}")
        vars(self).update(self._lists)  # plain attributes: the rules read them in their inner loops

    def __getitem__(self, name: str) -> frozenset[str]:
        try:
            return self._lists[name]
        except KeyError:
            raise RuleError(self.path, f"no word list '{name}'") from None

    def __contains__(self, name: object) -> bool:
        return name in self._lists

    def __getattr__(self, name: str) -> frozenset[str]:
        # only reached for a name that is not a word list
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)


@dataclass(frozen=True)
class Language:
    """One language's resources, as the stage modules use them."""

    code: str
    words: Words
    patterns: ModuleType  # regular expressions over raw text (datelines, citations)
    dates: ModuleType  # parse(text, anchor, context) -> (ISO date, precision)
    syntax: Any  # the language's Syntax(words): is_definite, objects_of, ...


def language_folder(code: str) -> Path:
    """The folder of a language, or a RuleError if there is none."""
    folder = LANG / code
    if not code.isidentifier() or not (folder / "__init__.py").is_file():
        known = sorted(p.name for p in LANG.iterdir() if (p / "__init__.py").is_file())
        raise RuleError(LANG, f"unknown language '{code}'; known: {', '.join(known)}")
    return folder


def load_language(code: str, words_path: Path | None = None) -> Language:
    """The language `code` with its word lists (from `words_path`, else its own words.json)."""
    folder = language_folder(code)
    module = importlib.import_module(f"{__name__}.{code}")
    words = Words(words_path or folder / "words.json")
    return Language(code, words, module.patterns, module.dates, module.Syntax(words))
