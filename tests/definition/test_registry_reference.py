"""A directive's ``registry:`` reads an agency registry and nothing else: whatever other
file it names, the problems never quote that file's content (it may be any file the
server can read, and the problems go to a Prefect log)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_flow.errors import DefinitionError
from directive_flow.planning.validation import load_directive

VALID = Path(__file__).parents[1] / "fixtures" / "valid"


def _problems(folder: Path, registry: str) -> list[str]:
    text = (VALID / "directive.yaml").read_text(encoding="utf-8")
    path = folder / "d" / "directive.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("registry: agencies.yaml", f"registry: {registry}"), "utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_directive(path)
    return [str(p) for p in caught.value.problems]


def test_a_file_that_is_not_yaml_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "shadow").write_text("root:$6$hash-of-the-password:20228:0:99999:7:::\n")
    assert _problems(tmp_path, "../shadow") == [
        f"{tmp_path}/d/directive.yaml:3:11: registry: '../shadow' is not a definition file "
        "(*.yaml, *.yml)"
    ]


def test_a_yaml_file_of_another_kind_is_refused_without_its_keys(tmp_path: Path) -> None:
    (tmp_path / "settings.yaml").write_text("smtp_password: hunter2\ntoken: abc\n")
    problems = _problems(tmp_path, "../settings.yaml")
    assert sorted(problems) == [
        f"{tmp_path}/d/../settings.yaml:1:1: not an agency registry "
        "(its top holds no 'kind: agency-registry')",
        f"{tmp_path}/d/directive.yaml:3:11: registry: '../settings.yaml' is invalid",
    ]
    shutil.copy(VALID / "directive.yaml", tmp_path / "other.yaml")  # a directive is not one
    assert any("not an agency registry" in p for p in _problems(tmp_path, "../other.yaml"))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    keys=st.lists(
        st.text("abcdefghijklmnopqrstuvwxyz_:$*", min_size=6, max_size=30).filter(
            lambda k: k[0].isalpha() and ": " not in k and not k.endswith(":")
        ),
        min_size=1,
        max_size=5,
        unique=True,
    )
)
def test_no_key_of_another_file_reaches_a_problem(tmp_path: Path, keys: list[str]) -> None:
    (tmp_path / "x.yaml").write_text("".join(f"{k}: 1\n" for k in keys))
    problems = "\n".join(_problems(tmp_path, "../x.yaml"))
    assert not [k for k in keys if k in problems]
