"""Read .txt, .md, .html, .jsonl files, folders and stdin into Document records.

Bad input never stops a batch: each unreadable file (or JSON line) is yielded as an
InputError naming the file and the cause, and reading goes on with the next one.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import string
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import errors
from ..errors import InputError
from ..model import Document
from ..values import env_number, parse_date
from .dates import infer_date, period_end

TEXT_EXTENSIONS = {".txt", ".md", ".text"}
HTML_EXTENSIONS = {".html", ".htm"}
JSON_EXTENSIONS = {".jsonl", ".json", ".ndjson"}
HEADER_KEYS = {
    "title": "title",
    "source": "publisher",
    "publisher": "publisher",
    "publication": "publisher",
    "outlet": "publisher",
    "date": "date",
    "published": "date",
    "url": "url",
    "link": "url",
    "id": "doc_id",
    "author": None,
    "byline": None,
}
HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{0,20}):\s*(.*)$")
# Function words that make up a large share of any English running text.
ENGLISH_WORDS = set(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "by",
        "was",
        "are",
        "at",
        "from",
        "it",
        "an",
        "be",
        "has",
        "have",
        "this",
        "which",
        "its",
        "were",
        "will",
        "said",
        "not",
        "or",
        "but",
        "their",
        "had",
        "been",
        "also",
        "after",
        "over",
        "they",
        "he",
        "she",
        "his",
        "her",
    ]
)


def content_id(text: str) -> str:
    """Stable document id: a hash of the text with whitespace normalised."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def max_chars() -> int:
    """The longest document text analysed in one piece (spaCy's max_length follows it)."""
    return env_number("ALLYSCOPE_MAX_CHARS", 1_000_000, 1, whole=True)


def max_bytes() -> int:
    # a whole corpus may come as one JSON-lines file, so files may be far larger than documents
    return int(env_number("ALLYSCOPE_MAX_MB", 500, 0, above=True) * 1024 * 1024)


