"""Who may do what: enforced by the steps themselves, so every path obeys the same rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from store_helpers import DIRECTIVE, clerk, operator, submit_for

from directive_flow.errors import ForbiddenError
from directive_flow.steps.extend import decide_extension, request_extension
from directive_flow.steps.lookup import find_task
from directive_flow.steps.review import review
from directive_flow.steps.rights import reviewers_of
from directive_flow.store.db import session_scope

SUPPLY, LEAD = "supply-data/so-yt", "finalize-report/so-ldtbxh"
AT = datetime(2024, 7, 8, 3, tzinfo=UTC)


def _submit(engine: Engine, home: Path, task: str = SUPPLY) -> None:
    agency = task.split("/")[1]
    with session_scope(engine) as session:
        submit_for(
            session,
            directive=DIRECTIVE,
            task=task,
            agency=agency,
            actor=agency,
            home=home,
            data={"children": 3} if task == SUPPLY else None,
            at=AT,
        )


def test_an_agency_submits_only_its_own_tasks(registered: Engine, home: Path) -> None:
    with (
        session_scope(registered) as session,
        pytest.raises(ForbiddenError, match="may not submit for 'so-yt'"),
    ):
        submit_for(
            session,
            directive=DIRECTIVE,
            task=SUPPLY,
            agency="so-yt",
            actor=clerk("ubnd-huyen-a"),
            home=home,
            data={"children": 1},
            at=AT,
        )


def test_reviewers_are_the_issuer_and_the_consumers_owners(registered: Engine) -> None:
    with session_scope(registered) as session:
        supply = find_task(session, directive=DIRECTIVE, task=SUPPLY)
        lead = find_task(session, directive=DIRECTIVE, task=LEAD)
        assert reviewers_of(session, supply) == {"vp-ubnd", "so-ldtbxh"}
        assert reviewers_of(session, lead) == {"vp-ubnd"}


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (clerk("so-ldtbxh"), True),  # the consolidating agency reviews its suppliers
        (clerk("vp-ubnd"), True),  # the issuing office
        (operator("vp"), True),
        (clerk("so-yt"), False),  # its own submission
        (clerk("ubnd-huyen-a"), False),  # another supplier
    ],
)
def test_who_may_accept_a_supplier(
    registered: Engine, home: Path, actor: object, allowed: bool
) -> None:
    _submit(registered, home)
    with session_scope(registered) as session:
        if allowed:
            review(session, directive=DIRECTIVE, task=SUPPLY, decision="accept", actor=actor)  # type: ignore[arg-type]
        else:
            with pytest.raises(ForbiddenError):
                review(session, directive=DIRECTIVE, task=SUPPLY, decision="accept", actor=actor)  # type: ignore[arg-type]


def test_the_lead_may_not_accept_its_own_report(registered: Engine, home: Path) -> None:
    _submit(registered, home, LEAD)
    with session_scope(registered) as session, pytest.raises(ForbiddenError, match="its own task"):
        review(session, directive=DIRECTIVE, task=LEAD, decision="accept", actor=clerk("so-ldtbxh"))


def test_extensions_are_asked_by_the_owner_and_decided_by_the_issuer(registered: Engine) -> None:
    args = {
        "directive": DIRECTIVE,
        "task": SUPPLY,
        "until": date(2024, 7, 31),
        "reason": "lũ",
        "at": AT,
    }
    with (
        session_scope(registered) as session,
        pytest.raises(ForbiddenError, match="ask for more time"),
    ):
        request_extension(session, actor=clerk("ubnd-huyen-a"), **args)  # type: ignore[arg-type]
    with session_scope(registered) as session:
        request_extension(session, actor=clerk("so-yt"), **args)  # type: ignore[arg-type]
    for wrong in (clerk("so-yt"), clerk("so-ldtbxh")):
        with session_scope(registered) as session, pytest.raises(ForbiddenError):
            decide_extension(
                session, directive=DIRECTIVE, task=SUPPLY, approve=True, actor=wrong, at=AT
            )
    with session_scope(registered) as session:
        decided = decide_extension(
            session, directive=DIRECTIVE, task=SUPPLY, approve=True, actor=clerk("vp-ubnd"), at=AT
        )
        assert decided.decided_by == "van-thu@vp-ubnd.gov.vn"


def test_an_operator_who_is_also_a_contact_still_cannot_judge_its_agency(
    registered: Engine, home: Path
) -> None:
    from directive_flow.domain import Actor, Channel

    both = Actor("chanh.vp@so-yt.gov.vn", Channel.PORTAL, agency="so-yt", operator=True)
    _submit(registered, home)
    with session_scope(registered) as session, pytest.raises(ForbiddenError, match="its own task"):
        review(session, directive=DIRECTIVE, task=SUPPLY, decision="accept", actor=both)
