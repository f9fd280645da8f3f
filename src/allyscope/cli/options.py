"""Validation of option values shared by several commands."""

from __future__ import annotations

import typer

from .. import errors
from ..documents.dates import parse_iso_date


def parse_date_option(value: str | None) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY; anything else is a usage error."""
    if value is None:
        return None
    if len(value) in (4, 7) and value.replace("-", "").isdigit():
        return value
    parsed = parse_iso_date(value)
    if parsed is None:
        raise typer.BadParameter(errors.E012.format(value=value))
    return parsed


def parse_country(value: str | None) -> str | None:
    """An ISO3 code or organisation acronym, upper-cased."""
    if value is None:
        return None
    import pycountry

    from ..actors.dictionary import load_dictionary

    code = value.strip().upper()
    known = {e.code for e in load_dictionary().values()}
    if code in known or pycountry.countries.get(alpha_3=code):
        return code
    raise typer.BadParameter(errors.E013.format(value=value))
