"""Handing in, reviewing, asking for time, boards and downloads, through the real portal."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
from sqlalchemy import Engine, select, text
from web.portal_helpers import (
    DIRECTIVE,
    DISTRICT_A,
    DISTRICT_B,
    FINAL,
    HEALTH,
    ISSUER,
    LEAD,
    OPERATOR,
    TASK_A,
    TASK_B,
    TASK_YT,
    Portal,
    Session,
)

from directive_flow.steps.common import local_today
from directive_flow.steps.links import task_link
from directive_flow.store.db import session_scope
from directive_flow.store.tables import AuditRow

GOOD = {"children": "1.250", "budget": "12,5"}


def test_a_submission_is_201_with_its_version_and_audited_with_the_address(
    portal: Portal, engine: Engine
) -> None:
    clerk = portal.sign_in(HEALTH)
    first = clerk.submit(TASK_YT, GOOD)
    assert first.status_code == 201
    assert first.json() == {
        "directive": DIRECTIVE,
        "task": TASK_YT,
        "version": 1,
        "repeated": False,
    }
    assert clerk.submit(TASK_YT, {"children": 3, "budget": 4}).json()["version"] == 2
    with session_scope(engine) as session:
        event = session.scalars(select(AuditRow).where(AuditRow.action == "submit")).first()
    assert event is not None
    assert (event.actor, event.actor_agency, event.via, event.address) == (
        HEALTH,
        "so-yt",
        "portal",
        "127.0.0.1",
    )
    task = clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()
    assert [v["data"] for v in task["versions"]] == [
        {"children": 3, "budget": 4},
        {"children": 1250, "budget": 12.5},
    ]


def test_bad_values_are_422_with_the_problems_per_field(portal: Portal) -> None:
    clerk = portal.sign_in(HEALTH)
    answer = clerk.submit(TASK_YT, {"children": "nhiều", "budget": "1,250.5", "colour": 1})
    assert answer.status_code == 422
    problems = {p["field"]: p["message"] for p in answer.json()["problems"]}
    assert set(problems) == {"children", "budget", "colour"}
    assert "whole number" in problems["children"]
    assert "1.250,5" in problems["budget"]


def test_another_agencys_task_is_refused(portal: Portal) -> None:
    clerk = portal.sign_in(HEALTH)
    assert clerk.submit(TASK_A, GOOD).status_code == 403
    assert clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_A}").status_code == 403
    assert clerk.submit("supply-data/so-khong-co", GOOD).status_code == 404
    assert clerk.submit(TASK_YT, GOOD, directive="khong-co").status_code == 404


def test_the_form_keeps_every_value_and_places_each_error_beside_its_field(
    portal: Portal,
) -> None:
    clerk = portal.sign_in(HEALTH)
    form = {"csrf_token": clerk.me["csrf_token"], "children": "12a", "budget": "3,5",
            "finished": "có", "remarks": "Đã rà soát <b>đủ</b>", "note": "ghi chú"}  # fmt: skip
    answer = clerk.client.post(f"/tasks/{DIRECTIVE}/{TASK_YT}/submissions", data=form)
    assert answer.status_code == 422
    html = answer.text
    assert 'value="12a"' in html
    assert 'value="3,5"' in html
    assert "Đã rà soát &lt;b&gt;đủ&lt;/b&gt;" in html  # kept, and escaped
    assert '<option value="có" selected>' in html
    chunks = {
        re.search(r'id="[fx]-(\w+)"', c).group(1): c for c in html.split('<div class="field')[1:]
    }  # type: ignore[union-attr]
    assert chunks["children"].startswith(' invalid"')
    assert 'id="e-children"' in chunks["children"]
    assert not chunks["budget"].startswith(' invalid"')
    assert 'aria-invalid="true" aria-describedby="e-children"' in html
    assert 'id="e-budget"' not in html
    form["children"] = "12"
    done = clerk.client.post(f"/tasks/{DIRECTIVE}/{TASK_YT}/submissions", data=form)
    assert done.status_code == 303
    assert done.headers["location"].endswith("?submitted=1")


def test_attachments_upload_and_download_as_attachments_under_safe_names(
    portal: Portal,
) -> None:
    clerk = portal.sign_in(HEALTH)
    fields = {"csrf_token": clerk.me["csrf_token"], **GOOD}
    files = [
        ("attachments", ("../../etc/báo cáo<1>.txt", b"<script>alert(1)</script>", "text/html"))
    ]
    sent = clerk.client.post(f"/tasks/{DIRECTIVE}/{TASK_YT}/submissions", data=fields, files=files)
    assert sent.status_code == 303, sent.text
    task = clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()
    attachment = task["versions"][0]["attachments"][0]
    assert attachment["name"] == "_.._etc_báo cáo_1_.txt"
    download = clerk.get(f"/api/attachments/{attachment['id']}")
    assert download.status_code == 200
    assert download.content == b"<script>alert(1)</script>"
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''_.._etc_b%C3%A1o%20c%C3%A1o_1_.txt"
        in download.headers["content-disposition"]
    )
    other = portal.sign_in(DISTRICT_A)
    assert other.get(f"/api/attachments/{attachment['id']}").status_code == 403
    assert other.get("/api/attachments/999999").status_code == 404


def test_a_chunked_upload_over_the_limit_is_413_and_the_portal_goes_on(portal: Portal) -> None:
    """A body without a length is counted as it streams in: refused, never a server error."""
    from directive_flow.web.security import MAX_BODY_BYTES

    clerk = portal.sign_in(HEALTH)
    boundary = "ranh-gioi"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        f"{clerk.me['csrf_token']}\r\n--{boundary}\r\n"
        'Content-Disposition: form-data; name="attachments"; filename="lon.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    chunk = b"x" * (1 << 20)

    def body() -> Iterator[bytes]:  # no Content-Length: httpx sends it chunked
        yield head
        for _ in range(MAX_BODY_BYTES // len(chunk) + 2):
            yield chunk

    sent = clerk.client.post(
        f"/tasks/{DIRECTIVE}/{TASK_YT}/submissions",
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert sent.status_code == 413, sent.text[:300]
    assert clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()["versions"] == []
    assert clerk.submit(TASK_YT, GOOD).status_code == 201, "the portal goes on"


def _supply_all(portal: Portal) -> None:
    for email, task in ((HEALTH, TASK_YT), (DISTRICT_A, TASK_A), (DISTRICT_B, TASK_B)):
        assert portal.sign_in(email).submit(task, GOOD).status_code == 201


def test_review_accepts_or_returns_and_nobody_decides_on_their_own(portal: Portal) -> None:
    _supply_all(portal)
    issuer, lead, clerk = portal.sign_in(ISSUER), portal.sign_in(LEAD), portal.sign_in(HEALTH)
    assert clerk.review(TASK_YT, "accept").status_code == 403  # its own agency's work
    assert portal.sign_in(DISTRICT_A).review(TASK_YT, "accept").status_code == 403
    queue = lead.get("/api/review").json()["submissions"]
    assert {s["task"] for s in queue} == {TASK_YT, TASK_A, TASK_B}
    assert lead.review(TASK_YT, "return").status_code == 422  # a return needs a reason
    returned = lead.review(TASK_YT, "return", "Thiếu số liệu quý II")
    assert returned.status_code == 200
    assert returned.json()["version"] == 1
    mine = clerk.get("/api/tasks").json()["tasks"]
    assert next(t for t in mine if t["task"] == TASK_YT)["return_reason"] == "Thiếu số liệu quý II"
    clerk.submit(TASK_YT, {"children": "1.300", "budget": "12,5"})
    item = next(s for s in issuer.get("/api/review").json()["submissions"] if s["task"] == TASK_YT)
    assert item["previous_version"] == 1
    assert {c["field"]: c["changed"] for c in item["changes"]}["children"] is True
    assert issuer.review(TASK_YT, "accept").json() == {
        "directive": DIRECTIVE, "task": TASK_YT, "version": 2, "decision": "accept"
    }  # fmt: skip
    assert issuer.review(TASK_YT, "accept").status_code == 422  # nothing left to decide


def test_pages_name_agencies_as_their_registry_does(portal: Portal) -> None:
    """The header and the review queue show an agency's name, its code on hover."""
    _supply_all(portal)
    health = portal.sign_in(HEALTH).get("/tasks").text
    assert '<strong title="so-yt">Sở Y tế</strong>' in health.split("</header>")[0]
    queue = portal.sign_in(LEAD).get("/review").text
    assert 'Cơ quan: <strong title="so-yt">Sở Y tế</strong>' in queue
    assert 'Cơ quan: <strong title="ubnd-huyen-a">UBND huyện A</strong>' in queue