# byte order marks, the UTF-32 ones first: UTF-32-LE's begins with UTF-16-LE's
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# which bytes of each 2 or 4 are NUL in UTF-16 and UTF-32 text written without a BOM
NUL_PATTERNS = (
    ("utf-32-le", (False, True, True, True)),
    ("utf-32-be", (True, True, True, False)),
    ("utf-16-le", (False, True)),
    ("utf-16-be", (True, False)),
)
# control characters beyond this share of a text make it binary (a stray form feed does not)
CONTROL_SHARE = 0.01
# a few control characters pass whatever the length (a NUL or an escape code in a short text)
STRAY_CONTROLS = 8
# English averages about 6 characters a word, space included
CHARS_PER_WORD = 8
# letters of other scripts beyond this share make a text not English (accents are A-Z here)
LATIN_SHARE = 0.7
SURROGATE = re.compile(r"[\ud800-\udfff]")
# characters that show nothing, deleted from a text before anything reads it: pasted from the web
# inside or beside a name ("Arme\u200bnia", "\u200bFrance") they hide it from the actor dictionary,
# and a byte order mark kept by a reader that did not decode it hides a `Date:` header. Offsets
# count the text without them, which is the text a Document holds and the store keeps.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Unicode's control characters but whitespace
ASCII_LETTER = re.compile(r"[A-Za-z]")
ASCII_LETTERS = set(string.ascii_letters)
OTHER_LETTER = re.compile(r"[^\W\dA-Za-z_]")


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by where its NUL bytes fall (mostly ASCII text has
    one in every 2, or 3 in every 4, always at the same places)."""
    sample = data[:8192]
    for encoding, pattern in NUL_PATTERNS:
        width = len(pattern)
        count = len(sample) // width
        if count < 4 or len(data) % width:
            continue
        shares = [sample[i : count * width : width].count(0) / count for i in range(width)]
        if all(share > 0.9 if nul else share < 0.1 for share, nul in zip(shares, pattern, strict=True)):
            return encoding
    return None


def decode(data: bytes, path: str) -> str:
    """Bytes -> str: by a byte order mark (UTF-8, UTF-16, UTF-32), UTF-16 or UTF-32 told by its
    NUL bytes, else UTF-8, else Windows-1252. Other NUL bytes mean binary."""
    encodings = [next((enc for bom, enc in BOMS if data.startswith(bom)), None) or wide_encoding(data)]
    if encodings[0] is None:
        if b"\x00" in data[:8192]:
            raise InputError(path, errors.E003)
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, errors.E004)


def check_english(text: str, path: str) -> None:
    """Refuse text that is binary, in another script, or (20 words or more) not English."""
    controls = len(CONTROL.findall(text))
    if controls > max(CONTROL_SHARE * len(text), STRAY_CONTROLS):
        raise InputError(path, errors.E044.format(share=controls / len(text)))
    ascii_letters = len(ASCII_LETTER.findall(text))
    others = OTHER_LETTER.findall(text)
    latin = ascii_letters + sum(unicodedata.normalize("NFKD", c)[0] in ASCII_LETTERS for c in others)
    letters = ascii_letters + len(others)
    if letters >= 10 and latin < LATIN_SHARE * letters:
        raise InputError(path, errors.E043.format(share=latin / letters))
    words = re.findall(r"[A-Za-z]+", text.lower())
    # a long text with few spaces has few words whatever it splits into: count it in words of
    # CHARS_PER_WORD characters, so that 20,000 "(" or a run of random letters is no English
    count = max(len(text.split()), len(text) // CHARS_PER_WORD)
    if count < 20:
        return
    share = sum(w in ENGLISH_WORDS for w in words) / count
    if share < 0.08:
        raise InputError(path, errors.E009.format(share=share))


def check_unicode(fields: dict[str, str], path: str) -> None:
    """Refuse a lone surrogate (from a JSON `\\ud800` escape, or a Python string): it cannot
    be written as UTF-8, so the document could not be stored or printed."""
    for field, value in fields.items():
        match = SURROGATE.search(value)
        if match:
            raise InputError(path, errors.E040.format(field=field, char=f"U+{ord(match.group()):04X}"))


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Split `Key: value` header lines (ended by `---` or a blank line) from the body.

    Without a header, a short first line followed by a blank line is the title, and the body
    is the whole text (the title stays in it, so offsets match the file).
    """
    lines = raw.split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        match = HEADER_LINE.match(line.strip())
        if match and match.group(1).strip().lower() in HEADER_KEYS:
            field = HEADER_KEYS[match.group(1).strip().lower()]
            if field:
                meta.setdefault(field, match.group(2).strip())
            continue
        if i > 0 and line.strip() in ("---", "") and meta:
            return meta, "\n".join(lines[i + 1 :]).strip("\n")
        break
    if len(lines) > 2 and not lines[1].strip() and 0 < len(lines[0].strip()) < 200:
        return {"title": lines[0].strip()}, raw
    return {}, raw


def make_document(text: str, path: str, meta: dict[str, str], date: str | None) -> Document:
    """Build a Document, choosing its date: metadata, then the --date option, then the text."""
    text = text.translate(INVISIBLE).strip("\n")
    if not text.strip():
        raise InputError(path, errors.E002)
    check_unicode({"text": text, **meta}, path)
    if len(text) > max_chars():
        raise InputError(path, errors.E014.format(chars=len(text), limit=max_chars()))
    check_english(text, path)
    header = meta.get("date")
    found, source = period_end(header) or period_end(infer_date(header) if header else None), "metadata"
    if found is None and date:
        found, source = period_end(parse_date(date)), "option"
    if found is None:
        found, source = period_end(infer_date(text)), "inferred"
    day, precision = found or (None, None)
    return Document(
        text=text,
        doc_id=meta.get("doc_id") or content_id(text),
        title=meta.get("title") or None,
        publisher=meta.get("publisher") or None,
        url=meta.get("url") or None,
        date=day,
        date_source=source if day else None,
        date_precision=precision,
        path=path,
    )


def read_text(raw: str, path: str = "<text>", date: str | None = None) -> Document:
    """A plain-text article (with an optional header) -> Document."""
    meta, body = split_header(raw.translate(INVISIBLE).replace("\r\n", "\n").replace("\r", "\n"))
    return make_document(body, path, meta, date)


