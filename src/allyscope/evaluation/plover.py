"""PLOVER gold-standard records (CAMEO-manual example sentences): our PLOVER type and dyad per record.

Each record is one sentence with one coded event. We run the extractor on the sentence and
count the record as correct on type when one of our events has its PLOVER type
(`event_current`, the current 16-type set), on dyad when one of our events has its actors,
and on both when a single event has both.

Mapping of their actor codes to ours:
- ISO 3166-1 alpha-3 codes are ours; the old codes JAP, ITL and VTN are JPN, ITA and VNM.
- `IGO` (any intergovernmental body, also used for the Red Cross and Amnesty) matches any
  of our actors of kind `igo` and our NGOs (kind `non_state` with sector `NGO` or a CAMEO
  code starting `NGO`); `NGO` matches kind `non_state` or `igo`, and `IMG` and `ISM`
  (militant groups) kind `non_state`. A person or agency whose code is an organisation's
  ("U.N. mediator Diego Cordovez" is a person coded `UN`) counts as that organisation.
- A country code also matches a non-state group whose CAMEO code starts with it, since the
  records code such groups by country: `PSE` matches Hamas (`PSEINS`), `LKA` the LTTE.
- Reciprocal markup (`SRC/TAR`, both parties in `source` and none in `target`) and our
  undirected types (consult, agreement, military_cooperation) match in either order; a
  record without a target is matched on its source alone, one without a source on its target.
Mapping of our PLOVER types to theirs: REDUCE (CAMEO 16x reduce relations) counts as RETREAT
or SANCTION, which PLOVER splits it into, and the draft name DISAPPROVE as ACCUSE.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from ..actors.dictionary import Entry, load_dictionary
from ..model import Actor, Event
from ..ontology import is_directed
from .sentences import extract_sentences, read_records, resolve

OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# record code -> our actor kinds it stands for; `IGO` also takes our NGOs (see actor_matches)
GENERIC_CODES = {"IGO": {"igo"}, "NGO": {"non_state", "igo"}, "IMG": {"non_state"}, "ISM": {"non_state"}}
PLOVER_EQUIVALENTS = {"REDUCE": {"RETREAT", "SANCTION"}, "DISAPPROVE": {"ACCUSE"}}
SECURITY_TYPES = ("AID", "COOPERATE", "CONSULT", "AGREE", "REQUEST", "RETREAT")


@cache
def organisations() -> dict[str, Entry]:
    """Organisation code (UN, ICRC, HAMAS) -> its dictionary entry."""
    return {
        e.code: e for e in load_dictionary().values() if e.kind in ("igo", "non_state") and e.role == "name"
    }


def actor_matches(code: str, actor: Actor | None) -> bool:
    """Whether our actor is the record's actor `code` (see the module docstring for the mapping)."""
    if actor is None:
        return False
    # a person or agency of an organisation ("U.N. mediator X", coded UN) stands for it
    body = organisations().get(actor.code)
    kind = body.kind if body is not None else actor.kind
    sector = body.sector if body is not None else actor.sector
    cameo_code = actor.cameo_code or (body.cameo_code if body is not None else None) or ""
    if code in GENERIC_CODES:
        ngo = kind == "non_state" and (sector == "NGO" or cameo_code.startswith("NGO"))
        return kind in GENERIC_CODES[code] or (code == "IGO" and ngo)
    code = OLD_CODES.get(code, code)
    return actor.code == code or (len(code) == 3 and kind == "non_state" and cameo_code.startswith(code))


def type_matches(record: dict, event: Event) -> bool:
    return bool(event.plover) and record["event_current"] in {
        event.plover,
        *PLOVER_EQUIVALENTS.get(event.plover, ()),
    }


def dyad_matches(record: dict, event: Event) -> bool:
    """Whether the event's source and target are the record's (see the module docstring)."""
    sources, targets = record["source"], record["target"]

    def pair(a: Actor | None, b: Actor | None) -> bool:
        if not targets and len(sources) > 1:
            return any(actor_matches(s, a) for s in sources) and any(actor_matches(t, b) for t in sources)
        ok_source = not sources or any(actor_matches(s, a) for s in sources)
        ok_target = not targets or any(actor_matches(t, b) for t in targets)
        return ok_source and ok_target

    symmetric = not is_directed(event.type) or (not record["target"] and len(sources) > 1)
    return pair(event.source, event.target) or (symmetric and pair(event.target, event.source))


def describe(event: Event) -> str:
    source = event.source.code if event.source else "?"
    target = event.target.code if event.target else "?"
    return f"{event.plover or '-'}({event.type}) {source}->{target}"


def score_records(records: list[dict], found: list[list[Event]]) -> pd.DataFrame:
    """One row per record: its gold, our events and the three checks."""
    rows = []
    for record, events in zip(records, found, strict=True):
        rows.append(
            {
                "id": record["id"],
                "type": record["event_current"],
                "gold": f"{record['event_current']} {'+'.join(record['source'])}->{'+'.join(record['target'])}",
                "system": "; ".join(describe(e) for e in events),
                "no_event": not events,
                "type_ok": any(type_matches(record, e) for e in events),
                "dyad_ok": any(dyad_matches(record, e) for e in events),
                "type_dyad_ok": any(type_matches(record, e) and dyad_matches(record, e) for e in events),
                "text": record["text"],
            }
        )
    return pd.DataFrame(rows)


def group_row(name: str, rows: pd.DataFrame) -> dict:
    return {
        "type": name,
        "records": len(rows),
        "type_acc": rows["type_ok"].mean(),
        "dyad_acc": rows["dyad_ok"].mean(),
        "type_dyad_acc": rows["type_dyad_ok"].mean(),
        "no_event": rows["no_event"].mean(),
    }


def evaluate_plover(path: str | Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Score our PLOVER type and dyad on the PLOVER gold-standard records.

    Args:
        path: `plover_gsr.jsonl` or its folder; default `../shared/eval/plover-gsr/`.
        limit: score only the first `limit` records (for smoke tests).
    Returns:
        DataFrame with one row per PLOVER type (the six security types first), then
        `security` (those six together) and `ALL`: records, type_acc, dyad_acc,
        type_dyad_acc (one event right on both) and no_event (share where we found none).
        `frame.attrs["records"]` holds the per-record rows (id, gold, system, checks, text).
    Raises:
        FileNotFoundError: if the records file does not exist.
    """
    records = read_records(resolve(path, "plover-gsr", "plover_gsr.jsonl"))[:limit]
    found = extract_sentences((r["id"], r["text"], None) for r in records)
    scored = score_records(records, found)
    others = sorted(set(scored["type"]) - set(SECURITY_TYPES))
    rows = [
        group_row(t, scored[scored["type"] == t])
        for t in (*SECURITY_TYPES, *others)
        if (scored["type"] == t).any()
    ]
    rows.append(group_row("security", scored[scored["type"].isin(SECURITY_TYPES)]))
    rows.append(group_row("ALL", scored))
    frame = pd.DataFrame(rows)
    frame.attrs["records"] = scored
    return frame