def test_a_reviewer_never_accepts_a_version_they_did_not_see(portal: Portal) -> None:
    clerk, lead = portal.sign_in(HEALTH), portal.sign_in(LEAD)
    assert clerk.submit(TASK_YT, GOOD).status_code == 201
    page = lead.get("/review").text  # the reviewer reads version 1 ...
    shown = re.search(r'name="version" value="(\d+)"', page)
    assert shown is not None
    assert shown.group(1) == "1"
    assert clerk.submit(TASK_YT, {"children": 99_999, "budget": 1}).status_code == 201  # ... 2 came
    form = {"csrf_token": lead.me["csrf_token"], "decision": "accept", "version": shown.group(1)}
    stale = lead.client.post(f"/tasks/{DIRECTIVE}/{TASK_YT}/review", data=form)
    assert stale.status_code == 409
    assert "vừa có phiên bản 2 mới hơn phiên bản 1 bạn đã xem" in stale.text
    assert lead.review(TASK_YT, "accept", version=1).status_code == 409  # the API alike
    task = clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()
    assert task["state"] == "submitted"
    assert all(v["decision"] is None for v in task["versions"])
    unversioned = {"csrf_token": lead.me["csrf_token"], "decision": "accept"}
    old_page = lead.client.post(f"/tasks/{DIRECTIVE}/{TASK_YT}/review", data=unversioned)
    assert old_page.status_code == 422
    assert "Trang đã cũ" in old_page.text
    assert lead.review(TASK_YT, "accept", version=2).json()["version"] == 2


