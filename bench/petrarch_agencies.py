"""Generate data/actors/agencies_petrarch.jsonl: intelligence services, armed forces and police
agencies of the PETRARCH-2 / Phoenix country dictionary (MIT licence, Open Event Data Alliance).

Keeps every entry of `Phoenix.Countries.actors.txt` with one undated code of a state plus the
sector SPY (intelligence), MIL (armed forces) or COP (police), e.g. `MOSSAD ... [ISRSPY]`, and
writes it as one agency per entry: its code (the state), sector (INTEL, MIL, POLICE), name and
aliases. Names are title-cased ("Shin Bet"), short all-capital names stay as written ("FSB",
"MI6"), and a name the English model reads as a person's ("John Kirby", listed under the U.S.
military) is left out. Names already in the hand-kept agencies.jsonl are left to it.

    PYTHONPATH=src .venv/bin/python bench/petrarch_agencies.py [../shared/eval/petrarch2-dictionaries]

Prints how many entries and names it wrote.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "eval" / "petrarch2-dictionaries"
OUT = REPO / "src" / "allyscope" / "data" / "actors" / "agencies_petrarch.jsonl"
SECTORS = {"SPY": "INTEL", "MIL": "MIL", "COP": "POLICE"}
SMALL = {"of", "the", "and", "for", "on", "in"}
# short words of the source's names that are words, not acronyms ("ROYAL_AIR_FORCE", "SHIN_BET")
SHORT_WORDS = {"air", "bet", "her", "law", "sea", "war", "new", "old", "red", "one"}


def blocks(text: str) -> list[dict]:
    """Entries: a name line, its '+' synonyms and the codes on any of their lines."""
    found: list[dict] = []
    for raw in text.splitlines():
        body = re.sub(r"#.*$", "", raw).strip()
        if not body:
            continue
        if not raw[:1].isspace() and not body.startswith(("+", "[")):
            found.append({"names": [], "codes": set()})
        if not found:
            continue
        name = re.sub(r"\{[^}]*\}", "", body.split("[")[0]).strip().lstrip("+").strip()
        if name:
            found[-1]["names"].append(name)
        found[-1]["codes"] |= {c.strip() for c in re.findall(r"\[([^\]]*)\]", body)}
    return found


def written(name: str) -> str:
    """ "SHIN_BET_" -> "Shin Bet", "FSB_" -> "FSB", "PLA_NAVY" -> "PLA Navy", "U.S._ARMY" ->
    "U.S. Army", "MINISTRY_OF_DEFENCE" -> "Ministry of Defence" (a longer acronym, "DARPA", is
    matched in capitals too: the recogniser adds the upper-case form of every name)."""
    words = name.strip("_").replace("_", " ").split()

    def word(k: int, w: str) -> str:
        if w.lower() in SMALL:
            return w.lower() if k else w.capitalize()
        if (len(w) <= 3 and w.lower() not in SHORT_WORDS) or "." in w or (len(words) == 1 and len(w) <= 4):
            return w
        return "-".join(p.capitalize() for p in w.split("-"))

    return " ".join(word(k, w) for k, w in enumerate(words))


def main() -> None:
    from allyscope.language import load_nlp

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    text = (source / "Phoenix.Countries.actors.txt").read_text(encoding="utf-8", errors="replace")
    nlp = load_nlp()
    kept = {
        a.lower()
        for line in (REPO / "src" / "allyscope" / "data" / "actors" / "agencies.jsonl").open()
        for a in json.loads(line)["aliases"]
    }
    records = []
    for block in blocks(text):
        codes = block["codes"]
        code = next(iter(codes)) if len(codes) == 1 else ""
        if not re.fullmatch(r"[A-Z]{3}(SPY|MIL|COP)", code):
            continue
        names = []
        for name in map(written, block["names"]):
            doc = nlp(name)
            person = any(e.label_ == "PERSON" and len(e) == len(doc) for e in doc.ents)
            if not person and name.lower() not in kept and name not in names:
                names.append(name)
        if names:
            records.append(
                {
                    "code": code[:3],
                    "name": names[0],
                    "kind": "agency",
                    "sector": SECTORS[code[3:]],
                    "aliases": names,
                }
            )
    with OUT.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(
        f"{len(records)} agencies, {sum(len(r['aliases']) for r in records)} names -> {OUT.relative_to(REPO)}"
    )


if __name__ == "__main__":
    main()
