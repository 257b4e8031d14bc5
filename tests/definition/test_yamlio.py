"""The one safe YAML reader: located data, NFC text, and every refusal it owes."""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_flow.definition import yamlio
from directive_flow.definition.yamlio import Mark, parse_yaml, read_yaml
from directive_flow.errors import DefinitionError
from directive_flow.planning.validation import BULK_THRESHOLD, fewer_collections

DIRECTIVE = """\
kind: directive
header:
  number: 1/TB-VP
  title:   Thông báo
assignments:
  - id: supply-data
    depends_on: [a, b]
  - id: finalize-report
"""


def _messages(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_yaml(text, "f.yaml")
    return [str(p) for p in caught.value.problems]


# -- marks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "key", "expected"),
    [
        (("kind",), False, Mark(1, 7)),
        (("kind",), True, Mark(1, 1)),
        (("header",), True, Mark(2, 1)),
        (("header", "number"), True, Mark(3, 3)),
        (("header", "number"), False, Mark(3, 11)),
        (("header", "title"), False, Mark(4, 12)),  # extra spaces before the value
        (("assignments", 0), False, Mark(6, 5)),  # an item starts at its first key
        (("assignments", 0, "id"), True, Mark(6, 5)),
        (("assignments", 0, "id"), False, Mark(6, 9)),
        (("assignments", 0, "depends_on"), False, Mark(7, 17)),
        (("assignments", 0, "depends_on", 1), False, Mark(7, 21)),
        (("assignments", 1, "id"), False, Mark(8, 9)),
    ],
)
def test_marks_are_one_based_for_keys_and_values(
    loc: tuple[str | int, ...], key: bool, expected: Mark
) -> None:
    doc = parse_yaml(DIRECTIVE, "f.yaml")
    assert doc.mark(loc, key=key) == expected


def test_mark_of_an_absent_location_falls_back_to_its_nearest_parent() -> None:
    doc = parse_yaml(DIRECTIVE, "f.yaml")
    assert doc.mark(("assignments", 1, "deliverable")) == Mark(8, 5)
    assert doc.mark(("assignments", 1, "deliverable"), key=True) == Mark(8, 5)
    assert doc.mark(("nowhere", "at", "all")) == Mark(1, 1)


def test_problem_carries_path_line_and_column() -> None:
    doc = parse_yaml(DIRECTIVE, "defs/x.yaml")
    problem = doc.problem(("header", "number"), "bad number")
    assert str(problem) == "defs/x.yaml:3:11: bad number"


def test_crlf_line_endings_keep_marks_right() -> None:
    doc = parse_yaml("kind: directive\r\nheader:\r\n  title: x\r\n", "f.yaml")
    assert doc.data == {"kind": "directive", "header": {"title": "x"}}
    assert doc.mark(("header", "title")) == Mark(3, 10)


# -- text -------------------------------------------------------------------------------

DECOMPOSED_SO = "S" + "o\u031b\u0309"  # 'Sở' typed as o + combining horn + hook above
COMPOSED_SO = "S\u1edf"


def test_decomposed_vietnamese_is_normalised_to_nfc() -> None:
    assert unicodedata.normalize("NFC", DECOMPOSED_SO) == COMPOSED_SO != DECOMPOSED_SO
    doc = parse_yaml(f"name: {DECOMPOSED_SO} Y tế\n{DECOMPOSED_SO}: key\n", "f.yaml")
    assert doc.data == {"name": f"{COMPOSED_SO} Y tế", COMPOSED_SO: "key"}
    assert doc.mark((COMPOSED_SO,), key=True) == Mark(2, 1)


def test_bom_is_accepted_and_does_not_shift_columns(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + "kind: directive\nname: Sở Y tế\n".encode())
    doc = read_yaml(path)
    assert doc.data == {"kind": "directive", "name": "Sở Y tế"}
    assert doc.mark(("kind",), key=True) == Mark(1, 1)
    assert doc.path == str(path)


def test_display_name_is_used_in_problems(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        read_yaml(path, display="shown.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "shown.yaml:2:1: duplicate key 'a' (first at line 1)"
    ]


def test_not_utf8_is_located_at_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.yaml"
    path.write_bytes(b"kind: directive\nname: S\xf5 Y t\xea\n")
    with pytest.raises(DefinitionError) as caught:
        read_yaml(path, display="f.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "f.yaml:2:8: not UTF-8 text (byte 0xf5); save the file as UTF-8"
    ]


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"kind: directive\n\x00\x01")
    with pytest.raises(DefinitionError) as caught:
        read_yaml(path, display="f.yaml")
    assert [str(p) for p in caught.value.problems] == ["f.yaml: binary file, not YAML text"]


