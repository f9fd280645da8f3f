"""English lives in allyscope/lang/en: the stage modules hold no English words or patterns.

`count_english(ROOT)` counts, in a checkout at ROOT, the English word literals and the regular
expressions compiled in the stage modules (actors/, events/, attributes/, coreference/,
language/, and documents/dates.py, which dates a document from its text). A word
literal is a one-word string constant (not a docstring) of lower-case letters that is neither a
spaCy label (dependency, tag, entity) nor a name of our own data (keys of the JSON rule files,
relation names of frames.json, column names of the CSV tables) nor one of the identifiers below.
To count another checkout (e.g. before a change):

    python -c "import sys; sys.path.insert(0, 'tests'); from test_language import count_english; print(count_english('OTHER_CHECKOUT'))"
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

STAGES = ("actors", "events", "attributes", "coreference", "language")
# single modules of other packages that read English only through the language package
MODULES = ("documents/dates.py",)
WORD = re.compile(r"^[a-z]+(?:'[a-z]+)?$")
# identifiers in code that are not compared with text: record keys, library names, internal labels
IDENTIFIERS = {
    "actor", "role", "alias", "replace", "text", "value", "pre", "post", "lat", "lon", "latitude",
    "longitude", "population", "iso", "countrycode", "outlet", "expand", "parser", "lemmatizer", "rule", "en",
    "past", "s",
    "subj", "obj", "iobj", "mod", "asker", "xobj", "obliged", "reporter", "organisation", "context",
    "fallback", "day", "month", "year", "funds", "country", "be", "have", "lang", "rules", "entry",
    "carried", "named", "parse", "previous", "unknown", "answer", "arg", "setting", "thanks",
    "realized", "planned", "hypothetical", "negated", "state", "igo", "person", "agency", "name",
    "adjective", "capital", "actors", "events", "lemmas", "words", "r", "w", "document",
    "done", "intended", "location", "absorb", "dyad",
    "alternatenames", "inferred", "qualifier", "period", "start", "end",
}  # fmt: skip


def data_names(package: Path) -> set[str]:
    """Keys of every JSON rule file, relation names of frames.json, CSV column names."""
    names: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                names.add(str(key).lower())
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in [*package.rglob("*.json"), *package.rglob("*.jsonl")]:
        if "demo" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines() if path.suffix == ".jsonl" else [text]:
            if line.strip():
                walk(json.loads(line))
    for path in package.rglob("frames.json"):
        for frame in json.loads(path.read_text(encoding="utf-8")).values():
            if isinstance(frame, dict):
                names |= {v.lower() for values in frame.values() if isinstance(values, list) for v in values}
    for path in package.rglob("*.csv"):
        names |= set(path.read_text(encoding="utf-8").splitlines()[0].lower().split(","))
    return names


def spacy_labels() -> set[str]:
    from allyscope.language.nlp import load_base_model

    nlp = load_base_model()
    labels = {"root", "adj", "adp", "adv", "aux", "cconj", "det", "intj", "noun", "num", "part", "pron"}
    labels |= {"propn", "punct", "sconj", "sym", "verb", "x"}
    for name in ("parser", "tagger", "ner"):
        labels |= {label.lower() for label in nlp.get_pipe(name).labels}
    return labels


def count_english(root: str | Path) -> dict:
    """{"words": n, "regexes": n, "where": {module: [words]}} for the checkout at `root`."""
    package = Path(root) / "src" / "allyscope"
    known = spacy_labels() | data_names(package) | IDENTIFIERS
    words, regexes, where = 0, 0, {}
    paths = [path for stage in STAGES for path in sorted((package / stage).glob("*.py"))]
    for path in paths + [package / module for module in MODULES]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and WORD.match(node.value)
            and node.value not in known
        ]
        regexes += sum(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "compile"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            for node in ast.walk(tree)
        )
        if found:
            where[str(path.relative_to(package))] = found
        words += len(found)
    return {"words": words, "regexes": regexes, "where": where}


def test_stage_modules_hold_no_english_words():
    counted = count_english(Path(__file__).resolve().parents[1])
    assert counted["words"] == 0, counted["where"]
    # left: the PETRARCH dictionary format (actors/dictionary.py), the amount pattern, which
    # attributes/amounts.py assembles from the language's amounts.json, and the tokeniser's guard
    # against long stretches without a space (language/nlp.py: spaces, word and punctuation characters)
    assert counted["regexes"] <= 5


def test_line_breaks_start_sentences_in_linear_time():
    """Every line starts a sentence, and marking them costs the same per line in a long text
    (setting `token.is_sent_start` one by one checked the whole document each time)."""
    import time

    from allyscope.language.nlp import ParagraphBreaks, load_base_model

    nlp = load_base_model()
    doc = nlp.make_doc("Dushanbe, Tajikistan - Troops arrived.\n" * 20000)
    start = time.perf_counter()
    doc = ParagraphBreaks("en")(doc)
    assert time.perf_counter() - start < 3
    line_starts = [t.i for t in doc if t.i > 0 and "\n" in doc[t.i - 1].text_with_ws]
    assert all(doc[i].is_sent_start for i in line_starts) and len(line_starts) == 19999
    assert doc[4].is_sent_start, "the story starts after the dateline's dash"
