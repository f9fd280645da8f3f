"""Mutation probe: does the test suite notice when one extraction rule is deleted?

Each mutation deletes one rule from a copy of the package (a trigger line, a frame relation, a
condition, a modality cue, a word-list entry, a relation function, a lexicon class, ...), runs
the extraction tests against the copy and records whether any test failed ("caught"). The
unmutated copy runs first as the baseline and must pass. Prints each mutation's verdict, the
share caught, and the time per run against the baseline run's.

    .venv/bin/python bench/mutations.py [--only NAME ...] [--tests tests/test_x.py ...]

Needs the shared evaluation data next to the repository (../shared/eval) for the gold floors;
it stops if it is missing. About 20 s to a minute per mutation on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TESTS = [
    "tests/test_rules.py",
    "tests/test_relations.py",
    "tests/test_events.py",
    "tests/test_general_events.py",
    "tests/test_actors.py",
    "tests/test_attributes.py",
    "tests/test_one_sided.py",
    "tests/test_analysis_piece.py",
    "tests/test_demo_gold.py",
]
EN = "src/allyscope/lang/en"
EVENTS = "src/allyscope/events"


def drop_line(containing: str) -> Callable[[str], str]:
    """Delete the one line that contains `containing`."""

    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        hits = [i for i, line in enumerate(lines) if containing in line]
        assert len(hits) == 1, f"{containing!r} is on {len(hits)} lines"
        del lines[hits[0]]
        return "".join(lines)

    return edit


def replace(old: str, new: str) -> Callable[[str], str]:
    """Replace the one occurrence of `old`."""

    def edit(text: str) -> str:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        return text.replace(old, new)

    return edit


def in_json(change: Callable[[dict], None]) -> Callable[[str], str]:
    """Edit a JSON file as data."""

    def edit(text: str) -> str:
        data = json.loads(text)
        change(data)
        return json.dumps(data, indent=1, ensure_ascii=False)

    return edit


def remove(path: list[str], item: str) -> Callable[[dict], None]:
    """Remove `item` from the list at `path` of a JSON document."""

    def change(data: dict) -> None:
        node = data
        for key in path:
            node = node[key]
        node.remove(item)

    return change


def emptied(name: str) -> Callable[[dict], None]:
    """A word list of words.json that matches nothing (the schema wants one word at least)."""

    def change(data: dict) -> None:
        data[name]["words"] = ["zzz-no-such-word"]

    return change


# name -> (file, edit)
MUTATIONS: dict[str, tuple[str, Callable[[str], str]]] = {
    "trigger: exercise (noun)": (f"{EN}/triggers.jsonl", drop_line('"lemma": "exercise", "pos": "NOUN"')),
    "trigger: withdraw (verb)": (f"{EN}/triggers.jsonl", drop_line('"lemma": "withdraw", "pos": "VERB"')),
    "trigger: visit (verb)": (f"{EN}/triggers.jsonl", drop_line('"lemma": "visit", "pos": "VERB"')),
    "trigger condition: host's obj_is_party": (
        f"{EN}/triggers.jsonl",
        replace('"cameo": "043", "obj_is_party": true, "not_obj"', '"cameo": "043", "not_obj"'),
    ),
    "frame relation: give <- iobj": (f"{EN}/frames.json", in_json(remove(["give", "target"], "iobj"))),
    "frame relation: meet <- prep:with": (
        f"{EN}/frames.json",
        in_json(remove(["meet", "parties"], "prep:with")),
    ),
    "frame relation: withdraw <- prep:from": (
        f"{EN}/frames.json",
        in_json(remove(["withdraw", "target"], "prep:from")),
    ),
    "condition: not_under": (
        f"{EVENTS}/conditions.py",
        replace(
            "    return not (\n        token.head.lemma_.lower() in words\n",
            "    return True or not (\n        token.head.lemma_.lower() in words\n",
        ),
    ),
    "condition: needs_prep": (
        f"{EVENTS}/conditions.py",
        replace(
            '    return bool({c.lower_ for c in token.children if c.dep_ in ("prep", "prt", "agent")} & words)',
            "    return True",
        ),
    ),
    "modality cue: negated 'refuse'": (
        f"{EN}/modality.json",
        in_json(remove(["negated", "governors"], "refuse")),
    ),
    "modality cue: planned 'will'": (f"{EN}/modality.json", in_json(remove(["planned", "aux"], "will"))),
    "modality cue: hypothetical 'possible'": (
        f"{EN}/modality.json",
        in_json(remove(["hypothetical", "modifiers"], "possible")),
    ),
    "word list entry: military_goods 'helicopters'": (
        f"{EN}/words.json",
        in_json(remove(["military_goods", "words"], "helicopters")),
    ),
    "word list entry: post_nouns 'embassy'": (
        f"{EN}/words.json",
        in_json(remove(["post_nouns", "words"], "embassy")),
    ),
    "word list entry: security_terms 'military'": (
        f"{EN}/words.json",
        in_json(remove(["security_terms", "words"], "military")),
    ),
    "lexicon class: object_control": (f"{EN}/words.json", in_json(emptied("object_control"))),
    "lexicon class: reporting": (f"{EN}/words.json", in_json(emptied("reporting"))),
    "relation function: obj_compound": (
        f"{EVENTS}/relations.py",
        replace('if x.dep_ == "compound" and x.pos_ == "PROPN"]', "if False]"),
    ),
    "relation function: ccomp_subj": (
        f"{EVENTS}/relations.py",
        replace(
            '        return [o for x in c.complements for o in x.children if o.dep_ in ("nsubj", "nsubjpass")]',
            "        return []",
        ),
    ),
    "relation function: between_deep": (
        f"{EVENTS}/relations.py",
        replace("    return c.args.between_parties(c.trigger) if c.verbal else []", "    return []"),
    ),
    "sector: border guard": (f"{EN}/sectors.tsv", drop_line("border guard\tBORDER\tagency")),
    "guard: a verb trigger used as a modifier": (
        "src/allyscope/events/triggers.py",
        replace(
            '    return not (rule.pos == "VERB" and token.dep_',
            '    return True or not (rule.pos == "VERB" and token.dep_',
        ),
    ),
}


def copy_repo(root: Path) -> Path:
    """A copy of src/ and tests/ under `root`, with the shared data beside it as in the checkout."""
    repo = root / "repo"
    for part in ("src", "tests"):
        shutil.copytree(REPO / part, repo / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(REPO / "pyproject.toml", repo / "pyproject.toml")
    (root / "shared").symlink_to(SHARED)
    return repo


def run_tests(repo: Path, tests: list[str]) -> tuple[bool, float, str]:
    """(passed, seconds, last line of pytest's output) for the tests on the copy."""
    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode == 0, time.perf_counter() - start, lines[-1] if lines else done.stderr[-200:]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", help="names (or beginnings of names) of the mutations to run")
    parser.add_argument("--tests", nargs="*", default=TESTS, help="test files to run against each mutation")
    args = parser.parse_args()
    if not (SHARED / "eval" / "dev").is_dir():
        sys.exit(f"{SHARED / 'eval' / 'dev'} is missing: the gold floors need it")
    chosen = {
        name: m
        for name, m in MUTATIONS.items()
        if not args.only or any(name.startswith(o) for o in args.only)
    }
    with tempfile.TemporaryDirectory(prefix="allyscope-mutations-") as tmp:
        repo = copy_repo(Path(tmp))
        check = subprocess.run(
            [sys.executable, "-c", "import allyscope; print(allyscope.__file__)"],
            env={**os.environ, "PYTHONPATH": str(repo / "src")},
            capture_output=True,
            text=True,
        ).stdout.strip()
        assert check.startswith(str(repo)), f"the copy is not what runs: {check}"
        passed, baseline, summary = run_tests(repo, args.tests)
        print(f"baseline (no mutation): {'passed' if passed else 'FAILED'} in {baseline:.0f} s ({summary})")
        if not passed:
            sys.exit("the unmutated suite fails; fix that first")
        caught = 0
        for name, (relative, edit) in chosen.items():
            path = repo / relative
            original = path.read_text(encoding="utf-8")
            path.write_text(edit(original), encoding="utf-8")
            try:
                passed, seconds, summary = run_tests(repo, args.tests)
            finally:
                path.write_text(original, encoding="utf-8")
            caught += not passed
            verdict = "caught  " if not passed else "MISSED  "
            print(f"{verdict}{name:48} {seconds / baseline:4.2f}x baseline  {summary}", flush=True)
        print(f"caught {caught} of {len(chosen)} mutations ({caught / max(len(chosen), 1):.0%})")


if __name__ == "__main__":
    main()