def test_missing_file_is_a_problem_not_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        read_yaml(tmp_path / "nope.yaml", display="nope.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "nope.yaml: cannot read file: No such file or directory"
    ]


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_documents(text: str) -> None:
    assert _messages(text) == ["f.yaml: file is empty"]


# -- scalars and keys -------------------------------------------------------------------


def test_invalid_timestamps_are_kept_as_text_valid_ones_typed() -> None:
    doc = parse_yaml(
        "bad: 2014-02-31\ngood: 2014-02-28\nwhen: 2024-07-31 10:00:00\nvn: 31/02/2014\n",
        "f.yaml",
    )
    assert doc.data == {
        "bad": "2014-02-31",
        "good": date(2014, 2, 28),
        "when": datetime(2024, 7, 31, 10, 0),
        "vn": "31/02/2014",
    }


def test_yaml_1_1_scalars_are_typed() -> None:
    doc = parse_yaml("a: yes\nb: ~\nc: 010\nd: 1.5\ne: '010'\n", "f.yaml")
    assert doc.data == {"a": True, "b": None, "c": 8, "d": 1.5, "e": "010"}


def test_keys_are_kept_as_written_with_their_marks() -> None:
    # keys are names: `2024-01-27:` is the text '2024-01-27', so the schema can call it
    # an unknown key instead of showing a Python date
    doc = parse_yaml("1: int\n2024-01-27: day\n~: none\n1.5: float\n", "f.yaml")
    assert doc.data == {"1": "int", "2024-01-27": "day", "~": "none", "1.5": "float"}
    assert doc.mark(("2024-01-27",), key=True) == Mark(2, 1)
    assert doc.mark(("~",)) == Mark(3, 4)


def test_complex_keys_are_refused() -> None:
    assert _messages("? [a, b]\n: x\n") == [
        "f.yaml:1:3: a key must be a plain value, not a list or mapping"
    ]


def test_every_duplicate_key_is_reported() -> None:
    assert _messages("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n") == [
        "f.yaml:4:3: b: duplicate key 'c' (first at line 3)",
        "f.yaml:5:1: duplicate key 'a' (first at line 1)",
    ]


def test_look_alike_spaces_in_indentation_are_refused_where_they_stand() -> None:
    assert _messages("a:\n  b: 1\n\u00a0 c: 2\n  d:\n \u3000 e: 3\n") == [
        "f.yaml:3:1: non-breaking space in indentation (pasted from a word processor?); "
        "indent with plain spaces",
        "f.yaml:5:2: full-width space in indentation; indent with plain spaces",
    ]
    assert parse_yaml("a: 'x\u00a0y'\n", "f.yaml").data == {"a": "x\u00a0y"}  # text inside


def test_tabs_in_indentation_are_refused_on_every_line() -> None:
    assert _messages("a:\n\tb: 1\n \tc: 2\n") == [
        "f.yaml:2:1: tab in indentation; indent with spaces",
        "f.yaml:3:2: tab in indentation; indent with spaces",
    ]


@given(
    before=st.lists(st.text("ab: ", max_size=8), max_size=4),
    char=st.sampled_from(["\x07", "\x1b", "\x7f", "\x0b", "\x0c", "\x1f"]),
    col=st.integers(0, 3),
)
def test_a_control_character_is_refused_on_its_line_and_column(
    before: list[str], char: str, col: int
) -> None:
    lines = [*(f"k{i}: {t.strip(': ')}" for i, t in enumerate(before)), "last: " + "x" * 4]
    lines[-1] = lines[-1][: 6 + col] + char + lines[-1][6 + col :]
    assert _messages("\n".join(lines) + "\n") == [
        f"f.yaml:{len(lines)}:{7 + col}: control character U+{ord(char):04X} is not allowed; "
        "remove it"
    ]


def test_tabs_inside_values_are_fine() -> None:
    doc = parse_yaml('a: "x\ty"\nb: p\tq\n', "f.yaml")
    assert doc.data == {"a": "x\ty", "b": "p\tq"}


# -- tags, merges, aliases --------------------------------------------------------------


def test_merge_keys_are_refused() -> None:
    text = "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n"
    assert _messages(text) == [
        "f.yaml:3:3: other: merge keys ('<<') are not supported; write the keys out"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!python/object/apply:os.system [ls]\n", "f.yaml:1:4: a: unsupported tag "),
        ("a: !!python/name:os.system\n", "f.yaml:1:4: a: unsupported tag "),
        ("a: !!binary aGk=\n", "f.yaml:1:4: a: unsupported tag '!!binary'"),
        ("a: !include other.yaml\n", "f.yaml:1:4: a: unsupported tag '!include'"),
        ("a: !!set {x, y}\n", "f.yaml:1:4: a: unsupported tag '!!set'"),
    ],
)
def test_unsafe_and_custom_tags_are_refused(text: str, expected: str) -> None:
    messages = _messages(text)
    assert len(messages) == 1
    assert messages[0].startswith(expected)