def test_the_page_after_a_decision_confirms_what_the_store_recorded(portal: Portal) -> None:
    clerk, lead = portal.sign_in(HEALTH), portal.sign_in(LEAD)
    assert clerk.submit(TASK_YT, GOOD).status_code == 201
    form = {"csrf_token": lead.me["csrf_token"], "decision": "return", "reason": "Thiếu số liệu"}
    done = lead.client.post(f"/tasks/{DIRECTIVE}/{TASK_YT}/review", data=form | {"version": "1"})
    assert done.status_code == 303
    confirmed = lead.get(done.headers["location"]).text
    assert f"Đã ghi nhận: trả lại phiên bản 1 của nhiệm vụ <code>{TASK_YT}</code>" in confirmed
    for forged in (f"{DIRECTIVE}/{TASK_YT}", f"{DIRECTIVE}/supply-data/ubnd-huyen-a", "x", "a/b"):
        page = clerk.get(f"/review?done={forged}").text  # the clerk decided nothing
        assert "Đã ghi nhận" not in page
        if forged != f"{DIRECTIVE}/{TASK_YT}":
            assert "Đã ghi nhận" not in lead.get(f"/review?done={forged}").text
    issuer, until = portal.sign_in(ISSUER), local_today() + timedelta(days=40)
    asked = clerk.post(
        f"/api/tasks/{DIRECTIVE}/{TASK_YT}/extension", {"until": until.isoformat(), "reason": "x"}
    ).json()
    assert asked["status"] == "pending", asked
    form = {
        "csrf_token": issuer.me["csrf_token"],
        "approve": "yes",
        "request": str(asked["request"]),
    }
    done = issuer.client.post(f"/tasks/{DIRECTIVE}/{TASK_YT}/extension/decision", data=form)
    assert done.status_code == 303
    shown = issuer.get(done.headers["location"]).text
    assert f"Đã ghi nhận: đồng ý gia hạn đến {until:%d/%m/%Y} của nhiệm vụ" in shown


def test_extensions_are_asked_by_the_owner_and_decided_by_the_issuer(portal: Portal) -> None:
    clerk, lead, issuer = portal.sign_in(HEALTH), portal.sign_in(LEAD), portal.sign_in(ISSUER)
    task = clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()
    until = (local_today() + timedelta(days=40)).isoformat()
    path = f"/api/tasks/{DIRECTIVE}/{TASK_YT}/extension"
    assert lead.post(path, {"until": until, "reason": "x"}).status_code == 403
    asked = clerk.post(path, {"until": until, "reason": "Chờ số liệu của Cục Thống kê"})
    assert asked.status_code == 201
    assert asked.json()["status"] == "pending"
    assert issuer.get("/api/review").json()["extensions"][0]["task"] == TASK_YT
    decide = f"{path}/decision"
    assert clerk.post(decide, {"approve": True}).status_code == 403
    assert lead.post(decide, {"approve": True}).status_code == 403
    assert issuer.post(decide, {"approve": True}).json()["status"] == "approved"
    moved = clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()
    assert (moved["due"], moved["original_due"]) == (until, task["due"])


