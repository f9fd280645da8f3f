"""`allyscope eval`, `eval-plover`, `eval-petrarch`: extraction accuracy against gold and peers' suites."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .app import Format, app, console, err, print_frame, report_errors

if TYPE_CHECKING:
    import pandas as pd

ACTORS_OPTION = typer.Option(
    [], "--actors", help="Extra actor dictionary (JSONL, CSV, PETRARCH .actors.txt)."
)
ERRORS_OPTION = typer.Option(False, "--errors", help="List every error with its sentence.")


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


class Level(StrEnum):
    event = "event"
    key = "key"


class Records(StrEnum):
    gsr = "gsr"
    unittest = "unittest"


FORMAT_OPTION = typer.Option(EvalFormat.table, "--format", "-f", help="Output format.")


def records(frame: pd.DataFrame) -> list[dict]:
    """A frame as JSON-ready records (NaN -> null)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


SHORT_NAMES = {
    "precision": "P",
    "recall": "R",
    "f1": "F1",
    "modality_realized": "realized?",
    "type_dyad_acc": "type+dyad",
    "event_recall": "root+dyad recall",
    "gold_mentions": "gold m",
    "gold_events": "gold e",
    "system_mentions": "sys m",
    "system_events": "sys e",
    "mention_p": "m P",
    "mention_r": "m R",
    "mention_f1": "m F1",
    "event_p": "e P",
    "event_r": "e R",
    "event_f1": "e F1",
    "b3_p": "B3 P",
    "b3_r": "B3 R",
}


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's values without its attrs (which pandas would deep-copy on every access), names shortened."""
    import pandas as pd

    out = pd.DataFrame(frame.to_dict("list"), columns=frame.columns).rename(columns=SHORT_NAMES)
    if "doc" in out:
        out["doc"] = out["doc"].str.removesuffix(".txt")
    return out


def print_error_list(frame: pd.DataFrame, title: str) -> None:
    """Errors as blocks (a table squeezes long sentences into unreadable columns)."""
    console.print(f"[bold]{title}[/bold] ({len(frame)})")
    for row in frame.to_dict("records"):
        head = " | ".join(
            str(v) for k, v in row.items() if k not in ("text", "explanation") and v not in ("", None)
        )
        console.print(f"[bold]{head}[/bold]", highlight=False, soft_wrap=True)
        console.print(f"    {' '.join(str(row.get('text', '')).split())}", highlight=False, soft_wrap=True)
        if row.get("explanation"):
            console.print(f"    [dim]{row['explanation']}[/dim]", highlight=False, soft_wrap=True)


def emit(sections: dict[str, pd.DataFrame], fmt: EvalFormat) -> None:
    """Print named frames: a rich table each (errors as a list), or one JSON object of record lists."""
    if fmt == EvalFormat.json:
        payload = {name: records(frame) for name, frame in sections.items()}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    for name, frame in sections.items():
        if name.endswith("errors"):
            print_error_list(frame, name)
        else:
            print_frame(plain(frame), Format.table, title=name)


@app.command("eval")
def eval_gold(
    gold: list[Path] = typer.Argument(..., help="Gold files (SPEC 'Gold file format'), next to their texts."),
    format: EvalFormat = FORMAT_OPTION,
    per_type: bool = typer.Option(False, "--by-type", help="Add precision, recall and F1 per event type."),
    errors: bool = ERRORS_OPTION,
    actors: list[Path] = ACTORS_OPTION,
    level: Level = typer.Option(
        Level.event,
        "--level",
        help="event: each gold event matched by at most one extracted event, every other one a false "
        "alarm; key: distinct (type, dyad) keys per document.",
    ),
    grouped: bool = typer.Option(
        False,
        "--grouping",
        help="Add mention- and event-level P/R/F1 and B-cubed grouping scores, within and across documents.",
    ),
    mentions: Path = typer.Option(
        None, "--mentions", help="Gold mentions for gold files that lack them (JSON); implies --grouping."
    ),
) -> None:
    """Score extraction against gold files: P/R/F1 per event (or key) and attribute accuracy (allyscope.evaluate)."""
    from ..evaluation import across_documents, by_type, error_rows, evaluate, grouping, load_mentions

    frame = evaluate(gold, tuple(map(str, actors)), strict=False, level=level.value)
    sections = {"documents": frame}
    if per_type:
        sections["by_type"] = by_type(frame)
    if errors:
        sections["errors"] = error_rows(frame)
    if grouped or mentions:
        try:
            extra = load_mentions(mentions) if mentions else None
            table = grouping(frame, extra)
        except (OSError, ValueError) as exc:
            cause = f"{exc.filename}: {exc.strerror}" if isinstance(exc, OSError) else exc
            err.print(f"[red]error[/red]: {cause}", highlight=False)
            raise typer.Exit(1) from None
        sections["grouping"] = table
        if errors:
            sections["grouping errors"] = table.attrs["pairs"]
        if len(frame.attrs["results"]) > 1:
            across = across_documents(frame, extra)
            sections["across documents"] = across
            if errors:
                sections["across documents errors"] = across.attrs["pairs"]
    emit(sections, format)
    report_errors(frame.attrs["errors"], len(frame.attrs["results"]))


def failures(frame: pd.DataFrame, ok: str) -> pd.DataFrame:
    """The records that failed check `ok`, with their text columns only."""
    import pandas as pd

    rows = frame.attrs["records"]
    return rows.loc[~rows[ok], [c for c in rows.columns if not pd.api.types.is_bool_dtype(rows[c])]]


def run_suite(frame: pd.DataFrame, title: str, ok: str, errors: bool, fmt: EvalFormat) -> None:
    sections = {title: frame}
    if errors:
        sections["errors"] = failures(frame, ok)
    emit(sections, fmt)


@app.command("eval-plover")
def eval_plover(
    path: Path = typer.Argument(
        None, help="plover_gsr.jsonl or its folder (default ../shared/eval/plover-gsr)."
    ),
    format: EvalFormat = FORMAT_OPTION,
    errors: bool = ERRORS_OPTION,
) -> None:
    """Score our PLOVER type and dyad on the PLOVER gold-standard records (evaluate_plover)."""
    from ..evaluation import evaluate_plover

    try:
        frame = evaluate_plover(path)
    except FileNotFoundError as exc:
        err.print(f"[red]error[/red]: {exc.filename}: no such file", highlight=False)
        raise typer.Exit(1) from None
    run_suite(frame, "PLOVER gold-standard records", "type_dyad_ok", errors, format)


@app.command("eval-petrarch")
def eval_petrarch(
    path: Path = typer.Argument(
        None, help="Records file or its folder (default ../shared/eval/petrarch2-validation)."
    ),
    which: Records = typer.Option(Records.gsr, "--records", help="gsr (78 real sentences) or unittest."),
    actors: list[Path] = ACTORS_OPTION,
    format: EvalFormat = FORMAT_OPTION,
    errors: bool = ERRORS_OPTION,
) -> None:
    """Score CAMEO root code and dyad on PETRARCH's test records (evaluate_petrarch)."""
    from ..evaluation import evaluate_petrarch

    try:
        frame = evaluate_petrarch(path, which.value, tuple(map(str, actors)))
    except FileNotFoundError as exc:
        err.print(f"[red]error[/red]: {exc.filename}: no such file", highlight=False)
        raise typer.Exit(1) from None
    run_suite(frame, f"PETRARCH {which.value} records", "reproduced", errors, format)