def test_python_tag_is_named_in_full() -> None:
    assert _messages("a: !!python/object/apply:os.system [ls]\n") == [
        "f.yaml:1:4: a: unsupported tag '!!python/object/apply:os.system'"
    ]


def test_standard_tags_are_allowed() -> None:
    doc = parse_yaml("a: !!str 123\nb: !!int '7'\n", "f.yaml")
    assert doc.data == {"a": "123", "b": 7}


def test_small_alias_reuse_is_accepted() -> None:
    doc = parse_yaml("a: &codes [so-yt, so-ldtbxh]\nb: *codes\n", "f.yaml")
    assert doc.data == {"a": ["so-yt", "so-ldtbxh"], "b": ["so-yt", "so-ldtbxh"]}
    assert doc.data["a"] is not doc.data["b"]  # no shared mutable data
    # Aliased content is located where the anchor defines it.
    assert doc.mark(("b", 0)) == Mark(1, 12)


def test_more_than_max_nodes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 5)
    assert parse_yaml("a: [1, 2, 3]\n", "f.yaml").data == {"a": [1, 2, 3]}  # 5 nodes
    assert _messages("a: [1, 2, 3, 4]\n") == [
        "f.yaml:1:14: document expands to more than 5 nodes (an alias bomb?)"
    ]


def test_billion_laughs_is_refused_at_the_node_limit() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    messages = _messages("\n".join(lines) + "\n")  # how long it takes: bench/bench_validate.py
    assert len(messages) == 1
    assert messages[0].endswith(
        f"document expands to more than {yamlio.MAX_NODES:,} nodes (an alias bomb?)"
    )


def test_more_than_one_document_is_refused() -> None:
    assert _messages("a: 1\n---\nb: 2\n") == [
        "f.yaml:2:1: YAML syntax error: more than one YAML document ('---'); "
        "a definition file holds one"
    ]


def test_syntax_errors_are_located() -> None:
    assert _messages("a:\n    b: 1\n  c: 2\n") == [
        "f.yaml:3:3: YAML syntax error: while parsing a block mapping did not find expected key"
    ]


_KEYS = st.text("abcđêơ_", min_size=1, max_size=6)


@st.composite
def _trees(draw: st.DrawFn) -> Any:
    """Nested mappings and lists whose leaves are distinct words (``w0``, ``w1``, ...)."""
    counter = iter(range(10_000))
    tree = st.recursive(
        st.builds(lambda: f"w{next(counter)}"),
        lambda inner: (
            st.lists(inner, min_size=1, max_size=4)
            | st.dictionaries(_KEYS, inner, min_size=1, max_size=4)
        ),
        max_leaves=25,
    )
    return draw(st.dictionaries(_KEYS, tree, min_size=1, max_size=4))


def _leaves(
    data: Any, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for step, value in items:
        if isinstance(value, (dict, list)):
            yield from _leaves(value, (*loc, step))
        else:
            yield (*loc, step), value


@settings(max_examples=60, deadline=None)
@given(_trees(), st.booleans())
def test_every_value_and_key_is_found_where_it_is_written(tree: Any, flow: bool) -> None:
    text = yaml.safe_dump(tree, allow_unicode=True, default_flow_style=flow, width=60)
    doc = parse_yaml(text, "f.yaml")
    assert doc.data == tree
    lines = text.splitlines()
    for loc, word in _leaves(tree):
        mark = doc.mark(loc)
        assert mark is not None
        assert lines[mark.line - 1][mark.col - 1 :].startswith(word), (loc, mark)
        if isinstance(loc[-1], str):
            at = doc.mark(loc, key=True)
            assert at is not None
            assert lines[at.line - 1][at.col - 1 :].lstrip("'\"").startswith(loc[-1]), (loc, at)


def test_validating_many_files_raises_the_collector_threshold_and_puts_it_back() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        with fewer_collections():  # nested: the outer keeps it raised
            assert gc.get_threshold()[0] >= BULK_THRESHOLD
        assert gc.get_threshold()[0] >= BULK_THRESHOLD
        with pytest.raises(RuntimeError), fewer_collections():
            raise RuntimeError("a failure half-way")
        assert gc.get_threshold()[0] >= BULK_THRESHOLD
    assert gc.get_threshold() == before
