"""Suggestions for mistyped ids: drawn from a bounded set, never from another agency's tasks."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from sqlalchemy import Engine, insert

from directive_flow.errors import NotFoundError
from directive_flow.steps import lookup
from directive_flow.store.db import session_scope
from directive_flow.store.tables import DirectiveRow

D = "test-1-tb-vp"


def _not_found(engine: Engine, **kwargs: str) -> str:
    find = lookup.find_task if "task" in kwargs else lookup.find_directive
    if "task" in kwargs:
        kwargs["directive"] = D
    with session_scope(engine) as session, pytest.raises(NotFoundError) as caught:
        find(session, **kwargs)  # type: ignore[arg-type]
    return str(caught.value)


def _many_directives(engine: Engine) -> list[str]:
    """300 directives of five provinces and two years, stored bare."""
    ids = [f"prov{p:02d}-{y}-{n}-tb-vp" for p in range(5) for y in (2015, 2020) for n in range(30)]
    rows = [
        {"id": i, "number": i, "title": i, "issuer": "vp-ubnd", "current_version": 1} for i in ids
    ]
    with session_scope(engine) as session:
        session.execute(insert(DirectiveRow), rows)
    return ids


def test_a_wrong_task_key_is_suggested_among_its_own_agencys_tasks_only(
    registered: Engine,
) -> None:
    # so-yt's only task here is standing/so-yt; so-ldtbxh's finalize-report/so-ldtbxh is
    # the closer spelling, and a clerk of so-yt must not learn it from an error.
    assert _not_found(registered, task="finalise-report/so-yt") == (
        f"directive '{D}' has no task 'finalise-report/so-yt'"
    )
    assert _not_found(registered, task="standng/so-yt").endswith("(did you mean 'standing/so-yt'?)")
    assert _not_found(registered, task="standng", agency="so-yt").endswith(
        "(did you mean 'standing/so-yt'?)"
    )


def test_a_directive_is_suggested_among_its_neighbours_not_every_id_ever(
    registered: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup, "NEAR", 40)
    ids = _many_directives(registered)
    compared: list[int] = []
    real = lookup.suggest

    def counting(word: str, choices: Iterable[str]) -> str:
        compared.append(len(list(choices)))
        return real(word, choices)

    monkeypatch.setattr(lookup, "suggest", counting)
    everyone = [*ids, D]
    for typed in [
        "prov03-2020-17-tb-vx",  # the last letter
        "prov03-2020-17-tv-vp",  # two letters swapped
        "prov04-2015-29-tb-vpp",  # one letter too many
        "prov01-2015-23-tb-v",  # a letter too few
        "test-1-tb-pv",
    ]:
        hint = real(typed, everyone)  # what comparing every id ever says
        assert hint.startswith(" (did you mean")
        assert _not_found(registered, directive=typed) == f"unknown directive '{typed}'{hint}"
    assert len(compared) == 5
    assert max(compared) <= 40 < len(everyone)


def test_no_directive_at_all_says_so(engine: Engine) -> None:
    assert _not_found(engine, directive="x") == (
        "unknown directive 'x' (no directive is registered yet)"
    )


def test_an_id_typed_with_capitals_or_spaces_is_suggested_among_its_own_neighbours(
    registered: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ids are lowercase: 'Prov03-...' and ' prov03-...' sort before every one of them, so
    # the neighbours of the typed words would be the first ids, not the one misspelt.
    monkeypatch.setattr(lookup, "NEAR", 40)
    _many_directives(registered)
    for typed in ["Prov03-2020-17-tb-vp", "PROV03-2020-17-TB-VP", " prov03-2020-17-tb-vp "]:
        assert _not_found(registered, directive=typed) == (
            f"unknown directive '{typed}' (did you mean 'prov03-2020-17-tb-vp'?)"
        )
    assert _not_found(registered, task="standing/SO-YT").endswith(
        "(did you mean 'standing/so-yt'?)"
    )
    assert _not_found(registered, task="Standing", agency="So-yt").endswith(
        "(did you mean 'standing/so-yt'?)"
    )


def test_an_agency_typed_with_capitals_is_suggested(registered: Engine) -> None:
    with session_scope(registered) as session, pytest.raises(NotFoundError) as caught:
        lookup.check_agency(session, agency="SO-YT", directive=D)
    assert str(caught.value).endswith("(did you mean 'so-yt'?)")


def test_a_period_keeps_its_capitals_in_a_suggestion() -> None:
    assert lookup._as_key(" Report/SO-YT/2025-q1 ") == "report/so-yt/2025-Q1"
