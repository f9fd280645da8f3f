"""The bad-input corpus: hostile, broken and odd inputs, each with its expected outcome.

    python tests/badinputs.py FOLDER    writes every case under FOLDER and FOLDER/expected.json

A case is one path to give `allyscope ingest` (a file, a folder, a FIFO, a link, a path that
does not exist) and what must come of it: the coded errors reported for it (one line each),
and the documents and events stored from it. Good documents all report a different dyad, so
that no two of them are one event, and differ in text, so that none is a duplicate of another.
tests/test_badinputs.py runs them all through `ingest` into one store, twice.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROVIDERS = [
    "India", "China", "Germany", "France", "Japan", "Turkey", "Poland", "Italy", "Spain", "Canada",
    "Israel", "Pakistan", "Brazil", "Norway", "Sweden", "Austria", "Greece", "Hungary", "Romania",
    "Belgium", "Denmark", "Finland", "Portugal", "Ireland", "Mexico", "Egypt", "Qatar", "Latvia",
    "Estonia", "Lithuania", "Slovakia", "Croatia", "Serbia", "Bulgaria", "Chile", "Peru",
]  # fmt: skip
# English around a long run without spaces, so that the text still reads as English
FILLER = " It was said that the aid was the largest of its kind and that it was to be used by the army at the border."
RECIPIENTS = ["Tajikistan", "Kyrgyzstan", "Uzbekistan", "Kazakhstan", "Turkmenistan", "Armenia"]


@dataclass
class Case:
    """One input and its expected outcome: error codes, documents and events stored."""

    name: str
    path: Path
    errors: list[str] = field(default_factory=list)
    documents: int = 0
    events: int = 0

    def expected(self) -> dict:
        return {"errors": self.errors, "documents": self.documents, "events": self.events}


class Corpus:
    """Writes cases under a folder; `good(k)` is the k-th good article sentence (one event)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.cases: list[Case] = []
        self.used = 0

    def good(self, before: str = "", after: str = "") -> str:
        k = self.used
        self.used += 1
        provider, recipient = PROVIDERS[k % len(PROVIDERS)], RECIPIENTS[k // len(PROVIDERS)]
        return f"{before}{provider} gave {recipient} military equipment.{after}"

    def file(self, name: str, data: bytes | str, errors=(), documents=0, events=0) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.cases.append(Case(name, path, list(errors), documents, events))
        return path

    def error(self, name: str, data: bytes | str, code: str) -> Path:
        return self.file(name, data, [code])

    def article(self, name: str, text: str | bytes) -> Path:
        """A readable article: one document with one event."""
        return self.file(name, text, documents=1, events=1)

    def special(self, name: str, make: Callable[[Path], None], errors=(), documents=0, events=0) -> None:
        path = self.folder / name
        make(path)
        self.cases.append(Case(name, path, list(errors), documents, events))


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def build(folder: Path) -> list[Case]:
    """Write every case under `folder` (which must not exist yet) and expected.json; return them."""
    folder.mkdir(parents=True)
    c = Corpus(folder)
    rng = random.Random(20041)

    # empty, binary, undecodable, wrong kind of file
    c.error("empty.txt", b"", "E002")
    c.error("blank.txt", b"  \n\t\r\n ", "E002")
    c.error("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "E003")
    c.error("nul-inside.txt", b"Tajik border guards\x00\x00 left.", "E003")
    c.error("undecodable.txt", b"Tajik border \x81\x8d\x8f\x90\x9d guards", "E004")
    c.error("report.pdf", b"%PDF-1.4 Russia gave Tajikistan helicopters", "E005")
    c.error("no-extension", b"Russia gave Tajikistan helicopters.", "E005")
    c.error("script-only.html", "<html><body><script>alert(1)</script></body></html>", "E008")
    c.error("nested.html", "<div>" * 3000 + "</div>" * 3000, "E008")

    # not English, or no text at all
    c.error("french.txt", "Les gardes-frontières russes ont quitté le Tadjikistan en 2005. " * 8, "E009")
    c.error("numbers.txt", " ".join(str(n) for n in range(300)), "E009")
    c.error("one-word.txt", "word " * 10000, "E009")
    c.error("chinese.txt", "俄罗斯和塔吉克斯坦在阿富汗边境附近举行了联合军事演习。" * 5, "E043")
    c.error("russian.txt", "Россия передала Таджикистану военную технику и обучила офицеров. " * 5, "E043")
    c.error("arabic.txt", "قدمت روسيا معدات عسكرية إلى طاجيكستان ودربت ضباطها. " * 5, "E043")
    c.error("latin1-letters.txt", bytes(rng.randrange(0xC0, 0x100) for _ in range(600)), "E009")
    c.error("controls.txt", bytes(rng.randrange(1, 0x20) for _ in range(600)), "E044")
    c.error("ansi-flood.txt", "\x1b[31m\x1b[0m\x07" * 400 + "Russia gave Tajikistan helicopters.", "E044")
    for n in range(3):  # random bytes without NUL, with Windows-1252's undefined bytes
        data = bytes(rng.randrange(1, 256) for _ in range(2000)) + b"\x81"
        c.error(f"random-{n}.txt", data, "E004")

    # JSON lines: each line has its own outcome
    c.file("bad-json.jsonl", jsonl({"text": c.good()}, "{not json", {"text": c.good()}), ["E006"], 2, 2)
    c.file("no-text.jsonl", jsonl({"title": "no text"}, {"text": 42}, {"text": {"a": 1}}), ["E007"] * 3)
    c.file("not-objects.jsonl", jsonl("[1, 2]", '"text"', "null"), ["E007"] * 3)
    c.file("surrogate.jsonl", jsonl({"text": c.good()}, {"text": c.good(after="\ud800")}), ["E040"], 1, 1)
    c.file("surrogate-title.jsonl", jsonl({"title": "Talks \udfff", "text": c.good()}), ["E040"])
    c.file("empty-text.jsonl", jsonl({"text": ""}, {"text": "  "}, {"text": c.good()}), ["E002"] * 2, 1, 1)
    c.file("huge-id.jsonl", '{"id": 1e400, "text": "' + c.good() + '"}\n', documents=1, events=1)
    c.file("nul-char.jsonl", jsonl({"text": c.good(after=" \u0000")}), documents=1, events=1)
    c.file("bom.jsonl", codecs.BOM_UTF8 + jsonl({"text": c.good()}).encode(), documents=1, events=1)
    c.file("blank-lines.jsonl", "\n\n" + jsonl({"text": c.good()}) + "\n  \n", documents=1, events=1)

    # encodings that are text after all
    for encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"):
        c.article(f"{encoding}.txt", c.good(after=" “Quoted.”").encode(encoding))
    c.article("utf-8-bom.txt", codecs.BOM_UTF8 + c.good().encode())
    c.article("windows-1252.txt", c.good(after=" \x93Quoted.\x94").encode("latin-1"))
    c.article("crlf.txt", c.good("Title: Aid\r\n\r\n", "\r\nMore to follow."))
    c.article("cr-only.txt", c.good("Aid news\r\r", "\rMore to follow."))
    c.article("few-controls.txt", c.good(after=" \x1b[0mThe end.\x0c"))
    c.article("zero-width.txt", c.good("\u200b\u200f \ufeff ", " \U0001f600\u200d\U0001f680"))
    c.article("accents.txt", c.good(after=" Zenon Kuchák spoke in Dushanbe."))

    # dates at the ends of the calendar, partial dates, nonsense dates
    for day in ("0001-01-01", "9999-12-31", "2004", "2004-09", "2004-02-30", "sometime soon"):
        text = c.good(f"Date: {day}\n\n", " They met again on Friday and on June 14. Next year more.")
        c.article(f"date-{day.replace(' ', '-')}.txt", text)

    # amounts beyond a float
    c.article(
        "infinite-amount.txt",
        c.good(after=FILLER).replace("military equipment", "$" + "9" * 400 + " billion"),
    )

    # inputs that took minutes: long runs without a space, long chains of names, many sentences
    c.error("parentheses.txt", "(" * 20000, "E009")
    c.article("dollars.txt", c.good("(" * 500 + " " + "$" * 500 + " ", FILLER))
    chain = "Ivanov\u200f\U0001f600, the ambassador of Russia, " * 300
    c.article("rtl-emoji-chain.txt", c.good(chain))
    c.article("long-url.txt", c.good(after=" See https://example.org/" + "a/" * 2000))

    # file names
    c.article("[red]markup[/red].txt", c.good())
    c.article('quote\'s "name".txt', c.good())
    c.article("line\nbreak.txt", c.good())
    name = os.fsdecode(b"latin1-\xe9.txt")  # a byte that is not UTF-8
    path = folder / name
    path.write_text(c.good())
    c.cases.append(Case("latin1 name", path, [], 1, 1))

    # formats
    c.article(
        "page.html",
        f"<html><head><title>Aid</title></head><body><article><p>{c.good()}</p></article></body></html>",
    )
    c.article(
        "js-link.html", f'<html><body><p>{c.good()}</p><a href="javascript:alert(1)">x</a></body></html>'
    )
    c.article("notes.md", c.good("# Aid\n\n*Breaking*: "))

    # folders, pipes, devices, links
    (folder / "empty-folder").mkdir()
    c.cases.append(Case("empty folder", folder / "empty-folder", ["E015"]))
    c.file("gold-only/a.gold.json", "{}", ["E015"])
    c.cases[-1].path = folder / "gold-only"
    c.file("mixed/good.txt", c.good(), [], 1, 1)
    c.cases[-1].path = folder / "mixed"
    (folder / "mixed" / ".hidden.txt").write_text(c.good())  # hidden: not read
    (folder / "mixed" / "bad.txt").write_bytes(b"\x00\x01")
    c.cases[-1].errors = ["E003"]
    c.special("fifo.txt", os.mkfifo, ["E041"])
    c.special("zero.txt", lambda p: p.symlink_to("/dev/zero"), ["E041"])
    c.special("urandom.txt", lambda p: p.symlink_to("/dev/urandom"), ["E041"])
    c.special("dangling.txt", lambda p: p.symlink_to(folder / "nowhere"), ["E001"])
    c.special("missing.txt", lambda p: None, ["E001"])

    (folder / "expected.json").write_text(
        json.dumps({display(case.path): case.expected() for case in c.cases}, indent=1, ensure_ascii=False)
    )
    return c.cases


def display(path: Path) -> str:
    """A path as allyscope names it in messages and in the store (bytes not UTF-8 as U+FFFD)."""
    return os.fsencode(path).decode("utf-8", "replace")


if __name__ == "__main__":
    cases = build(Path(sys.argv[1]))
    print(f"{len(cases)} cases written to {sys.argv[1]} (expected outcomes in expected.json)")