def test_the_board_counts_per_agency_and_outsiders_are_refused(portal: Portal) -> None:
    issuer = portal.sign_in(ISSUER)
    status = issuer.get(f"/api/directives/{DIRECTIVE}/status")
    assert status.status_code == 200
    counts = status.json()["by_agency"]
    assert set(counts) == {"so-yt", "ubnd-huyen-a", "ubnd-huyen-b", "so-ldtbxh"}
    assert counts["so-yt"]["counts"]["in_progress"] == 1
    assert counts["so-yt"]["counts"]["no_deadline"] == 1
    portal.sign_in(HEALTH).submit(TASK_YT, GOOD)
    after = issuer.get(f"/api/directives/{DIRECTIVE}/status").json()["by_agency"]["so-yt"]
    assert after["counts"]["on_time"] == 1
    board = issuer.get(f"/api/directives/{DIRECTIVE}").json()
    assert board["critical_path"] == [board["critical_path"][0], FINAL]
    svg = issuer.get(f"/directives/{DIRECTIVE}/timeline.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "★" in svg.text
    assert issuer.get(f"/directives/{DIRECTIVE}").status_code == 200
    assert issuer.get("/api/directives/khong-co/status").status_code == 404


def test_the_consolidated_report_is_built_and_downloaded_by_those_allowed(portal: Portal) -> None:
    _supply_all(portal)
    issuer, lead = portal.sign_in(ISSUER), portal.sign_in(LEAD)
    for task in (TASK_YT, TASK_A, TASK_B):
        assert issuer.review(task, "accept").status_code == 200
    path = f"/api/directives/{DIRECTIVE}/reports"
    assert portal.sign_in(HEALTH).post(path, {"task": FINAL}).status_code == 403
    built = lead.post(path, {"task": FINAL})
    assert built.status_code == 201
    assert built.json()["partial"] is False
    files = lead.get(f"/api/directives/{DIRECTIVE}").json()["files"]
    report = next(f for f in files if f["kind"] == "report")["id"]
    word = lead.get(f"/api/reports/{report}/docx")
    assert word.status_code == 200
    assert word.content[:2] == b"PK"
    assert word.headers["content-disposition"].startswith("attachment;")
    markdown = issuer.get(f"/api/reports/{report}/md")
    assert "1.250" in markdown.text
    assert portal.sign_in(HEALTH).get(f"/api/reports/{report}/md").status_code == 403


def test_a_row_stored_before_the_rules_still_shows(portal: Portal, engine: Engine) -> None:
    """Infinity and a lone surrogate, stored before the intake refused them: the task's
    page and its JSON twin answer 200 (strict JSON: null and U+FFFD), never a 500."""
    clerk = portal.sign_in(HEALTH)
    assert clerk.submit(TASK_YT, GOOD).status_code == 201
    legacy = '{"children": 1e400, "budget": "x\\ud800y"}'
    with engine.begin() as connection:
        connection.execute(text("UPDATE submissions SET data = :d"), {"d": legacy})
    answer = clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}")
    assert answer.status_code == 200, answer.text[:300]
    data = answer.json()["versions"][0]["data"]
    assert data == {"children": None, "budget": "x\ufffdy"}
    assert clerk.get(f"/tasks/{DIRECTIVE}/{TASK_YT}").status_code == 200


def test_a_reminders_deep_link_opens_that_task_only(portal: Portal, engine: Engine) -> None:
    with session_scope(engine) as session:
        link = task_link(session, directive=DIRECTIVE, task=TASK_YT)
    assert link.startswith(portal.url + "/links/")
    client = portal.client()
    opened = client.get(link.removeprefix(portal.url))
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/tasks/{DIRECTIVE}/{TASK_YT}"
    me = client.get("/api/session").json()
    assert me["agency"] == "so-yt"
    assert me["limited_to"] == {"directive": DIRECTIVE, "task": TASK_YT}
    session = Session(client, me)
    refused = session.submit(TASK_YT, GOOD)  # a link names no person: it reads, never writes
    assert refused.status_code == 403
    assert "sign in with your e-mail address" in refused.json()["error"]
    page = session.get(f"/tasks/{DIRECTIVE}/{TASK_YT}").text
    assert "Liên kết trong thư nhắc việc chỉ để xem" in page
    assert 'action="/tasks/web-1-tb-vp/supply-data/so-yt/submissions"' not in page
    assert session.submit("standing/so-yt", {}).status_code == 403
    assert [t["task"] for t in session.get("/api/tasks").json()["tasks"]] == [TASK_YT]
    assert session.get("/api/review").status_code == 403
    tampered = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    assert portal.client().get(tampered.removeprefix(portal.url)).status_code == 403