def read_html(raw: str, path: str, date: str | None) -> Document:
    import trafilatura

    result = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    if not data or not (data.get("text") or "").strip():
        raise InputError(path, errors.E008)
    meta = {
        "title": data.get("title") or "",
        "publisher": data.get("sitename") or data.get("hostname") or "",
        "url": data.get("url") or "",
        "date": data.get("date") or "",
    }
    return make_document(data["text"], path, meta, date)


def read_jsonl(raw: str, path: str, date: str | None) -> Iterator[Document | InputError]:
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(path, errors.E006.format(line=number, reason=exc.msg))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputError(path, errors.E007.format(line=number))
            continue
        meta = {k: str(record[k]) for k in ("title", "publisher", "url", "date") if record.get(k)}
        if record.get("id") is not None:
            meta["doc_id"] = str(record["id"])
        try:
            yield make_document(record["text"], f"{path}:{number}", meta, date)
        except InputError as exc:
            yield exc


def read_bytes(data: bytes, path: str, suffix: str, date: str | None):
    if len(data) > max_bytes():
        raise InputError(path, errors.E010.format(limit=max_bytes() / (1024 * 1024)))
    if not data.strip():
        raise InputError(path, errors.E002)
    raw = decode(data, path)
    if suffix in JSON_EXTENSIONS or (suffix == "" and raw.lstrip().startswith("{")):
        yield from read_jsonl(raw, path, date)
    elif suffix in HTML_EXTENSIONS or (suffix == "" and raw.lstrip()[:1] == "<"):
        yield read_html(raw, path, date)
    else:
        yield read_text(raw, path, date)


def read_capped(stream) -> bytes:
    """At most one byte more than the size limit: a file's stated size is not trusted (a file
    of /proc says 0, one still growing says less than it holds)."""
    return stream.read(max_bytes() + 1)


def display_name(path: Path) -> str:
    """The path as text that can be printed and stored: bytes of a file name that are not
    UTF-8 (Python keeps them as lone surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def read_file(path: Path, date: str | None) -> Iterator[Document | InputError]:
    name = display_name(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, /dev/zero never end
            raise InputError(name, errors.E041)
        if info.st_size > max_bytes():  # too large for sure; a smaller stated size is not trusted
            raise InputError(name, errors.E010.format(limit=max_bytes() / (1024 * 1024)))
        suffix = path.suffix.lower()
        if suffix not in TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS:
            raise InputError(name, errors.E005.format(ext=suffix or "(none)"))
        with path.open("rb") as stream:
            data = read_capped(stream)
        yield from read_bytes(data, name, suffix, date)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(name, exc.strerror or str(exc))


def folder_files(folder: Path) -> tuple[list[Path], list[InputError]]:
    """Readable articles under a folder, recursively, and an error for each folder that cannot
    be read (itself included); gold files, hidden files and hidden folders are skipped."""
    found, unreadable = [], []

    def report(exc: OSError) -> None:
        unreadable.append(
            InputError(
                display_name(Path(exc.filename or folder)), errors.E042.format(cause=exc.strerror or exc)
            )
        )

    for root, dirs, names in os.walk(folder, onerror=report):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            path = Path(root, name)
            if name.startswith(".") or name.lower().startswith("readme"):
                continue  # a corpus folder's own documentation is not an article
            if path.suffix.lower() == ".json":  # gold files and metadata; a .json article is read when named
                continue
            if path.suffix.lower() in TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS and path.is_file():
                found.append(path)
    return sorted(found), unreadable


def read_documents(paths: Iterable[str | Path], date: str | None = None) -> Iterator[Document | InputError]:
    """Yield a Document for each readable article in `paths`, an InputError for each bad one.

    Args:
        paths: files, folders (read recursively) or "-" for standard input.
        date: document date (YYYY-MM-DD, or YYYY-MM or YYYY) for documents whose metadata gives none.
    """
    for item in paths:
        if str(item) == "-":
            try:
                yield from read_bytes(read_capped(sys.stdin.buffer), "<stdin>", "", date)
            except InputError as exc:
                yield exc
            continue
        path = Path(item)
        if path.is_dir():
            files, unreadable = folder_files(path)
            yield from unreadable
            if not files and not unreadable:
                yield InputError(display_name(path), errors.E015)
            for file in files:
                yield from read_file(file, date)
        elif path.exists():
            yield from read_file(path, date)
        else:
            yield InputError(display_name(path), errors.E001)
