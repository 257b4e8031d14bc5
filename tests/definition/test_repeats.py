"""Hand edits a schema alone lets through: a name or an id written twice in one list, a
yes/no where a count goes. Each is refused where it stands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from definition_helpers import edited_copy

from directive_flow.planning.validation import validate_paths

VALID = Path(__file__).parents[1] / "fixtures" / "valid"
FIELD = "        - {name: children, label: Số trẻ em, type: integer, unit: trẻ em}\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            FIELD,
            FIELD + FIELD.replace("integer", "number"),
            ":19:18: assignment 'supply-data': deliverable: fields[1]: name: duplicate field "
            "'children' (first at line 18)",
        ),
        (
            "depends_on: [supply-data]",
            "depends_on: [supply-data, supply-data]",
            ":25:31: assignment 'finalize-report': depends_on[1]: depends twice on "
            "'supply-data' (first at line 25)",
        ),
        (
            "due: {working_days: 10, after: issued}",
            "due: {working_days: true, after: issued}",
            ":19:25: assignment 'supply-data': due: working_days: true is not a whole number",
        ),
    ],
)
def test_a_repeat_is_refused_where_it_stands(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = edited_copy(tmp_path, old, new)
    report = validate_paths([path])
    assert [str(p) for p in report.problems] == [f"{path}{message}"]


def test_a_link_to_nowhere_or_a_loop_is_reported_and_the_other_files_go_on(
    tmp_path: Path,
) -> None:
    shutil.copytree(VALID, tmp_path / "d")
    folder = tmp_path / "d"
    (folder / "dangling.yaml").symlink_to(folder / "gone.yaml")
    (folder / "loop-a.yaml").symlink_to(folder / "loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to(folder / "loop-a.yaml")
    (folder / "folder.yaml").mkdir()  # a folder, walked into, not read
    report = validate_paths([folder])
    problems = {Path(p.path).name: p.message for p in report.problems}
    assert problems == {
        "dangling.yaml": "cannot read file: No such file or directory",
        "loop-a.yaml": "cannot read file: Too many levels of symbolic links",
        "loop-b.yaml": "cannot read file: Too many levels of symbolic links",
    }
    assert sorted(Path(f).name for f in report.files) == [
        "agencies.yaml", "dangling.yaml", "directive.yaml", "loop-a.yaml", "loop-b.yaml"
    ]  # fmt: skip
    named = validate_paths([folder / "loop-a.yaml", folder / "directive.yaml"])
    assert [Path(f).name for f in named.invalid_files] == ["loop-a.yaml"]


def test_a_chain_of_long_offsets_past_the_years_is_refused_at_the_first_too_late(
    tmp_path: Path,
) -> None:
    shutil.copytree(VALID, tmp_path / "d")
    path = tmp_path / "d" / "directive.yaml"
    chain = [
        f"  - id: step-{n}\n    title: Bước {n}\n    lead: so-yt\n"
        f"    deliverable: {{type: action}}\n"
        f"    due: {{working_days: 3660, after_completion_of: "
        f"{'supply-data' if n == 0 else f'step-{n - 1}'}}}\n"
        for n in range(14)  # ~14.6 years each, from 2024
    ]
    path.write_text(path.read_text("utf-8") + "".join(chain), "utf-8")
    report = validate_paths([path])
    late = [p for p in report.problems if "is past the years 1900-2199" in p.message]
    assert late, [str(p) for p in report.problems]
    assert late[0].message.startswith("assignment 'step-12': due: deadline 2210-")
    assert {p.message.split("'")[1] for p in late} == {"step-12", "step-13"}


def test_a_registry_that_is_any_other_file_is_refused_without_its_text(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:password-hash-here\n", encoding="utf-8")
    path = edited_copy(tmp_path, "registry: agencies.yaml", f"registry: {secret}")
    messages = [str(p) for p in validate_paths([path]).problems]
    assert f"registry: '{secret}' is not a definition file (*.yaml, *.yml)" in messages[0]
    assert not [m for m in messages if "password-hash" in m]