def test_from_a_reminders_link_a_person_signs_in_and_comes_back_to_the_task(
    portal: Portal, engine: Engine
) -> None:
    target = f"/tasks/{DIRECTIVE}/{TASK_YT}"
    client = portal.client()
    form = client.get(f"/sign-in?next={target}").text
    assert f'name="next" value="{target}"' in form
    started = time.time()
    assert client.post("/sign-in", data={"email": HEALTH, "next": target}).status_code == 200
    link = portal.link_for(HEALTH, after=started)
    assert link.endswith("?next=%2Ftasks%2Fweb-1-tb-vp%2Fsupply-data%2Fso-yt")
    followed = client.get(link.removeprefix(portal.url))
    assert (followed.status_code, followed.headers["location"]) == (303, target)
    me = Session(client, client.get("/api/session").json())
    assert me.submit(TASK_YT, GOOD).status_code == 201
    with session_scope(engine) as session:
        event = session.scalars(select(AuditRow).where(AuditRow.action == "submit")).one()
    assert event.actor == HEALTH
    for elsewhere in ("https://evil.example/x", "//evil.example", "/tasks/../admin", "/mailbox"):
        asked = client.get("/sign-in", params={"next": elsewhere}).text
        assert 'name="next"' not in asked, elsewhere


def test_operators_read_the_mailbox_and_others_may_not(portal: Portal) -> None:
    portal.sign_in(HEALTH)
    operator = portal.sign_in(OPERATOR)
    letters = operator.get("/api/mailbox").json()["messages"]
    assert {m["to"] for m in letters} >= {HEALTH, OPERATOR}
    one = operator.get(f"/api/mailbox/{letters[0]['name']}").json()
    assert "/sign-in/" in one["body"]
    assert operator.get("/mailbox").status_code == 200
    assert portal.sign_in(ISSUER).get("/api/mailbox").status_code == 403


def test_error_pages_speak_vietnamese_and_the_extension_form_takes_a_vietnamese_date(
    portal: Portal,
) -> None:
    clerk = portal.sign_in(HEALTH)
    missing = clerk.get("/khong-co-trang-nay")
    assert missing.status_code == 404
    assert "Không tìm thấy trang này." in missing.text
    csrf = clerk.me["csrf_token"]
    long = clerk.client.post(
        f"/tasks/{DIRECTIVE}/{TASK_YT}/submissions",
        files={"note": (None, "Báo cáo chi tiết. " * 5_000)},
        data={"csrf_token": csrf},
    )
    assert long.status_code == 400
    assert "Một ô nhập quá dài (tối đa 64 KB)" in long.text
    until = local_today() + timedelta(days=40)
    path = f"/tasks/{DIRECTIVE}/{TASK_YT}/extension"
    early = {"csrf_token": csrf, "until": "01/01/2000", "reason": "Chờ số liệu"}
    refused = clerk.client.post(path, data=early)
    assert refused.status_code == 422
    assert "phải sau thời hạn hiện tại" in refused.text
    asked = {"csrf_token": csrf, "until": until.strftime("%d/%m/%Y"), "reason": "Chờ số liệu"}
    assert clerk.client.post(path, data=asked).status_code == 303
    pending = clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()["extensions"]
    assert [e["until"] for e in pending] == [until.isoformat()]
    issuer = portal.sign_in(ISSUER)
    shown = re.search(
        r'name="request" value="(\d+)"', issuer.get(f"/tasks/{DIRECTIVE}/{TASK_YT}").text
    )
    assert shown is not None
    decide = f"/tasks/{DIRECTIVE}/{TASK_YT}/extension/decision"
    other = {"csrf_token": issuer.me["csrf_token"], "approve": "yes", "request": "999999"}
    assert issuer.client.post(decide, data=other).status_code == 409
    form = {"csrf_token": issuer.me["csrf_token"], "approve": "yes", "request": shown.group(1)}
    assert issuer.client.post(decide, data=form).status_code == 303
    assert clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()["due"] == until.isoformat()


def test_the_same_form_sent_eight_times_at_once_is_one_version(portal: Portal) -> None:
    from concurrent.futures import ThreadPoolExecutor

    clerk = portal.sign_in(HEALTH)
    cookies = dict(clerk.client.cookies)

    def send(_: int) -> int:
        with httpx.Client(base_url=portal.url, cookies=cookies, timeout=30) as client:
            path = f"/api/tasks/{DIRECTIVE}/{TASK_YT}/submissions"
            return client.post(path, json={"data": GOOD}, headers=clerk.csrf).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(send, range(8)))
    assert codes == [200] * 7 + [201]
    versions = clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()["versions"]
    assert [v["version"] for v in versions] == [1]
    page = clerk.get(f"/tasks/{DIRECTIVE}/{TASK_YT}?submitted=99999").text
    assert "phiên bản 99999" not in page  # a banner only for a version that exists
