"""The extraction rules of one language, read and validated when a pipeline is built.

A language's rule files sit in its folder (`lang/en/`): `words.json` (every word list),
`triggers.jsonl`, `frames.json`, `modality.json`, `sectors.tsv`, `aid_kinds.tsv` and
`amounts.json`; the ontology tables `types.csv` and `cameo.csv`, the sector codes
`sector_codes.csv` and the confidence calibration `calibration.json` are in `data/`. A rules folder
(`Pipeline(rules=...)`, `--rules`) may bring its own copy of any of these files, which then
replaces the bundled one. Every file is checked against a strict schema: an unknown key, a
frame, type, CAMEO code, condition, relation or '@list' that does not exist is a RuleError
naming the file, the line (for JSON lines) and the name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .events.conditions import CONDITIONS
from .events.relations import is_relation
from .lang import Language, RuleError, language_folder, load_language, read_json, validated
from .ontology import AID_KINDS, MODALITIES, Ontology, read_csv
from .paths import DATA

LANGUAGE_FILES = (
    "words.json",
    "triggers.jsonl",
    "frames.json",
    "modality.json",
    "sectors.tsv",
    "aid_kinds.tsv",
    "amounts.json",
)
TABLES = ("types.csv", "cameo.csv", "sector_codes.csv", "calibration.json")

Strict = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TriggerRule(BaseModel):
    """One line of triggers.jsonl: a word (lemma and POS) that signals an event.

    `type`, `frame` (frames.json) and `cameo` (the realized code) say what it codes;
    `general_cameo` is what it codes outside a security context, as an event of the general
    types ("gave Ivory Coast aid for farming" is 070, provide aid, not military aid), if its
    object has one of the `general_needs_obj` words ("delivered a message" is no aid);
    `plover` overrides the code's PLOVER type and `modality` sets the modality when no cue says
    otherwise ("pledge" is planned); `needs_context`: it fires only in a security setting (a
    `security_terms` word in this or the previous sentence), else it codes its `general_cameo`
    or nothing. Every other key is a condition of events/conditions.py.
    """

    model_config = Strict
    lemma: str = Field(min_length=1)
    pos: Literal["VERB", "NOUN", "AUX", "ADJ"]
    type: str
    frame: str
    cameo: str
    plover: str | None = None
    general_cameo: str | None = None
    general_needs_obj: frozenset[str] | None = None
    needs_context: bool = False
    modality: Literal[MODALITIES] | None = None  # type: ignore[valid-type]
    conditions: tuple[tuple[str, object], ...] = ()

    @model_validator(mode="before")
    @classmethod
    def gather_conditions(cls, record: dict) -> dict:
        """Keys that name a registered condition become its `conditions`; the rest must be fields."""
        if not isinstance(record, dict):
            return record
        fields = set(cls.model_fields)
        record = dict(record)
        found = tuple((k, record.pop(k)) for k in list(record) if k in CONDITIONS and k not in fields)
        return {**record, "conditions": found}


class Frame(BaseModel):
    """One frame of frames.json: the relations its roles are read from, and its options."""

    model_config = Strict
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    hub: tuple[str, ...] = ()
    symmetric: bool = False
    places_as_parties: bool = False
    no_fallback: bool = False
    needs_both: bool = False
    source_fallback: Literal["context"] | None = None
    target_fallback: Literal["context"] | None = None
    from_is_place: bool = False
    pair_sources: bool = False
    defer_to_complement: bool = False
    absorbs_complement: bool = False

    @model_validator(mode="after")
    def roles_fit(self) -> Frame:
        if self.symmetric and (self.source or self.target or not self.parties):
            raise ValueError("a symmetric frame has 'parties' and no 'source' or 'target'")
        if not self.symmetric and (self.parties or not self.source or not self.target):
            raise ValueError("a directed frame has 'source' and 'target' and no 'parties'")
        if self.hub and not self.symmetric:
            raise ValueError("only a symmetric frame has a 'hub'")
        return self

    @property
    def relations(self) -> tuple[str, ...]:
        return self.source + self.target + self.parties + self.hub


class NegatedCues(BaseModel):
    model_config = Strict
    governors: frozenset[str]
    phrasal: frozenset[str]
    determiners: frozenset[str]
    subjects: frozenset[str]


class HypotheticalCues(BaseModel):
    model_config = Strict
    aux: frozenset[str]
    marks: frozenset[str]
    governors: frozenset[str]
    modifiers: frozenset[str]


class PlannedCues(BaseModel):
    model_config = Strict
    aux: frozenset[str]
    governors: frozenset[str]
    modifiers: frozenset[str]
    temporal_marks: frozenset[str]
    complement_only: frozenset[str]


class ModalityCues(BaseModel):
    """modality.json: the cues of each modality (see events/modality.py)."""

    model_config = Strict
    doc: str = Field(alias="_doc")
    negated: NegatedCues
    hypothetical: HypotheticalCues
    planned: PlannedCues


class AmountWords(BaseModel):
    """amounts.json: scale words, currency words and the forms around a money amount."""

    model_config = Strict
    doc: str = Field(alias="_doc")
    scale: dict[str, float]
    currency: dict[str, str]
    before: tuple[str, ...]
    after: tuple[str, ...]
    range: tuple[str, ...]
    qualifiers: dict[str, Literal["at_least", "at_most", "about"]]


class CalibrationBin(BaseModel):
    """Events whose rule confidence lies in [low, high): how many were scored and how many were right."""

    model_config = Strict
    low: float = Field(ge=0, le=1)
    high: float = Field(gt=0)
    n: int = Field(ge=0)
    right: int = Field(ge=0)

    @model_validator(mode="after")
    def consistent(self) -> CalibrationBin:
        if self.low >= self.high:
            raise ValueError(f"bin [{self.low}, {self.high}) is empty")
        if self.right > self.n:
            raise ValueError(f"bin [{self.low}, {self.high}): right {self.right} > n {self.n}")
        return self


class Calibration(BaseModel):
    """calibration.json: an event's confidence is the share of right events in its bin of rule
    confidence on the development sets (bench/calibrate.py fits it); a bin with fewer than
    `min_n` scored events keeps the rule's confidence."""

    model_config = Strict
    doc: str = Field(alias="_doc")
    fitted: str
    min_n: int = Field(ge=1)
    bins: tuple[CalibrationBin, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def covers_zero_to_one(self) -> Calibration:
        edges = [(b.low, b.high) for b in self.bins]
        gap = any(a[1] != b[0] for a, b in zip(edges, edges[1:], strict=False))
        if edges[0][0] != 0 or edges[-1][1] <= 1 or gap:
            raise ValueError("the bins must follow each other from 0 to past 1 with no gap")
        return self

    def __call__(self, confidence: float) -> float:
        """The calibrated confidence of an event whose rules gave `confidence`."""
        found = next(b for b in self.bins if b.low <= confidence < b.high)
        return round(found.right / found.n, 3) if found.n >= self.min_n else confidence


@dataclass(frozen=True)
class Rules:
    """Everything the extraction stages read, validated together."""

    lang: Language
    triggers: dict[tuple[str, str], list[TriggerRule]]  # (last word of the lemma, POS) -> rules
    frames: dict[str, Frame]
    modality: ModalityCues
    sectors: dict[str, tuple[str, str]]  # head-noun phrase -> (sector, kind)
    domestic_sectors: frozenset[str]  # sectors of groups that stand apart from their state
    aid_kinds: dict[str, str]  # lemma -> aid kind
    amounts: AmountWords
    ontology: Ontology
    calibration: Calibration
    paths: dict[str, Path]  # file name -> the file it was read from


def rule_paths(lang: str, folder: Path | None) -> dict[str, Path]:
    """Each rule file's path: the rules folder's own copy where it has one, else the bundled one."""
    bundled = {name: language_folder(lang) / name for name in LANGUAGE_FILES}
    bundled |= {name: DATA / name for name in TABLES}
    if folder is not None and not Path(folder).is_dir():
        raise RuleError(folder, "no such rules folder")
    return {
        name: Path(folder) / name if folder is not None and (Path(folder) / name).is_file() else path
        for name, path in bundled.items()
    }


def read_rows(path: Path, columns: int) -> list[list[str]]:
    """A tab-separated file with `#` comment lines; each row must have `columns` fields."""
    rows = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line[0] == "#":
                continue
            row = line.rstrip("\n").split("\t")
            if len(row) != columns:
                raise RuleError(path, f"{len(row)} tab-separated fields, expected {columns}", number)
            rows.append(row)
    return rows


SECTOR_KINDS = ("agency", "person", "non_state")  # what a head noun makes of its state's mention


def read_sector_codes(path: Path) -> dict[str, bool]:
    """sector_codes.csv: sector code -> whether it marks a group that stands apart from its state
    (domestic): "Zimbabwe's opposition demanded that Mugabe resign" is an event inside one
    country, which counts outside security cooperation."""
    codes: dict[str, bool] = {}
    for number, row in enumerate(read_csv(path), 2):
        code, domestic = row.get("sector") or "", row.get("domestic")
        if not (code.isupper() and code.isalpha()):
            raise RuleError(path, f"sector '{code}' is not a code such as MIL", number)
        if domestic not in ("0", "1"):
            raise RuleError(path, f"'{code}': domestic is '{domestic}', not 0 or 1", number)
        if code in codes:
            raise RuleError(path, f"'{code}' is defined twice", number)
        codes[code] = domestic == "1"
    return codes


def read_sectors(path: Path, codes: dict[str, bool], codes_path: Path) -> dict[str, tuple[str, str]]:
    """sectors.tsv: head-noun phrase -> (sector code of `codes`, kind); a phrase is defined once."""
    sectors: dict[str, tuple[str, str]] = {}
    for phrase, sector, kind in read_rows(path, 3):
        if kind not in SECTOR_KINDS:
            raise RuleError(path, f"'{phrase}': kind '{kind}' is not one of {', '.join(SECTOR_KINDS)}")
        if phrase in sectors:
            raise RuleError(path, f"'{phrase}' is defined twice")
        if sector not in codes:
            raise RuleError(path, f"'{phrase}': sector '{sector}' is not a code of {codes_path}")
        sectors[phrase] = (sector, kind)
    return sectors


def read_aid_kinds(path: Path) -> dict[str, str]:
    """aid_kinds.tsv: lemma -> one of SPEC's aid kinds; a lemma is defined once."""
    kinds: dict[str, str] = {}
    for lemma, kind in read_rows(path, 2):
        if kind not in AID_KINDS:
            raise RuleError(path, f"'{lemma}': aid kind '{kind}' is not one of {', '.join(AID_KINDS)}")
        if lemma in kinds:
            raise RuleError(path, f"'{lemma}' is defined twice")
        kinds[lemma] = kind
    return kinds


def words_of(value: str, lang: Language, path: Path, line: int) -> frozenset[str]:
    """The words of a condition value: '|'-separated, each a word or an '@list' of words.json."""
    words: set[str] = set()
    for part in value.lower().split("|"):
        if part.startswith("@"):
            if part[1:] not in lang.words:
                raise RuleError(path, f"no word list '{part}' in {lang.words.path}", line)
            words |= lang.words[part[1:]]
        elif part:
            words.add(part)
    return frozenset(words)


def read_triggers(path: Path, lang: Language) -> list[TriggerRule]:
    rules = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RuleError(path, f"not valid JSON ({exc.msg})", number) from None
            if not isinstance(record, dict):
                raise RuleError(path, "not a JSON object", number)
            for key, value in list(record.items()):
                condition = CONDITIONS.get(key)
                if key == "general_needs_obj" or (condition is not None and condition.takes_words):
                    if not isinstance(value, str):
                        raise RuleError(path, f"'{key}' takes words ('a|b|@list')", number)
                    record[key] = words_of(value, lang, path, number)
                elif condition is not None and value is not True:
                    raise RuleError(path, f"'{key}' is a flag: write true or leave it out", number)
            rules.append(validated(TriggerRule, record, path, number))
    return rules


def check_triggers(
    rules: list[TriggerRule], frames: dict[str, Frame], ontology: Ontology, path: Path
) -> None:
    """Every name a trigger uses exists: its frame, type, modality and CAMEO codes."""
    for number, rule in enumerate(rules, 1):
        where = f"trigger '{rule.lemma}' ({rule.pos})"
        if rule.frame not in frames:
            raise RuleError(path, f"{where}: no frame '{rule.frame}' in frames.json", number)
        if rule.type not in ontology.types:
            raise RuleError(path, f"{where}: no type '{rule.type}' in {ontology.types_path}", number)
        for cameo in (rule.cameo, rule.general_cameo):
            if cameo is not None and cameo not in ontology.cameo_table:
                raise RuleError(path, f"{where}: no CAMEO code '{cameo}' in {ontology.cameo_path}", number)


def read_frames(path: Path, lang: Language) -> dict[str, Frame]:
    frames = {}
    for name, record in read_json(path).items():
        if name.startswith("_"):
            continue
        frame = validated(Frame, record, path)
        for relation in frame.relations:
            if not is_relation(relation, lang.words):
                raise RuleError(path, f"frame '{name}': no relation '{relation}' (see events/relations.py)")
        frames[name] = frame
    return frames


def check_ontology(ontology: Ontology) -> None:
    """Every type has its four modalities, and every code the tables name is in cameo.csv."""
    for event_type in ontology.types:
        for modality in MODALITIES:
            row = ontology.type_table.get((event_type, modality))
            if row is None:
                raise RuleError(ontology.types_path, f"type '{event_type}' has no row for '{modality}'")
            if row["cameo"] not in ontology.cameo_table:
                raise RuleError(
                    ontology.types_path, f"no CAMEO code '{row['cameo']}' in {ontology.cameo_path}"
                )
    if len(set(ontology.general_by_kind.values())) != 2:
        raise RuleError(ontology.types_path, "the unscored types need one of cooperation and one of conflict")


@cache
def load_rules(lang: str = "en", folder: str | None = None) -> Rules:
    """The validated rules of `lang`, with the files of `folder` replacing the bundled ones.

    Raises:
        RuleError: naming the file, the line and what is wrong.
    """
    paths = rule_paths(lang, Path(folder) if folder else None)
    language = load_language(lang, paths["words.json"])
    try:
        ontology = Ontology(paths["types.csv"], paths["cameo.csv"])
    except KeyError as exc:
        raise RuleError(paths["types.csv"], f"missing column or row {exc}") from None
    check_ontology(ontology)
    frames = read_frames(paths["frames.json"], language)
    trigger_list = read_triggers(paths["triggers.jsonl"], language)
    check_triggers(trigger_list, frames, ontology, paths["triggers.jsonl"])
    triggers: dict[tuple[str, str], list[TriggerRule]] = {}
    for rule in trigger_list:
        triggers.setdefault((rule.lemma.split()[-1], rule.pos), []).append(rule)
    codes = read_sector_codes(paths["sector_codes.csv"])
    sectors = read_sectors(paths["sectors.tsv"], codes, paths["sector_codes.csv"])
    aid_kinds = read_aid_kinds(paths["aid_kinds.tsv"])
    return Rules(
        lang=language,
        triggers=triggers,
        frames=frames,
        modality=validated(ModalityCues, read_json(paths["modality.json"]), paths["modality.json"]),
        sectors=sectors,
        domestic_sectors=frozenset(code for code, domestic in codes.items() if domestic),
        aid_kinds=aid_kinds,
        amounts=validated(AmountWords, read_json(paths["amounts.json"]), paths["amounts.json"]),
        ontology=ontology,
        calibration=validated(Calibration, read_json(paths["calibration.json"]), paths["calibration.json"]),
        paths=paths,
    )
