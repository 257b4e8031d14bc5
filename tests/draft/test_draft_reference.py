"""The reference notice 975/TB-VP drafts to the hand-written definition's structure."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from directive_flow.definition.agencies import AgencyDirectory
from directive_flow.definition.loader import load_registry
from directive_flow.draft import Draft, draft_notice
from directive_flow.draft.compare import compare
from directive_flow.planning.validation import load_directive

ROOT = Path(__file__).resolve().parents[2]
NOTICE = ROOT / "definitions/notices/kontum-975-tb-vp-2014.txt"
REGISTRY = ROOT / "definitions/agencies/kontum.yaml"
REVIEWED = ROOT / "definitions/directives/kontum/2014-975-tb-vp.yaml"


@pytest.fixture(scope="module")
def draft() -> Draft:
    return draft_notice(
        NOTICE.read_bytes(),
        registry=load_registry(REGISTRY).registry,
        source_name=str(NOTICE),
        output_path=REVIEWED,
        registry_path=REGISTRY,
    )


def test_same_sections_and_counts(draft: Draft) -> None:
    reviewed = load_directive(REVIEWED).directive
    drafted = Counter(t.section for t in draft.tasks)
    assert drafted == Counter(a.section for a in reviewed.assignments)
    assert drafted == {"1": 4, "2": 1, "3": 1, "4": 1, "5": 1, "6": 3, "7": 1}


def test_same_owners_lines_and_titles(draft: Draft) -> None:
    reviewed = load_directive(REVIEWED).directive
    pairs = list(zip(draft.tasks, reviewed.assignments, strict=True))
    assert [(t.lead.code, sorted(c.value for c in t.coordinators)) for t, _ in pairs] == [
        (a.lead, sorted(a.coordinators)) for _, a in pairs
    ]
    assert [(t.first, t.last) for t, _ in pairs] == [a.lines for _, a in pairs]
    assert [t.title for t, _ in pairs] == [a.title for _, a in pairs]


def test_fan_out_of_section_5(draft: Draft) -> None:
    (task,) = [t for t in draft.tasks if t.section == "5"]
    directory = AgencyDirectory(load_registry(REGISTRY).registry)
    assert task.lead.code == "huyen-thanh-pho"
    assert len(directory.expand("huyen-thanh-pho")) == 9


def test_section_6_supplies_section_1_finalisation(draft: Draft) -> None:
    by_id = {t.ident: t for t in draft.tasks}
    assert (by_id["s1-b1"].depends_on, by_id["s1-b1"].consolidates) == (["s6-b1"], True)
    assert [t.ident for t in draft.tasks if t.depends_on] == ["s1-b1"]


def test_compare_differs_only_in_the_dates_the_notice_does_not_give(draft: Draft) -> None:
    result = compare(draft.data, load_directive(REVIEWED).directive)
    assert (len(result.pairs), result.added, result.missing) == (12, [], [])
    changes = [c.split(":")[0] for cs in result.changes.values() for c in cs]
    assert set(changes) == {"due"}


def test_header(draft: Draft) -> None:
    reviewed = load_directive(REVIEWED).directive.header
    header = draft.data["header"]
    same = ("number", "type", "issuer", "issued", "place", "title", "meeting_date", "recipients")
    assert {k: header[k].value for k in same} == {k: getattr(reviewed, k) for k in same} | {
        "recipients": list(reviewed.recipients)
    }
    assert header["source"]["lines"] == list(reviewed.source.lines) if reviewed.source else True
