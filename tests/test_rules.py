"""The rule files: they validate when a pipeline is built, every name they use exists, and a
new scored type is a change to data only."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from allyscope.events.conditions import CONDITIONS
from allyscope.events.relations import RELATIONS, is_relation
from allyscope.lang import LANG, RuleError
from allyscope.paths import DATA
from allyscope.pipeline import Pipeline
from allyscope.rules import LANGUAGE_FILES, load_rules

SRC = Path(__file__).resolve().parents[1] / "src" / "allyscope"
EN = LANG / "en"


def rules_folder(tmp_path: Path, **files: str) -> str:
    """A rules folder holding the given files (name with '.' written '_'), e.g. triggers_jsonl=..."""
    for name, text in files.items():
        stem, _, ext = name.rpartition("_")
        (tmp_path / f"{stem}.{ext}").write_text(text, encoding="utf-8")
    return str(tmp_path)


def bundled(name: str) -> str:
    return ((EN if name in LANGUAGE_FILES else DATA) / name).read_text(encoding="utf-8")


def with_trigger_line(line: str) -> str:
    return bundled("triggers.jsonl") + line + "\n"


def load_error(tmp_path: Path, **files: str) -> RuleError:
    with pytest.raises(RuleError) as caught:
        load_rules("en", rules_folder(tmp_path, **files))
    return caught.value


def test_bundled_rules_load():
    rules = load_rules()
    assert rules.triggers and rules.frames and rules.lang.words
    assert set(rules.ontology.scored_types) >= {"consult", "military_aid", "reduce_cooperation"}


def test_misspelled_condition_names_file_line_and_key(tmp_path):
    line = '{"lemma": "airlift", "pos": "VERB", "type": "military_aid", "frame": "give", "cameo": "072", "needs_objs": "aid"}'
    error = load_error(tmp_path, triggers_jsonl=with_trigger_line(line))
    number = bundled("triggers.jsonl").count("\n") + 1
    assert error.line == number
    assert "needs_objs" in str(error) and "triggers.jsonl" in str(error) and f"line {number}" in str(error)


@pytest.mark.parametrize(
    "line,named",
    [
        (
            '{"lemma": "airlift", "pos": "VERB", "type": "military_aid", "frame": "gift", "cameo": "072"}',
            "gift",
        ),
        (
            '{"lemma": "airlift", "pos": "VERB", "type": "arms_sale", "frame": "give", "cameo": "072"}',
            "arms_sale",
        ),
        (
            '{"lemma": "airlift", "pos": "VERB", "type": "military_aid", "frame": "give", "cameo": "0999"}',
            "0999",
        ),
        (
            '{"lemma": "airlift", "pos": "VERB", "type": "military_aid", "frame": "give", "cameo": "072", "needs_obj": "@cargo"}',
            "@cargo",
        ),
        (
            '{"lemma": "airlift", "pos": "VERB", "type": "military_aid", "frame": "give", "cameo": "072", "no_dobj": "yes"}',
            "no_dobj",
        ),
        (
            '{"lemma": "airlift", "pos": "VERB", "type": "military_aid", "frame": "give", "cameo": "072", "needs_obj": true}',
            "needs_obj",
        ),
        (
            '{"lemma": "airlift", "pos": "VERB", "type": "military_aid", "frame": "give", "cameo": "072", "modality": "likely"}',
            "modality",
        ),
        ('{"lemma": "airlift", "pos": "VERB", "type": "military_aid", "frame": "give"', "not valid JSON"),
    ],
    ids=["frame", "type", "cameo", "list", "flag", "words", "modality", "json"],
)
def test_a_trigger_naming_what_does_not_exist_is_refused(tmp_path, line, named):
    error = load_error(tmp_path, triggers_jsonl=with_trigger_line(line))
    assert named in str(error) and error.line == bundled("triggers.jsonl").count("\n") + 1


def test_a_frame_relation_no_code_fills_is_refused(tmp_path):
    frames = json.loads(bundled("frames.json"))
    frames["give"]["source"].append("prep:through")  # "through" is no party preposition
    error = load_error(tmp_path, frames_json=json.dumps(frames))
    assert "prep:through" in str(error) and "give" in str(error)


def test_an_unknown_frame_option_is_refused(tmp_path):
    frames = json.loads(bundled("frames.json"))
    frames["give"]["symetric"] = True
    assert "symetric" in str(load_error(tmp_path, frames_json=json.dumps(frames)))


def test_a_word_list_defined_twice_is_refused(tmp_path):
    text = (
        bundled("words.json").rstrip().rstrip("}") + ', "border_nouns": {"_doc": "again", "words": ["edge"]}}'
    )
    error = load_error(tmp_path, words_json=text)
    assert "border_nouns" in str(error) and "twice" in str(error)


def test_a_missing_modality_cue_list_is_refused(tmp_path):
    cues = json.loads(bundled("modality.json"))
    del cues["planned"]["aux"]
    assert "planned.aux" in str(load_error(tmp_path, modality_json=json.dumps(cues)))


def test_a_type_without_all_modalities_is_refused(tmp_path):
    types = bundled("types.csv") + "arms_sale,realized,072,1,1,1,1,0,0,Arms sale\n"
    assert "planned" in str(load_error(tmp_path, types_csv=types))


def test_a_sector_row_with_missing_fields_is_refused(tmp_path):
    error = load_error(tmp_path, sectors_tsv=bundled("sectors.tsv") + "coast guard\tBORDER\n")
    assert error.line and "sectors.tsv" in str(error)


@pytest.mark.parametrize(
    "row,named",
    [
        ("coast guard\tBORDER\tship", "ship"),
        ("border guard\tBORDER\tagency", "twice"),
        ("coast guard\tborder\tagency", "border"),
    ],
    ids=["kind", "twice", "sector"],
)
def test_a_bad_sector_row_is_refused(tmp_path, row, named):
    assert named in str(load_error(tmp_path, sectors_tsv=bundled("sectors.tsv") + row + "\n"))


@pytest.mark.parametrize(
    "row,named",
    [("JUD,yes,judges", "yes"), ("OPP,1,opposition", "twice"), ("jud,0,judges", "jud")],
    ids=["domestic", "twice", "code"],
)
def test_a_bad_sector_code_row_is_refused(tmp_path, row, named):
    error = load_error(tmp_path, sector_codes_csv=bundled("sector_codes.csv") + row + "\n")
    assert named in str(error) and "sector_codes.csv" in str(error)


def test_which_sectors_stand_apart_from_their_state_is_data(tmp_path):
    from allyscope import extract

    text = "The Zimbabwean opposition leader criticised the Zimbabwean government."
    (event,) = extract(text, date="2004-01-01")
    assert (event.source.code, event.source.sector, event.target.code) == ("ZWE", "OPP", "ZWE")
    codes = bundled("sector_codes.csv").replace("\nOPP,1,", "\nOPP,0,")
    pipeline = Pipeline(rules=rules_folder(tmp_path, sector_codes_csv=codes))
    (same_side,) = extract(text, date="2004-01-01", pipeline=pipeline)
    assert same_side.target is None, "the leader is then of the government's side: it has no target"


@pytest.mark.parametrize(
    "row,named", [("lease\trent", "rent"), ("sell\tsale", "twice")], ids=["kind", "twice"]
)
def test_a_bad_aid_kind_row_is_refused(tmp_path, row, named):
    assert named in str(load_error(tmp_path, aid_kinds_tsv=bundled("aid_kinds.tsv") + row + "\n"))


def test_an_unknown_language_is_refused():
    with pytest.raises(RuleError, match="unknown language 'xx'"):
        load_rules("xx")


# --- data integrity: every name a rule uses exists, nothing is defined twice or left unused


def word_list_names_in_code() -> set[str]:
    """Word lists the code names as `words.NAME` or `self.words.NAME`."""
    names = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute)):
                owner = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
                if owner == "words" and not node.attr.startswith("_"):
                    names.add(node.attr)
    return names - {"path", "get", "items", "keys", "values", "add"}  # a set named words


def test_every_word_list_the_code_names_exists():
    words = load_rules().lang.words
    assert word_list_names_in_code() - set(words) == set()


def test_every_word_list_is_used():
    listed = set(load_rules().lang.words)
    in_triggers = {
        part[1:]
        for line in bundled("triggers.jsonl").splitlines()
        if line.strip()
        for value in json.loads(line).values()
        if isinstance(value, str)
        for part in value.split("|")
        if part.startswith("@")
    }
    assert listed - word_list_names_in_code() - in_triggers == set()


def test_every_frame_relation_has_a_filler():
    rules = load_rules()
    for name, frame in rules.frames.items():
        for relation in frame.relations:
            assert is_relation(relation, rules.lang.words), (name, relation)


def test_every_trigger_uses_an_existing_frame_and_type():
    rules = load_rules()
    for (_, _), lines in rules.triggers.items():
        for rule in lines:
            assert rule.frame in rules.frames and rule.type in rules.ontology.types


def test_every_relation_and_condition_shows_an_example_sentence():
    for name, function in {**RELATIONS, **{c.name: c.test for c in CONDITIONS.values()}}.items():
        assert function.__doc__ and '"' in function.__doc__, f"{name} has no example sentence"


def test_english_rule_files_are_in_the_language_folder():
    assert all((EN / name).is_file() for name in LANGUAGE_FILES)
    assert not (DATA / "events").exists()


# --- a new scored type is data only


def arms_sale_rules(tmp_path: Path) -> str:
    """A rules folder where "sell" codes a new scored type, arms_sale, with its own CAMEO code."""
    triggers = [json.loads(line) for line in bundled("triggers.jsonl").splitlines() if line.strip()]
    for rule in triggers:
        if rule["lemma"] == "sell":
            rule.update(type="arms_sale", cameo="0721")
    types = bundled("types.csv") + "".join(
        f"arms_sale,{modality},{code},1,1,1,1,0,0,Arms sale\n"
        for modality, code in (
            ("realized", "0721"),
            ("planned", "0332"),
            ("hypothetical", "0332"),
            ("negated", "1222"),
        )
    )
    cameo = bundled("cameo.csv") + "0721,Sell arms,AID,7.5,0332,1222,\n"
    return rules_folder(
        tmp_path,
        triggers_jsonl="\n".join(json.dumps(r) for r in triggers) + "\n",
        types_csv=types,
        cameo_csv=cameo,
    )


def test_a_new_scored_type_is_a_data_change(tmp_path):
    pipeline = Pipeline(rules=arms_sale_rules(tmp_path))
    assert "arms_sale" in pipeline.ontology.scored_types
    assert pipeline.ontology.labels["arms_sale"] == "Arms sale"
    from allyscope import extract

    text = "Russia sold ten military helicopters worth $40 million to Tajikistan in 2004."
    (event,) = [e for e in extract(text, date="2004-09-23", pipeline=pipeline) if e.type == "arms_sale"]
    assert (event.source.code, event.target.code, event.cameo, event.modality) == (
        "RUS",
        "TJK",
        "0721",
        "realized",
    )
    assert event.amount["value_usd"] == 40_000_000 and "sale" in event.aid_kind
    (planned,) = extract("Russia will sell military helicopters to Tajikistan.", pipeline=pipeline)
    assert (planned.type, planned.cameo) == ("arms_sale", "0332")
    assert not [e for e in extract(text, date="2004-09-23") if e.type == "arms_sale"], (
        "the bundled rules know no arms_sale"
    )


def test_rule_files_are_not_read_at_import_time():
    # a fresh interpreter importing the pipeline opens no rule file until a pipeline is built
    import subprocess
    import sys

    probe = (
        "import builtins, io, pathlib\n"
        "opened = []\n"
        "real = io.open\n"
        "def spy(file, *a, **k):\n"
        "    opened.append(str(file)); return real(file, *a, **k)\n"
        "io.open = builtins.open = spy\n"
        "pathlib.Path.read_text = lambda self, *a, **k: (opened.append(str(self)), real(self, *a, **k).read())[1]\n"
        "import allyscope, allyscope.pipeline, allyscope.actors.recognizer, allyscope.actors.groups\n"
        "import allyscope.actors.references, allyscope.events.component, allyscope.attributes.build\n"
        "print([p for p in opened if '/allyscope/lang/' in p or '/allyscope/data/' in p])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
