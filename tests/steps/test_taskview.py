"""A task's page shows the assignment as written: the directive's words, never the server's
paths or the definition editors' comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import Engine
from store_helpers import operator

from directive_flow.steps.register import register_directive
from directive_flow.steps.taskview import task_view
from directive_flow.store.db import session_scope

EXAMPLE = (
    Path(__file__).parents[2] / "definitions" / "directives" / "kontum" / "2014-975-tb-vp.yaml"
)
DIRECTIVE = "kontum-2014-975-tb-vp"
TASK = "s1-hoan-chinh-bao-cao-6-thang/so-ldtbxh"  # its block holds a three-line comment


def test_the_source_lines_hold_no_path_and_no_comment(engine: Engine) -> None:
    assert "# assumption" in EXAMPLE.read_text(encoding="utf-8")
    with session_scope(engine) as session:
        register_directive(session, path=EXAMPLE, actor=operator("vp"), as_of=date(2014, 7, 10))
        view = task_view(
            session, actor=operator("vp"), directive=DIRECTIVE, task=TASK, as_of=date(2014, 7, 10)
        )
    shown = view.to_json()["source"]
    assert shown["path"] == "2014-975-tb-vp.yaml"
    lines = dict(view.source_lines)
    assert lines, "the block is found"
    assert not [text for text in lines.values() if "#" in text]
    assert any(text.strip() == "due: 2014-07-25" for text in lines.values())
    numbers = sorted(lines)
    assert numbers[-1] - numbers[0] + 1 > len(numbers)  # the file's own numbers: comments skipped


_ONE_LINE = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85\ufeff"
)


@example(value="\xa0", note="")  # a no-break space is a value, not a blank to strip
@given(value=st.text(_ONE_LINE, max_size=30), note=st.text(_ONE_LINE, max_size=20))
def test_dropping_a_comment_never_changes_what_the_line_means(value: str, note: str) -> None:
    from directive_flow.steps.taskview import _uncommented

    dumped = yaml.safe_dump({"title": value}, allow_unicode=True, width=10_000).rstrip("\n")
    if "\n" in dumped:  # a block scalar: not one line
        return
    line = f"    {dumped}  # {note}"
    assert yaml.safe_load(_uncommented(line)) == yaml.safe_load(line) == {"title": value}
    assert yaml.safe_load(_uncommented(f"    {dumped}")) == {"title": value}
