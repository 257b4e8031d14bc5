"""What a clerk meets at the edges, over HTTP: a mistyped address, a page opened signed
out. Each answer speaks Vietnamese only and leads back to the task."""

from __future__ import annotations

from web.portal_helpers import DIRECTIVE, HEALTH, TASK_YT, Portal


def test_a_mistyped_address_is_said_in_vietnamese_without_the_validators_english(
    portal: Portal,
) -> None:
    clerk = portal.sign_in(HEALTH)
    for path in ("/tasks/x/y", f"/tasks/{DIRECTIVE}/{TASK_YT}-khong-co"):
        answer = clerk.get(path)
        assert answer.status_code in (404, 422), path
        assert "String should" not in answer.text
        assert "(directive '" not in answer.text  # the exact English stays in the API's JSON
    assert "Địa chỉ không đúng" in clerk.get("/tasks/x/y").text


def test_a_task_page_opened_signed_out_comes_back_to_it_after_signing_in(
    portal: Portal,
) -> None:
    answer = portal.client().get(f"/tasks/{DIRECTIVE}/{TASK_YT}")
    assert answer.status_code == 303
    assert answer.headers["location"] == (
        f"/sign-in?next=%2Ftasks%2F{DIRECTIVE}%2F{TASK_YT.replace('/', '%2F')}"
    )
    assert portal.client().get("/review").headers["location"] == "/sign-in"
