"""A value echoed in a message reads as the person wrote it: invisible characters spelt
out (``\\u200b``), booleans and nulls in their YAML spelling (``true``, ``null``)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from definition_helpers import edited_copy
from hypothesis import given
from hypothesis import strategies as st

from directive_flow.definition.echo import quote, show
from directive_flow.planning.validation import validate_paths

FORMAT_CHARACTERS = st.characters(categories=["Cf"])
"""Zero-width space and joiners, soft hyphen, bidi marks, BOM, tag characters ..."""


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _unseen(char: str) -> bool:
    """Independent of the code under test: format, control, or a separator not the space."""
    category = unicodedata.category(char)
    return category in ("Cf", "Cc", "Zl", "Zp") or (category == "Zs" and char != " ")


@given(st.text(max_size=20), FORMAT_CHARACTERS, st.text())
def test_an_echoed_text_with_a_format_character_shows_its_escape(
    before: str, char: str, after: str
) -> None:
    value = before + char + after
    assert _escape(char) in show(value)
    assert _escape(char) in quote(value)


@given(st.recursive(st.none() | st.booleans() | st.text(), lambda inner: st.lists(inner)))
def test_nothing_echoed_is_invisible(value: object) -> None:
    assert not [c for c in show(value) if _unseen(c)]


@pytest.mark.parametrize(
    ("value", "spelt"),
    [
        (True, "true"),
        (False, "false"),
        (None, "null"),
        ([True, None, "a"], "[true, null, 'a']"),
        ({"a": False}, "{'a': false}"),
        (float("inf"), ".inf"),
        ("so-yt\u00a0", "'so-yt\\u00a0'"),
        ("a\tb", "'a\\tb'"),
        ("x" * 70, "'" + "x" * 56 + "...'"),
        ("x" * 55 + "\u200b" * 3, "'" + "x" * 55 + "\\u200b" * 3 + "'"),  # length of the value
    ],
)
def test_a_value_is_shown_as_yaml_spells_it(value: object, spelt: str) -> None:
    assert show(value) == spelt


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "lead: so-yt\n",
            "lead: so-y\u200bt\n",
            ":31:11: assignment 'standing': lead: unknown agency or group 'so-y\\u200bt' "
            "(did you mean 'so-yt'?)",
        ),
        (
            "id: standing",
            "id: stan\u00adding",
            ":28:9: assignment 'stan\\u00adding': id: 'stan\\u00adding' is not an id of "
            "lowercase ASCII letters, digits and dashes",
        ),
        (
            "deliverable: {type: action}",
            "deliverable: {type: null}",
            ":32:25: assignment 'standing': deliverable: type: null is not one of: 'report', "
            "'plan', 'data', 'event' or 'action'",
        ),
        (
            "    due: 2024-07-31\n",
            "    due: 2024-07-31\n    blocking\u200b: false\n",
            ":28:5: assignment 'finalize-report': unknown key 'blocking\\u200b' "
            "(did you mean 'blocking'?)",
        ),
    ],
)
def test_a_message_spells_what_the_file_holds(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = edited_copy(tmp_path, old, new)
    assert [str(p) for p in validate_paths([path]).problems] == [f"{path}{message}"]
