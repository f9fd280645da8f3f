"""The README against the code: every command, option and Python name it shows exists, and every
command has help text."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import typer

from allyscope.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands


def code_spans() -> list[str]:
    """Inline code and the lines of fenced blocks."""
    fenced = re.findall(r"```[a-z]*\n(.*?)```", README, flags=re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", README, flags=re.S))
    return [line for block in fenced for line in block.splitlines()] + inline


def invocations() -> list[tuple[str, list[str]]]:
    """(command, options) of each `allyscope COMMAND ...` the README shows."""
    found = []
    for span in code_spans():
        for match in re.finditer(r"\ballyscope ([a-z][a-z-]*)([^$#]*)", span):
            options = re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", match.group(2))
            found.append((match.group(1), options))
    return found


def test_the_readme_shows_commands():
    assert {command for command, _ in invocations()} >= {"extract", "ingest", "events", "partners", "demo"}


@pytest.mark.parametrize(("command", "options"), invocations())
def test_each_command_and_option_in_the_readme_exists(command, options):
    assert command in COMMANDS, f"the README names `allyscope {command}`, which does not exist"
    known = {opt for param in COMMANDS[command].params for opt in param.opts}
    assert set(options) <= known, f"allyscope {command}: no {sorted(set(options) - known)}"


def test_commands_named_in_the_reference_table_exist():
    table = [line for line in README.splitlines() if line.startswith("| `allyscope")]
    named = {word for line in table for word in re.findall(r"`([a-z][a-z-]*)`", line.split("|")[1])}
    assert table and named <= set(COMMANDS), named - set(COMMANDS)


@pytest.mark.parametrize("name", sorted(set(re.findall(r"`(allyscope(?:\.\w+)+)", README))))
def test_each_python_name_in_the_readme_exists(name):
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return
    pytest.fail(f"{name} does not exist")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name):
    command = COMMANDS[name]
    assert command.help and len(command.help.split()) >= 5, f"allyscope {name} has no help text"
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"allyscope {name} {param.opts[0]} has no help text"
