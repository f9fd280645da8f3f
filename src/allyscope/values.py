"""Values a user gives (dates, countries, event types, pages), checked once where they come in.

The command line and the API call these parsers on their options and parameters; each returns
the value in its normal form or raises `errors.UsageError` with a coded one-line message, so
that the store and the analysis only ever see valid values.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from . import errors
from .errors import UsageError

# a date of any precision, possibly followed by a time: `2004`, `2004-9`, `2004-09-20T10:00`
PARTIAL_DATE = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?!\d)(?:T[\d:.]+)?")


def leading_date(value: str) -> tuple[str | None, str]:
    """The date of any precision that `value` starts with, in ISO form (`2004-9` -> `2004-09`),
    and what follows it (`2004-09-20T10:00Z` -> `2004-09-20`, `Z`); (None, value) when it starts
    with none, or with a month or day that does not exist."""
    match = PARTIAL_DATE.match(value)
    if not match:
        return None, value
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError:  # no such month or day, or year 0
        return None, value
    iso = "-".join(f"{n:0{w}d}" for n, w in ((year, 4), (month, 2), (day, 2)) if n is not None)
    return iso, value[match.end() :]


def parse_date(value: str | None) -> str | None:
    """A date of any precision: `2004`, `2004-09`, `2004-09-20` (a time after the day is dropped).

    Returns:
        The date as ISO text of the precision given (`2004-9` -> `2004-09`), or None for None.
    Raises:
        UsageError: E012 for anything else, or a month or day that does not exist.
    """
    if value is None:
        return None
    found, rest = leading_date(value)
    if found is None or rest.strip():
        raise UsageError(errors.E012.format(value=value))
    return found


def parse_choice(value: str | None, choices: Iterable[str], name: str) -> str | None:
    """`value` if it is one of `choices` (None passes), else E021 naming what was expected."""
    choices = tuple(choices)
    if value is None or value in choices:
        return value
    raise UsageError(errors.E021.format(name=name, value=value, choices=", ".join(choices)))


def parse_type(value: str | None) -> str | None:
    """An event type of data/types.csv."""
    from .ontology import all_types

    return parse_choice(value, all_types(), "event type")


def parse_modality(value: str | None) -> str | None:
    from .ontology import MODALITIES

    return parse_choice(value, MODALITIES, "modality")


def check_range(value: int | None, name: str, low: int, high: int | None = None) -> int | None:
    """An integer option within `low`..`high` (None passes), else E022."""
    if value is None or (value >= low and (high is None or value <= high)):
        return value
    rule = f"between {low} and {high}" if high is not None else f"at least {low}"
    raise UsageError(errors.E022.format(name=name, value=value, rule=rule))


def check_share(value: float | None, name: str) -> float | None:
    """A share such as a least confidence, within 0..1 (None passes), else E022."""
    if value is None or 0 <= value <= 1:
        return value
    raise UsageError(errors.E022.format(name=name, value=value, rule="between 0 and 1"))


def env_number(name: str, default: float, low: float, whole: bool = False, above: bool = False) -> float:
    """The number the environment variable `name` sets, `default` when it is unset.

    Args:
        low: the least value allowed (`above`: the value must be more than it).
        whole: an integer only.
    Raises:
        UsageError: E090 for text that is no such number ("abc", "nan"), or one out of range.
    """
    text = os.environ.get(name)
    if text is None:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = math.nan
    if not (value > low if above else value >= low) or not math.isfinite(value):
        rule = f"{'a whole number' if whole else 'a number'} {'above' if above else 'of at least'} {low:g}"
        raise UsageError(errors.E090.format(name=name, value=text, rule=rule))
    return value


@dataclass(frozen=True)
class Country:
    """A country or organisation a user named: its code and display name, and what was given."""

    code: str
    name: str
    given: str

    @property
    def resolved(self) -> bool:
        """Whether the user gave something other than the code ("armenia", "U.S.", not "arm")."""
        return self.given.upper() != self.code


def parse_country(value: str, stored: Mapping[str, str] | None = None) -> Country:
    """A country or organisation by code, name or common form: `TJK`, `tjk`, `Armenia`,
    `armenia`, `U.S.`, `NATO`, `the Alliance`.

    Args:
        value: what the user gave.
        stored: code -> name of the actors a store holds, so that codes and names of a user's
            own actor dictionaries (`--actors`) are known too.
    Returns:
        The Country. Codes are tried first, then the names and adjectives of the actor
        dictionary and of `stored` (case-insensitive), then pycountry (alpha-2, official names).
    Raises:
        UsageError: E013 when nothing matches.
    """
    import pycountry

    from .actors.dictionary import code_names, load_dictionary

    given = value.strip()
    stored = dict(stored or {})
    if given.upper() in stored:  # the store's own actors answer without loading the dictionary
        return Country(given.upper(), stored[given.upper()], given)
    known = {code: name for code, (name, _) in code_names().items()} | stored
    if given.upper() in known:
        return Country(given.upper(), known[given.upper()], given)
    wanted = given.casefold()
    for name, entry in load_dictionary().items():
        if (
            entry.kind in ("state", "igo")
            and entry.role in ("name", "adjective")
            and name.casefold() == wanted
        ):
            return Country(entry.code, known.get(entry.code, entry.name), given)
    for code, name in stored.items():
        if name and name.casefold() == wanted:
            return Country(code, name, given)
    try:
        found = pycountry.countries.lookup(given)
    except LookupError:
        raise UsageError(errors.E013.format(value=value)) from None
    return Country(found.alpha_3, known.get(found.alpha_3, found.name), given)


def parse_pair(value: str, stored: Mapping[str, str] | None = None) -> tuple[Country, Country]:
    """Two countries joined by a hyphen, by code or name: `ARM-FRA`, `Armenia-France`; a name
    with a hyphen of its own (`Guinea-Bissau-SEN`) is found by trying each hyphen in turn.

    Raises:
        UsageError: E013 when no hyphen splits the value into two countries.
    """
    for at in [i for i, c in enumerate(value) if c == "-"]:
        try:
            return parse_country(value[:at], stored), parse_country(value[at + 1 :], stored)
        except UsageError:
            continue
    raise UsageError(errors.E013.format(value=value))
