"""Definition problems in Vietnamese: every problem the loader can give has a pattern,
every pattern is used by a real problem, and translating keeps the place, the field
paths and the quoted values as they were.

The corpus is every file under ``tests/fixtures/invalid/`` and the bad definitions built
here, one for each kind of problem the fixtures do not show (the kinds the tests under
``tests/definition/`` build inline: tags, merge keys, odd indentation, pattern and range
errors, recurrences, cross-references).
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directive_flow.definition.agencies import AgencyDirectory
from directive_flow.definition.model import AgencyRegistry
from directive_flow.definition.references import owner_problems
from directive_flow.definition.yamlio import MAX_BYTES, YamlDocument
from directive_flow.errors import DefinitionError, Problem
from directive_flow.planning.validation import load_directive, validate_paths
from directive_flow.texts.definitions import (
    NESTED,
    SENTENCES,
    problem_line,
    problem_message,
    translate,
)

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"
DIRECTIVE = (VALID / "directive.yaml").read_text(encoding="utf-8")
REGISTRY = (VALID / "agencies.yaml").read_text(encoding="utf-8")

STANDING_DUE = "    due: {standing: thường xuyên}\n"
RECURRENCE = "    recurrence: {{every: {every}, first: {first}{last}, due: {{working_days: 5, after: {after}}}}}\n"

EDITS: dict[str, tuple[str, str]] = {  # name -> (text in the valid directive, replacement)
    "title-not-text": ("title: Hoàn chỉnh báo cáo", "title: [a, b]"),
    "title-empty": ("title: Hoàn chỉnh báo cáo", 'title: ""'),
    "section-too-long": ('section: "1"', 'section: "12345678901234567"'),
    "no-assignments": ("assignments:\n", "assignments: []\nx:\n"),
    "lines-three": ('section: "1"', 'section: "1"\n    lines: [1, 2, 3]'),
    "lines-backwards": ('section: "1"', 'section: "1"\n    lines: [5, 2]'),
    "lines-not-list": ('section: "1"', 'section: "1"\n    lines: 5'),
    "reminders-low": ("assignments:\n", "reminders: {overdue_every: 0, overdue_limit: 99}\nassignments:\n"),
    "header-not-mapping": ("header:\n  number: 1/TB-VP\n", "header: x\nh:\n  number: 1/TB-VP\n"),
    "depends-not-list": ("depends_on: [supply-data]", "depends_on: supply-data"),
    "month-13": ("due: 2024-07-31", "due: 2024-13-01"),
    "year-0": ("due: 2024-07-31", "due: 31/12/0000"),
    "due-null": ("due: 2024-07-31", "due:"),
    "due-and-recurrence-missing": (STANDING_DUE, ""),
    "both-counts": ("due: {working_days: 10, after: issued}", "due: {working_days: 10, days: 2, after: issued}"),
    "no-anchor": ("due: {working_days: 10, after: issued}", "due: {working_days: 10}"),
    "consolidates-alone": ("    depends_on: [supply-data]\n", ""),
    "bad-id": ("id: standing", "id: Standing Duty"),
    "bad-number": ("number: 1/TB-VP", "number: số một"),
    "bad-field-name": ("name: children", "name: Children"),
    "bad-quarter": ("due: 2024-07-31", "due: {quarter: 2024-Q5}"),
    "duplicate-field": (
        "        - {name: children, label: Số trẻ em, type: integer, unit: trẻ em}\n",
        "        - {name: children, label: Số trẻ em, type: integer}\n" * 2,
    ),
    "depends-twice": ("depends_on: [supply-data]", "depends_on: [supply-data, supply-data]"),
    "not-a-member": ("lead: suppliers", "lead: suppliers\n    excluding: [so-ldtbxh]"),
    "excludes-all": ("lead: suppliers", "lead: huyen\n    excluding: [ubnd-huyen-a, ubnd-huyen-b]"),
    "period-anchor-outside": ("after: issued}", "after: cutoff}"),
    "year-period": (STANDING_DUE, RECURRENCE.format(every="year", first="H1-2026", last="", after="cutoff")),
    "quarter-period": (STANDING_DUE, RECURRENCE.format(every="quarter", first="H1-2026", last="", after="cutoff")),
    "month-period": (STANDING_DUE, RECURRENCE.format(every="month", first="H1-2026", last="", after="cutoff")),
    "last-before-first": (
        STANDING_DUE,
        RECURRENCE.format(every="half-year", first="H2-2026", last=", last: H1-2026", after="cutoff"),
    ),
    "same-date-every-period": (
        STANDING_DUE,
        RECURRENCE.format(every="half-year", first="H2-2026", last="", after="issued"),
    ),
    "counts-from-standing": ("due: 2024-07-31", "due: {working_days: 1, after_completion_of: standing}"),
    "meeting-without-date": ("due: {working_days: 10, after: issued}", "due: {working_days: 10, after: meeting}"),
    "source-past-the-end": ("  title: Thông báo thử nghiệm\n", "  title: T\n  source: {file: agencies.yaml, lines: [1, 999]}\n"),
    "source-not-text": ("  title: Thông báo thử nghiệm\n", "  title: T\n  source: {file: binary.bin}\n"),
    "unit-on-boolean": ("type: integer, unit: trẻ em}", "type: boolean, unit: trẻ em}"),
    "bounds-on-text": ("type: integer, unit: trẻ em}", "type: text, min: 1}"),
    "bound-not-whole": ("unit: trẻ em}", "unit: trẻ em, min: 1.5}"),
    "percent-bound": ("type: integer, unit: trẻ em}", "type: percent, max: 120}"),
    "percent-unit": ("type: integer, unit: trẻ em}", "type: percent, unit: trẻ em}"),
    "max-below-min": ("unit: trẻ em}", "unit: trẻ em, min: 5, max: 2}"),
    "max-below-zero": ("unit: trẻ em}", "unit: trẻ em, max: -1}"),
    "bound-not-number": ("unit: trẻ em}", "unit: trẻ em, min: nhiều}"),
    "bound-not-finite": ("unit: trẻ em}", "unit: trẻ em, max: .inf}"),
    "fields-on-action": ("deliverable: {type: action}", "deliverable: {type: action, fields: [{name: a, label: A, type: text}]}"),
    "consolidates-action": ("deliverable: {type: report}", "deliverable: {type: action}"),
    "registry-not-yaml": ("registry: agencies.yaml", "registry: binary.bin"),
    "registry-not-registry": ("registry: agencies.yaml", "registry: registry-not-registry.yaml"),
}  # fmt: skip

REGISTRY_EDITS: dict[str, tuple[str, str]] = {
    "group-code-is-an-agency": ("  - code: huyen\n", "  - code: so-yt\n"),
    "shared-name": ("name: UBND huyện B", "name: UBND huyện A"),
    "unknown-parent": ("    kind: district\n", "    kind: district\n    parent: ubnd-tinhh\n"),
    "notify-not-url": ("email: a@example.vn}", "email: a@example.vn, notify: [nope]}"),
}

RAW: dict[str, bytes] = {  # name -> a whole file
    "missing-kind": b"id: x\n",
    "not-a-mapping": b"- a\n- b\n",
    "nbsp": "kind: directive\nheader:\n\u00a0 a: 1\n".encode(),
    "full-width": "kind: directive\nheader:\n\u3000a: 1\n".encode(),
    "control-character": b"kind: directive\nid: \x07\n",
    "merge-key": b"kind: directive\na: &x {b: 1}\nc:\n  <<: *x\n",
    "key-not-plain": b"kind: directive\n? [a]\n: b\n",
    "flow-sequence": b"a: [1, 2\n",
    "flow-mapping": b"a: {x: 1\n",
    "block-collection": b"- a\nb: 1\n",
    "simple-key": b"x: 1\n!y\n",
    "next-token": b"a: @x\n",
    "undefined-alias": b"a: *x\n",
    "escape": b'a: "\\q"\n',
    "duplicate-yaml-directive": b"%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "unknown-directive": b"%FOO\na: 1\n",
    "document-start": b"[1, 2]]\n",
    "too-large": b"kind: directive\n" + b"#" * MAX_BYTES,
    "past-the-years": DIRECTIVE.replace("2024-07-01", "2190-07-01")
    .replace("working_days: 10,", "working_days: 3660,")
    .encode(),
}


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / f"{name}.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _edited(folder: Path, name: str, edit: tuple[str, str], base: str) -> Path:
    old, new = edit
    assert old in base, f"{name}: {old!r} is not in the valid file"
    return _write(folder, name, base.replace(old, new, 1))


def _corpus_files(root: Path) -> list[Path]:
    """Every bad definition built here, next to a copy of the valid registry."""
    shutil.copy(VALID / "agencies.yaml", root / "agencies.yaml")
    (root / "binary.bin").write_bytes(b"\xff\xfe\x00")
    files = [_edited(root, n, e, DIRECTIVE) for n, e in EDITS.items()]
    files += [_edited(root, n, e, REGISTRY) for n, e in REGISTRY_EDITS.items()]
    files += [_write(root, n, text) for n, text in RAW.items()]
    os.symlink(root / "nowhere.yaml", root / "dangling.yaml")
    os.symlink(root / "loop-b.yaml", root / "loop-a.yaml")
    os.symlink(root / "loop-a.yaml", root / "loop-b.yaml")
    return [*files, root / "dangling.yaml", root / "loop-a.yaml"]


def _unreadable(root: Path) -> list[Problem]:
    """A file the system refuses to read (as root every file reads, so it is simulated)."""
    path = _write(root, "unreadable", DIRECTIVE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_bytes", _permission_denied)
        return list(validate_paths([path]).problems)


def _permission_denied(self: Path) -> bytes:
    raise PermissionError(13, os.strerror(13), str(self))


def _empty_group() -> list[Problem]:
    """A lead naming a group without agencies: the loader refuses such a registry first,
    so the check is called on its own."""
    registry = AgencyRegistry.model_validate(
        {
            "kind": "agency-registry",
            "id": "r",
            "name": "R",
            "groups": [{"code": "g", "name": "G", "members": []}],
            "agencies": [{"code": "a", "name": "A", "kind": "office"}],
        }
    )
    doc = YamlDocument("d.yaml", {"lead": "g"})
    return list(owner_problems(doc, ("lead",), "g", AgencyDirectory(registry)))


def _not_a_directive() -> list[Problem]:
    try:
        load_directive(VALID / "agencies.yaml")
    except DefinitionError as exc:
        return list(exc.problems)
    raise AssertionError("a registry loaded as a directive")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Problem, ...]:
    """Every problem of every bad definition the tests know of."""
    root = tmp_path_factory.mktemp("corpus")
    fixtures = sorted((FIXTURES / "invalid").glob("*.yaml"))
    problems = [*validate_paths(fixtures).problems, *validate_paths(_corpus_files(root)).problems]
    return (*problems, *_unreadable(root), *_empty_group(), *_not_a_directive())


def test_the_corpus_is_the_whole_class(corpus: tuple[Problem, ...]) -> None:
    """Each bad definition built here gives a problem (an edit that went stale would not)."""
    named = {Path(p.path).stem for p in corpus}
    built = {*EDITS, *REGISTRY_EDITS, *RAW, "dangling", "loop-a", "unreadable"}
    assert sorted(built - named) == []
    assert {Path(p.path).stem for p in corpus} >= {
        p.stem for p in (FIXTURES / "invalid").glob("*.yaml")
    }


def test_every_problem_has_a_vietnamese_pattern(corpus: tuple[Problem, ...]) -> None:
    untranslated = sorted({p.message for p in corpus if not translate(p.message).patterns})
    assert untranslated == []


def test_every_pattern_is_used_by_a_real_problem(corpus: tuple[Problem, ...]) -> None:
    used = {pattern for p in corpus for pattern in translate(p.message).patterns}
    rows = [pattern for pattern, _ in SENTENCES] + [p for rows in NESTED.values() for p, _ in rows]
    assert len(rows) == len(set(rows)), "a pattern stands in two rows"
    assert [pattern for pattern in rows if pattern not in used] == []


def test_the_vietnamese_is_nfc_with_no_english_left_over(corpus: tuple[Problem, ...]) -> None:
    for problem in corpus:
        said = translate(problem.message).text
        assert unicodedata.is_normalized("NFC", said)
        plain = _QUOTED.sub("", said)  # what the person wrote may be English
        assert not re.search(
            r"\b(did you mean|unknown|expected|is not|missing|duplicate)\b", plain
        ), said


_QUOTED = re.compile(r"'[^']*'")


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        (
            "assignment 'finalize-report': depends_on[0]: unknown assignment 'suply-data' (did you mean 'supply-data'?)",
            "nhiệm vụ 'finalize-report': depends_on[0]: không có nhiệm vụ 'suply-data' (có phải 'supply-data'?)",
        ),
        (
            "assignment 'finalize-report': due: invalid date '31/02/2024': day is out of range for month",
            "nhiệm vụ 'finalize-report': due: ngày không hợp lệ '31/02/2024': ngày vượt quá số ngày của tháng",
        ),
        (
            "assignment 'standing': lead: unknown agency or group 'so-yte' (did you mean 'so-yt'?)",
            "nhiệm vụ 'standing': lead: không có cơ quan hoặc nhóm 'so-yte' (có phải 'so-yt'?)",
        ),
        ("assignment #2: missing required key 'due'", "nhiệm vụ #2: thiếu khóa bắt buộc 'due'"),
        ("agency 'so-yt': unknown key 'x'", "cơ quan 'so-yt': khóa 'x' không hợp lệ"),
        ("assignment 'a': due: working_days: 'abc' is not a whole number",
         "nhiệm vụ 'a': due: working_days: 'abc' không phải số nguyên"),
        ("group 'x': members: group expands to no agency", "nhóm 'x': members: nhóm không có cơ quan nào"),
        ("assignments: needs at least 1 item(s)", "assignments: phải có ít nhất 1 mục"),
        ("assignment 'x': depends_on[0]: assignment 'x' cannot wait on itself",
         "nhiệm vụ 'x': depends_on[0]: nhiệm vụ 'x' không thể chờ chính nó"),
        ("file is too large (2,097,153 bytes; the limit is 2,097,152)",
         "tệp quá lớn (2.097.153 byte; giới hạn là 2.097.152 byte)"),
        ("a: '1,000' is not a whole number", "a: '1,000' không phải số nguyên"),  # quoted: as written
        ("something new went wrong", "Lỗi (nguyên văn tiếng Anh): something new went wrong"),
    ],
)  # fmt: skip
def test_a_message_reads_as_an_administrator_would_write_it(english: str, vietnamese: str) -> None:
    assert translate(english).text == vietnamese


def test_english_is_the_exact_message_and_the_place_is_kept() -> None:
    problem = Problem("d/x.yaml", 25, 18, "assignment 'a': lead: unknown agency 'b'")
    assert problem_line(problem, "en") == str(problem)
    assert problem_line(problem) == "d/x.yaml:25:18: nhiệm vụ 'a': lead: không có cơ quan 'b'"
    assert problem_message(problem.message, "en") == problem.message
    assert problem_line(Problem("x.yaml", None, None, "file is empty")) == "x.yaml: tệp rỗng"


def test_flows_log_a_definitions_problems_in_vietnamese() -> None:
    from flows.forms import refusal_text

    refused = DefinitionError(
        [
            Problem("x.yaml", 3, 1, "file is empty"),
            Problem("y.yaml", 1, 2, "binary file, not YAML text"),
        ]
    )
    assert refusal_text(refused) == "x.yaml:3:1: tệp rỗng\ny.yaml:1:2: tệp nhị phân, không phải văn bản YAML"  # fmt: skip


# -- properties ---------------------------------------------------------------------------

_KEY = st.from_regex(r"[a-z_]{1,12}(\[[0-9]{1,2}\])?", fullmatch=True)
_VALUE = st.text(
    st.characters(blacklist_characters="'\n", blacklist_categories=["Cs"]), max_size=20
)
_ITEM = st.sampled_from(["", "assignment 'a-1': ", "agency #3: ", "group 'g': "])
_SENTENCE: list[Callable[[str], str]] = [
    lambda v: f"unknown key '{v}' (did you mean 'due'?)",
    lambda v: f"'{v}' is not a whole number",
    lambda v: f"invalid date '{v}': day is out of range for month",
    lambda v: f"unknown agency or group '{v}'",
    lambda v: f"duplicate id '{v}' (first at line 7)",
    lambda v: f"'{v}' is not one of: 'report', 'plan' or 'data'",
    lambda v: f"line 9 is past the end of '{v}' (3 lines)",
]


@given(
    item=_ITEM,
    path=st.lists(_KEY, max_size=3),
    sentence=st.sampled_from(_SENTENCE),
    value=_VALUE,
    line=st.none() | st.integers(1, 10**6),
)
def test_translating_keeps_the_place_the_path_and_the_quoted_values(
    item: str, path: list[str], sentence: Callable[[str], str], value: str, line: int | None
) -> None:
    english = item + "".join(f"{key}: " for key in path) + sentence(value)
    problem = Problem("definitions/x.yaml", line, None if line is None else 4, english)
    shown = problem_line(problem)
    where = str(problem).removesuffix(english)
    assert shown.startswith(where)
    said = shown.removeprefix(where)
    assert ": ".join(path) in said
    assert all(quoted in said for quoted in _QUOTED.findall(english))


@given(st.text())
def test_translation_is_total(text: str) -> None:
    translated = translate(text)
    assert isinstance(translated.text, str)
    assert translated.text == text or translated.patterns or text in translated.text
