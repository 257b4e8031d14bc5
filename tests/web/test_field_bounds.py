"""A figure's bounds show in the portal form and its JSON twin, and a figure outside them is
refused beside its field: an integer field (a count) starts at 0 unless it sets ``min``."""

from __future__ import annotations

import re

from web.portal_helpers import DIRECTIVE, HEALTH, TASK_YT, Portal


def test_an_integer_field_shows_its_minimum_and_refuses_a_negative_count(portal: Portal) -> None:
    clerk = portal.sign_in(HEALTH)
    page = clerk.get(f"/tasks/{DIRECTIVE}/{TASK_YT}").text
    children = re.search(r'<input id="f-children"[^>]*>', page)
    budget = re.search(r'<input id="f-budget"[^>]*>', page)
    assert children is not None
    assert budget is not None
    assert ' min="0"' in children.group(0)
    assert " min=" not in budget.group(0)  # a number has no default bound
    assert " max=" not in budget.group(0)
    assert "không nhỏ hơn 0" in page
    fields = {f["name"]: f for f in clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()["fields"]}
    assert (fields["children"]["min"], fields["children"]["max"]) == (0, None)
    assert (fields["budget"]["min"], fields["budget"]["max"]) == (None, None)
    answer = clerk.submit(TASK_YT, {"children": -5, "budget": -2})
    assert answer.status_code == 422
    problems = {p["field"]: p["message"] for p in answer.json()["problems"]}
    assert list(problems) == ["children"]
