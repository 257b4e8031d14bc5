"""The first contract routes: health, sign-in through the mailbox, the session, tasks."""

from __future__ import annotations

from web.portal_helpers import DIRECTIVE, HEALTH, TASK_YT, Portal


def test_healthz(portal: Portal) -> None:
    with portal.client() as client:
        assert client.get("/healthz").status_code == 200


def test_a_contact_signs_in_and_lists_its_tasks(portal: Portal) -> None:
    session = portal.sign_in(HEALTH)
    assert session.me["agency"] == "so-yt"
    tasks = session.get("/api/tasks").json()["tasks"]
    assert {(t["directive"], t["task"]) for t in tasks} == {
        (DIRECTIVE, TASK_YT),
        (DIRECTIVE, "standing/so-yt"),
    }
    assert session.get("/tasks").status_code == 200
    answer = session.submit(TASK_YT, {"children": "1.250", "budget": "12,5"})
    assert answer.status_code == 201, answer.text
