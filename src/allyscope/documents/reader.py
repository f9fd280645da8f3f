"""Read .txt, .md, .html, .jsonl files, folders and stdin into Document records.

Bad input never stops a batch: each unreadable file (or JSON line) is yielded as an
InputError naming the file and the cause, and reading goes on with the next one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import errors
from ..errors import InputError
from ..model import Document
from .dates import infer_date, parse_iso_date

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
    return int(os.environ.get("ALLYSCOPE_MAX_CHARS", "1000000"))


def max_bytes() -> int:
    # a whole corpus may come as one JSON-lines file, so files may be far larger than documents
    return int(float(os.environ.get("ALLYSCOPE_MAX_MB", "500")) * 1024 * 1024)


def decode(data: bytes, path: str) -> str:
    """Bytes -> str: UTF-8 (with or without BOM), else Windows-1252; NUL bytes mean binary."""
    if b"\x00" in data[:8192]:
        raise InputError(path, errors.E003)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, errors.E004)


def check_english(text: str, path: str) -> None:
    words = re.findall(r"[A-Za-z]+", text.lower())
    all_tokens = text.split()
    if len(all_tokens) < 20:
        return
    share = sum(w in ENGLISH_WORDS for w in words) / len(all_tokens)
    if share < 0.08:
        raise InputError(path, errors.E009.format(share=share))


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
    text = text.strip("\n")
    if not text.strip():
        raise InputError(path, errors.E002)
    if len(text) > max_chars():
        raise InputError(path, errors.E014.format(chars=len(text), limit=max_chars()))
    check_english(text, path)
    header_date = meta.get("date")
    doc_date = parse_iso_date(header_date) or (infer_date(header_date) if header_date else None)
    source = "metadata"
    if doc_date is None and date:
        doc_date, source = date, "option"
    if doc_date is None:
        doc_date, source = infer_date(text), "inferred"
    return Document(
        text=text,
        doc_id=meta.get("doc_id") or content_id(text),
        title=meta.get("title") or None,
        publisher=meta.get("publisher") or None,
        url=meta.get("url") or None,
        date=doc_date,
        date_source=source if doc_date else None,
        path=path,
    )


def read_text(raw: str, path: str = "<text>", date: str | None = None) -> Document:
    """A plain-text article (with an optional header) -> Document."""
    meta, body = split_header(raw.replace("\r\n", "\n").replace("\r", "\n"))
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


def read_file(path: Path, date: str | None) -> Iterator[Document | InputError]:
    suffix = path.suffix.lower()
    if suffix not in TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS:
        yield InputError(str(path), errors.E005.format(ext=suffix or "(none)"))
        return
    try:
        if path.stat().st_size > max_bytes():
            raise InputError(str(path), errors.E010.format(limit=max_bytes() / (1024 * 1024)))
        yield from read_bytes(path.read_bytes(), str(path), suffix, date)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(str(path), exc.strerror or str(exc))


def folder_files(folder: Path) -> list[Path]:
    """Readable articles under a folder, recursively; gold files and hidden files are skipped."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        name = path.name.lower()
        if name.startswith("readme"):  # a corpus folder's own documentation, not an article
            continue
        if path.suffix.lower() == ".json":  # gold files and metadata; a .json article is read when named
            continue
        if path.suffix.lower() in TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS:
            found.append(path)
    return found


def read_documents(paths: Iterable[str | Path], date: str | None = None) -> Iterator[Document | InputError]:
    """Yield a Document for each readable article in `paths`, an InputError for each bad one.

    Args:
        paths: files, folders (read recursively) or "-" for standard input.
        date: document date (YYYY-MM-DD) for documents whose metadata gives none.
    """
    for item in paths:
        if str(item) == "-":
            try:
                yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", "", date)
            except InputError as exc:
                yield exc
            continue
        path = Path(item)
        if path.is_dir():
            files = folder_files(path)
            if not files:
                yield InputError(str(path), errors.E015)
            for file in files:
                yield from read_file(file, date)
        elif path.exists():
            yield from read_file(path, date)
        else:
            yield InputError(str(path), errors.E001)
