"""Separation of duties and cross-agency access, route by route, for every kind of caller.

Callers: nobody signed in, the task's own agency (so-yt), another supplier
(ubnd-huyen-a), the consolidating agency (so-ldtbxh, which reviews its suppliers), the
issuing office (vp-ubnd), a registered agency with no task in the directive (so-tc), an
operator, and a reminder's deep-link session for so-yt's task.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from web.portal_helpers import (
    DIRECTIVE,
    DISTRICT_A,
    DISTRICT_B,
    FINAL,
    HEALTH,
    ISSUER,
    LEAD,
    OPERATOR,
    OUTSIDER,
    TASK_A,
    TASK_B,
    TASK_YT,
    Portal,
    Session,
)

from directive_flow.steps.common import local_today
from directive_flow.steps.links import task_link
from directive_flow.store.db import session_scope

GOOD = {"children": 7, "budget": 1.5}
WHO = {
    "own": HEALTH,
    "other": DISTRICT_A,
    "lead": LEAD,
    "issuer": ISSUER,
    "outsider": OUTSIDER,
    "operator": OPERATOR,
}


@pytest.fixture
def people(portal: Portal, engine: Engine) -> dict[str, Session]:
    """Everyone signed in, the deep-link session and an anonymous client."""
    found = {role: portal.sign_in(email) for role, email in WHO.items()}
    with session_scope(engine) as session:
        link = task_link(session, directive=DIRECTIVE, task=TASK_YT)
    client = portal.client()
    client.get(link.removeprefix(portal.url))
    found["link"] = Session(client, client.get("/api/session").json())
    found["nobody"] = Session(portal.client(), {"csrf_token": ""})
    return found


def _check(
    people: dict[str, Session], method: str, path: str, body: Any, want: dict[str, int]
) -> None:
    got = {}
    for role in want:
        who = people[role]
        answer = who.get(path) if method == "GET" else who.post(path, body)
        got[role] = answer.status_code
    assert got == want, path


READS = [
    (f"/api/tasks/{DIRECTIVE}/{TASK_YT}", {"own": 200, "other": 403, "lead": 200, "issuer": 200,
      "outsider": 403, "operator": 200, "link": 200, "nobody": 401}),
    (f"/api/tasks/{DIRECTIVE}/{TASK_A}", {"own": 403, "other": 200, "link": 403, "nobody": 401}),
    ("/api/tasks", {"own": 200, "outsider": 200, "link": 200, "nobody": 401}),
    ("/api/review", {"own": 200, "issuer": 200, "operator": 200, "link": 403, "nobody": 401}),
    ("/api/directives", {"own": 200, "outsider": 200, "link": 403, "nobody": 401}),
    (f"/api/directives/{DIRECTIVE}", {"own": 200, "other": 200, "lead": 200, "issuer": 200,
      "outsider": 403, "operator": 200, "link": 403, "nobody": 401}),
    (f"/api/directives/{DIRECTIVE}/status", {"own": 200, "issuer": 200, "outsider": 403,
      "operator": 200, "link": 403, "nobody": 401}),
    ("/api/mailbox", {"own": 403, "issuer": 403, "operator": 200, "link": 403, "nobody": 401}),
    (f"/tasks/{DIRECTIVE}/{TASK_A}", {"own": 403, "other": 200, "link": 403, "nobody": 303}),
    (f"/directives/{DIRECTIVE}", {"own": 200, "outsider": 403, "link": 403, "nobody": 303}),
    ("/review", {"own": 200, "link": 403, "nobody": 303}),
    ("/mailbox", {"own": 403, "operator": 200, "nobody": 303}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "want"), READS, ids=[p for p, _ in READS])
def test_who_may_read(people: dict[str, Session], path: str, want: dict[str, int]) -> None:
    _check(people, "GET", path, None, want)


def test_only_the_owner_or_an_operator_hands_in(people: dict[str, Session]) -> None:
    path = f"/api/tasks/{DIRECTIVE}/{TASK_YT}/submissions"
    refused = dict.fromkeys(("other", "lead", "issuer", "outsider"), 403) | {"nobody": 401}
    _check(
        people,
        "POST",
        path,
        {"data": GOOD},
        refused | {"own": 201, "operator": 200, "link": 403},  # 200: the same, kept
    )


def test_reviewers_decide_and_nobody_on_their_own_agencys_work(
    people: dict[str, Session],
) -> None:
    for role, task in (("own", TASK_YT), ("other", TASK_A), ("operator", TASK_B)):
        people[role].submit(task, GOOD)
    accept = {"decision": "accept", "version": 1}
    path = f"/api/tasks/{DIRECTIVE}/{TASK_YT}/review"
    refused = {"own": 403, "other": 403, "outsider": 403, "link": 403, "nobody": 401}
    _check(people, "POST", path, accept, refused | {"lead": 200})
    _check(
        people,
        "POST",
        f"/api/tasks/{DIRECTIVE}/{TASK_A}/review",
        accept,
        {"own": 403, "issuer": 200},
    )
    _check(people, "POST", f"/api/tasks/{DIRECTIVE}/{TASK_B}/review", accept, {"operator": 200})


def test_the_consolidating_agency_is_not_reviewed_by_itself(people: dict[str, Session]) -> None:
    assert people["lead"].submit(FINAL, {"children": 3}).status_code == 201
    path = f"/api/tasks/{DIRECTIVE}/{FINAL}/review"
    want = {"lead": 403, "own": 403, "other": 403, "issuer": 200}
    _check(people, "POST", path, {"decision": "accept", "version": 1}, want)


def test_only_the_owner_asks_for_time_and_only_the_issuer_decides(
    people: dict[str, Session],
) -> None:
    until = (local_today() + timedelta(days=60)).isoformat()
    path = f"/api/tasks/{DIRECTIVE}/{TASK_YT}/extension"
    body = {"until": until, "reason": "Chờ số liệu"}
    refused = dict.fromkeys(("other", "lead", "issuer", "outsider"), 403) | {"nobody": 401}
    _check(people, "POST", path, body, refused | {"own": 201, "link": 403})
    decide = f"{path}/decision"
    refused = dict.fromkeys(("own", "other", "lead", "outsider", "link"), 403) | {"nobody": 401}
    _check(people, "POST", decide, {"approve": False}, refused | {"issuer": 200})


def test_only_the_consolidating_agency_or_an_operator_builds_the_report(
    people: dict[str, Session],
) -> None:
    path = f"/api/directives/{DIRECTIVE}/reports"
    body = {"task": FINAL, "partial": True}
    refused = dict.fromkeys(("own", "other", "issuer", "outsider", "link"), 403)
    _check(people, "POST", path, body, refused | {"nobody": 401, "lead": 201, "operator": 201})


def test_only_operators_end_sessions(people: dict[str, Session]) -> None:
    body = {"email": DISTRICT_B}
    refused = dict.fromkeys(("own", "issuer", "lead", "link"), 403) | {"nobody": 401}
    _check(people, "POST", "/api/contacts/revoke", body, refused | {"operator": 200})
